namespace Netstate.Core.Kernel;

/// <summary>What /proc/net/dev does not say about an interface: its flags, MTU and configuration, and the IPv4 address labels (eth0:1).</summary>
internal interface IInterfaceDetails
{
    /// <summary>The flags and MTU of <paramref name="name"/>, or (in <paramref name="failure"/>) why they could not be read (e.g. "Device not found").</summary>
    bool TryGet(string name, out InterfaceState flags, out int mtu, out string? failure);

    /// <summary>The interface names SIOCGIFCONF lists: one per IPv4 address, aliases such as eth0:1 included.</summary>
    IReadOnlyList<string> AddressLabels();

    /// <summary>What netstat -ie adds: link type and address, txqueuelen, I/O map and IPv4 address; <see cref="InterfaceConfiguration.Unknown"/> for a name that vanished.</summary>
    InterfaceConfiguration Configuration(string name);
}
