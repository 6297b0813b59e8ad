using Netstate.Core.Model;
using Netstate.Core.Names;

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

    /// <summary>The addresses a host name resolves to; empty when it does not resolve.</summary>
    IReadOnlyList<InetAddress> HostAddresses(string name);

    /// <summary>net.ipv4.ip_local_port_range: the ports the kernel picks for unbound sockets.</summary>
    (ushort Low, ushort High) EphemeralPorts { get; }
}
