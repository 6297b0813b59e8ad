using Netstate.Core.Model;

namespace Netstate.Core.Kernel;

/// <summary>One line of /proc/net/ipv6_route. The counters are printed by the kernel as %08x.</summary>
internal sealed record Ipv6Route(
    InetAddress Destination,
    int PrefixLength,
    InetAddress Source,
    int SourcePrefixLength,
    InetAddress NextHop,
    uint Metric,
    uint RefCount,
    uint Use,
    RouteFlags Flags,
    string Interface);
