using Netstate.Core.Model;

namespace Netstate.Core.Kernel;

/// <summary>
/// What netstat -ie shows of an interface beyond flags, MTU and counters, as the SIOCGIF* ioctls
/// report it: the link-layer type and address, the transmit queue length, the device's I/O
/// resources and its IPv4 address (the one whose label is this name).
/// </summary>
/// <param name="HardwareType">The ARPHRD_* link type (linux/if_arp.h), or -1 when it could not be read.</param>
/// <param name="HardwareAddress">The sa_data bytes of SIOCGIFHWADDR (14; how many matter depends on the type).</param>
/// <param name="TxQueueLength">txqueuelen, or -1 when it could not be read.</param>
/// <param name="Map">The I/O resources of SIOCGIFMAP (all zero when there are none or it failed).</param>
/// <param name="Ipv4">The IPv4 address, or null when the name has none.</param>
internal sealed record InterfaceConfiguration(int HardwareType, byte[] HardwareAddress, int TxQueueLength, InterfaceMap Map, InterfaceIpv4Address? Ipv4)
{
    /// <summary>What an interface that vanished between two reads shows: netstat's zeroes.</summary>
    public static InterfaceConfiguration Unknown { get; } = new(-1, new byte[14], -1, default, null);
}

/// <summary>struct ifmap: interrupt, I/O base, shared memory, DMA channel and media port of a device.</summary>
internal readonly record struct InterfaceMap(ulong MemoryStart, ulong MemoryEnd, ushort BaseAddress, byte Irq, byte Dma, byte Port);

/// <summary>An interface's IPv4 address with its netmask, broadcast and point-to-point peer (null: the ioctl failed).</summary>
internal sealed record InterfaceIpv4Address(InetAddress Address, InetAddress? Netmask, InetAddress? Broadcast, InetAddress? Destination);
