using System.Globalization;
using System.Net;
using System.Text;
using Netstate.Core.Interop;
using Netstate.Core.Kernel;
using Netstate.Core.Model;
using Netstate.Core.Names;
using Netstate.Core.Sources.Linux;

namespace Netstate.Core.Query;

/// <summary>
/// The outside facts a filter's values are resolved against once, at parse time: service names,
/// users, interfaces, cgroups, host names and the ephemeral port range. Tests substitute their own.
/// </summary>
internal interface IFilterNames
{
    /// <summary>The port of a service name for TCP or UDP; null when unknown.</summary>
    ushort? ServicePort(string name, ServiceTable table);

    uint? UserId(string name);

    /// <summary>The interface index of a device name in this network namespace; null when there is none.</summary>
    uint? InterfaceIndex(string name);

    /// <summary>The cgroup v2 id of a path below the cgroup2 mount; null when it does not exist.</summary>
    ulong? CgroupId(string path);

    /// <summary>
    /// The addresses a host name resolves to; empty when it does not resolve. Throws
    /// <see cref="TimeoutException"/> when the resolver gives no answer in time.
    /// </summary>
    IReadOnlyList<InetAddress> HostAddresses(string name);

    /// <summary>net.ipv4.ip_local_port_range: the ports the kernel picks for unbound sockets.</summary>
    (ushort Low, ushort High) EphemeralPorts { get; }
}

/// <summary>The running system's names: /etc/services, the user database, if_nametoindex, /sys/fs/cgroup, the resolver.</summary>
internal sealed record SystemFilterNames : IFilterNames
{
    /// <summary>Host names in a filter are resolved once; a dead DNS server must not hang the command (--resolve-timeout).</summary>
    public TimeSpan HostLookupLimit { get; init; } = TimeSpan.FromSeconds(2);

    private readonly Lazy<ServiceNames> _services = new(() => ServiceNames.Load());

    public string CgroupRoot { get; init; } = "/sys/fs/cgroup";

    /// <summary>Where net.ipv4.ip_local_port_range is read (autobound).</summary>
    public ProcRoot ProcRoot { get; init; } = new(ProcRoot.DefaultPath);

    public ushort? ServicePort(string name, ServiceTable table) => _services.Value.PortOf(name, table);

    public uint? UserId(string name) => UserNames.IdOf(name);

    public unsafe uint? InterfaceIndex(string name)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(name + "\0");
        fixed (byte* pointer = bytes)
        {
            uint index = Libc.InterfaceNameToIndex(pointer);
            return index == 0 ? null : index;
        }
    }

    /// <summary>On cgroup v2 the id sock_diag reports is the cgroup directory's inode number.</summary>
    public unsafe ulong? CgroupId(string path)
    {
        string full = CgroupRoot + "/" + path.TrimStart('/');
        byte[] bytes = Encoding.UTF8.GetBytes(full + "\0");
        byte* buffer = stackalloc byte[Libc.StatXSize];
        fixed (byte* pointer = bytes)
        {
            if (Libc.StatX(Libc.AT_FDCWD, pointer, 0, Libc.STATX_INO, buffer) != 0)
                return null;
        }
        return *(ulong*)(buffer + Libc.StatXInodeOffset);
    }

    public IReadOnlyList<InetAddress> HostAddresses(string name)
    {
        try
        {
            Task<IPAddress[]> lookup = Dns.GetHostAddressesAsync(name);
            if (!lookup.Wait(HostLookupLimit))
                throw new TimeoutException($"host '{name}' got no answer from the resolver in {HostLookupLimit.TotalSeconds:0.###} s");
            return lookup.Result.Where(a => a.AddressFamily is System.Net.Sockets.AddressFamily.InterNetwork or System.Net.Sockets.AddressFamily.InterNetworkV6)
                .Select(InetAddress.FromIPAddress).ToArray();
        }
        catch (AggregateException)
        {
            return [];
        }
    }

    /// <summary>ip_local_port_range, or ss's fallback (1024-4999) when it cannot be read.</summary>
    public (ushort Low, ushort High) EphemeralPorts =>
        PortRange.Parse(new SysctlReader(ProcRoot).Read(TcpSettings.LocalPortRange).Text) is PortRange range
            ? ((ushort)range.First, (ushort)range.Last)
            : ((ushort)1024, (ushort)4999);
}
