using System.Net;
using System.Net.Sockets;
using Netstate.Core.Model;
using Netstate.Core.Names;
using Netstate.Core.Query;

namespace Netstate.Core.Platform.Windows;

/// <summary>
/// The names a filter may use on Windows: host names (through the system resolver) and the dynamic
/// port range. Service, user, interface and cgroup names have no Windows lookup here yet: such a
/// filter is refused as an unknown name, and numbers always work.
/// </summary>
internal sealed class WindowsFilterNames : IFilterNames
{
    /// <summary>How long a host name may take to resolve.</summary>
    public TimeSpan HostLookupLimit { get; init; } = TimeSpan.FromSeconds(2);

    public ushort? ServicePort(string name, ServiceTable table) => null;

    public uint? UserId(string name) => null;

    public uint? InterfaceIndex(string name) => null;

    public ulong? CgroupId(string path) => null;

    public IReadOnlyList<InetAddress> HostAddresses(string name)
    {
        try
        {
            Task<IPAddress[]> lookup = Dns.GetHostAddressesAsync(name);
            return lookup.Wait(HostLookupLimit) ? lookup.Result.Select(InetAddress.FromIPAddress).ToArray() : [];
        }
        catch (AggregateException e) when (e.InnerException is SocketException or ArgumentException)
        {
            return [];
        }
    }

    /// <summary>Windows' default dynamic port range (49152-65535, since Vista); netsh can change it, which this does not read.</summary>
    public (ushort Low, ushort High) EphemeralPorts => (49152, 65535);
}
