using Netstate.Core.Model;

namespace Netstate.Core.Kernel;

/// <summary>One line of /proc/net/if_inet6: an IPv6 address of an interface.</summary>
/// <param name="Address">The address.</param>
/// <param name="InterfaceIndex">The interface index.</param>
/// <param name="PrefixLength">The prefix length.</param>
/// <param name="Scope">The kernel's scope bits (IPV6_ADDR_*: 0 global, 0x10 host, 0x20 link, 0x40 site, 0x80 v4-compatible).</param>
/// <param name="Flags">The IFA_F_* flags (tentative, deprecated, permanent ...).</param>
/// <param name="Device">The interface name (untrusted: escape before printing).</param>
internal sealed record Ipv6InterfaceAddress(InetAddress Address, int InterfaceIndex, int PrefixLength, int Scope, int Flags, string Device);
