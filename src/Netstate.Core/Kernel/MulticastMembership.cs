using Netstate.Core.Model;

namespace Netstate.Core.Kernel;

/// <summary>One multicast group joined on one interface (/proc/net/igmp or /proc/net/igmp6).</summary>
/// <param name="Device">The interface name, as the kernel wrote it (untrusted: escape before printing).</param>
/// <param name="RefCount">How many sockets (or kernel users) hold the membership.</param>
/// <param name="Group">The group address.</param>
internal sealed record MulticastMembership(string Device, int RefCount, InetAddress Group);
