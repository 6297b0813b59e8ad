using Netstate.Core.Model;

namespace Netstate.Core.Kernel;

/// <summary>
/// One direction of a tracked connection as the kernel keys it (struct nf_conntrack_tuple): the
/// addresses and the 16-bit protocol identifiers. <see cref="SourcePort"/> holds the source port
/// (TCP, UDP, UDP-Lite, SCTP, DCCP), the ICMP echo id, or the GRE source key;
/// <see cref="DestinationPort"/> the destination port or GRE destination key (0 for ICMP, whose
/// type and code are kept apart).
/// </summary>
internal readonly record struct ConntrackTuple(InetAddress Source, InetAddress Destination, ushort SourcePort, ushort DestinationPort)
{
    public byte IcmpType { get; init; }

    public byte IcmpCode { get; init; }
}

/// <summary>The status words /proc/net/nf_conntrack shows in brackets.</summary>
[Flags]
internal enum ConntrackStatus
{
    None = 0,
    /// <summary>[UNREPLIED]: no packet seen in the reply direction yet.</summary>
    Unreplied = 1,
    /// <summary>[ASSURED]: seen both ways; not dropped early when the table is full.</summary>
    Assured = 2,
    /// <summary>[OFFLOAD]: handed to the software flow table; no timeout is printed.</summary>
    Offload = 4,
    /// <summary>[HW_OFFLOAD]: handed to the hardware flow table.</summary>
    HardwareOffload = 8,
}

/// <summary>Packet and byte counters of one direction (only when net.netfilter.nf_conntrack_acct is on).</summary>
internal readonly record struct ConntrackCounters(ulong Packets, ulong Bytes);

/// <summary>
/// One line of /proc/net/nf_conntrack: a connection the kernel tracks in this network namespace,
/// with its original tuple (as the first packet had it) and its reply tuple (what a reply must look
/// like). NAT shows as a reply tuple that is not the original reversed.
/// </summary>
internal sealed class ConntrackEntry
{
    /// <summary>"ipv4" or "ipv6" (the kernel's l3proto name).</summary>
    public required string FamilyName { get; init; }

    /// <summary>The address family number: 2 (AF_INET) or 10 (AF_INET6).</summary>
    public int FamilyNumber { get; init; }

    /// <summary>"tcp", "udp", "icmp", "icmpv6", "udplite", "sctp", "dccp", "gre" or "unknown".</summary>
    public required string ProtocolName { get; init; }

    /// <summary>The IP protocol number (6 for TCP, 17 for UDP, ...).</summary>
    public int ProtocolNumber { get; init; }

    /// <summary>Seconds until the entry expires; null for offloaded entries, which have no timeout.</summary>
    public long? TimeoutSeconds { get; init; }

    /// <summary>The protocol's state (TCP ESTABLISHED, SCTP COOKIE_WAIT, ...); null for stateless protocols.</summary>
    public string? State { get; init; }

    public ConntrackTuple Original { get; init; }

    public ConntrackTuple Reply { get; init; }

    public ConntrackStatus Status { get; init; }

    /// <summary>The connection mark; null when the kernel has no CONFIG_NF_CONNTRACK_MARK.</summary>
    public uint? Mark { get; init; }

    /// <summary>The conntrack zone for both directions (zone=), null when the zone is per direction or not shown.</summary>
    public ushort? Zone { get; init; }

    /// <summary>zone-orig=, a zone that applies to the original direction only.</summary>
    public ushort? OriginalZone { get; init; }

    /// <summary>zone-reply=, a zone that applies to the reply direction only.</summary>
    public ushort? ReplyZone { get; init; }

    /// <summary>The reference count (use=).</summary>
    public uint Use { get; init; }

    public ConntrackCounters? OriginalCounters { get; init; }

    public ConntrackCounters? ReplyCounters { get; init; }

    /// <summary>The security context (secctx=), untrusted text.</summary>
    public string? SecurityContext { get; init; }

    /// <summary>True for ICMP and ICMPv6, whose tuples carry an echo id instead of ports.</summary>
    public bool IsIcmp => ProtocolNumber is 1 or 58;

    /// <summary>Source NAT (SNAT, masquerade): replies go to another address or port than the sender used.</summary>
    public bool IsSourceNat => Reply.Destination != Original.Source
        || (IsIcmp ? Reply.SourcePort != Original.SourcePort : Reply.DestinationPort != Original.SourcePort);

    /// <summary>Destination NAT (DNAT, port forwarding): replies come from another address or port than the sender addressed.</summary>
    public bool IsDestinationNat => Reply.Source != Original.Destination
        || (!IsIcmp && Reply.SourcePort != Original.DestinationPort);

    public bool IsNat => IsSourceNat || IsDestinationNat;
}
