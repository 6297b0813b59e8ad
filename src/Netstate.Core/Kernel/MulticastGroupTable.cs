using Netstate.Core.Model;

namespace Netstate.Core.Kernel;

/// <summary>What one read of the multicast memberships gave (netstat -g).</summary>
/// <param name="Memberships">The IPv4 groups, then the IPv6 groups, in the kernel's order.</param>
/// <param name="Ipv4File">Where the IPv4 memberships were read.</param>
/// <param name="Ipv4Failure">Why the IPv4 table could not be read (netstat gives up then); null when it was read or not asked for.</param>
/// <param name="Notes">Lines that were not understood.</param>
internal sealed record MulticastGroupTable(IReadOnlyList<MulticastMembership> Memberships, string Ipv4File, string? Ipv4Failure, IReadOnlyList<SourceNote> Notes);
