namespace Netstate.Core.Kernel;

/// <summary>The RTF_* bits of a route, as /proc/net/route and /proc/net/ipv6_route print them (linux/route.h, linux/ipv6_route.h).</summary>
[Flags]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "The kernel and netstat call them route flags (RTF_*, the Flags column).")]
internal enum RouteFlags : uint
{
    None = 0,
    Up = 0x0001,
    Gateway = 0x0002,
    Host = 0x0004,
    Reinstate = 0x0008,
    Dynamic = 0x0010,
    Modified = 0x0020,
    Mtu = 0x0040,
    Window = 0x0080,
    InitialRtt = 0x0100,
    Reject = 0x0200,
    NotCached = 0x0400,
    Default = 0x0001_0000,
    AllOnLink = 0x0002_0000,
    AddrConf = 0x0004_0000,
    NoNextHop = 0x0020_0000,
    Expires = 0x0040_0000,
    Cache = 0x0100_0000,
    Flow = 0x0200_0000,
    Policy = 0x0400_0000,
    Local = 0x8000_0000,
}
