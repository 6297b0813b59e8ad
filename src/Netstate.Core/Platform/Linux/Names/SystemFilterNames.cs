using System.Net;
using System.Text;
using Netstate.Core.Kernel;
using Netstate.Core.Model;
using Netstate.Core.Names;
using Netstate.Core.Platform.Linux.Interop;
using Netstate.Core.Platform.Linux.Kernel;
using Netstate.Core.Query;

namespace Netstate.Core.Platform.Linux.Names;

/// <summary>The running system's names: /etc/services, the user database, if_nametoindex, /sys/fs/cgroup, the resolver.</summary>
internal sealed record SystemFilterNames : IFilterNames
{
    /// <summary>Host names in a filter are resolved once; a dead DNS server must not hang the command (--resolve-timeout).</summary>
    public TimeSpan HostLookupLimit { get; init; } = TimeSpan.FromSeconds(2);

    private readonly Lazy<ServiceNames> _services = new(() => ServiceNames.Load());

    private readonly Lazy<CgroupPaths> _cgroups = new(() => new CgroupPaths());

    /// <summary>Where net.ipv4.ip_local_port_range is read (autobound).</summary>
    internal ProcRoot ProcRoot { get; init; } = ProcRoot.Live;

    public ushort? ServicePort(string name, ServiceTable table) => _services.Value.PortOf(name, table);

    public uint? UserId(string name) => LibcSystemNames.Instance.UserId(name);

    public unsafe uint? InterfaceIndex(string name)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(name + "\0");
        fixed (byte* pointer = bytes)
        {
            uint index = Libc.InterfaceNameToIndex(pointer);
            return index == 0 ? null : index;
        }
    }

    /// <summary>The id sock_diag reports for a cgroup path, from the one cgroup resolver.</summary>
    public ulong? CgroupId(string path) => _cgroups.Value.IdOf(path);

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
