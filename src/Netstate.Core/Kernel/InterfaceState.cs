namespace Netstate.Core.Kernel;

/// <summary>The interface flags (IFF_*) SIOCGIFFLAGS reports (IFF_* from linux/if.h; the 16 bits of ifr_flags).</summary>
[Flags]
internal enum InterfaceState
{
    None = 0,
    Up = 0x1,
    Broadcast = 0x2,
    Debug = 0x4,
    Loopback = 0x8,
    PointToPoint = 0x10,
    NoTrailers = 0x20,
    Running = 0x40,
    NoArp = 0x80,
    Promiscuous = 0x100,
    AllMulticast = 0x200,
    Master = 0x400,
    Slave = 0x800,
    Multicast = 0x1000,
    PortSelect = 0x2000,
    AutoMedia = 0x4000,
    Dynamic = 0x8000,
}
