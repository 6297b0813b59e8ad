namespace Netstate.Core.Model;

/// <summary>What a source is asked for: which tables, which TCP states, and which extra details.</summary>
/// <param name="Tables">The protocol and family tables to read.</param>
public sealed record SocketQuery(SocketTables Tables)
{
    /// <summary>TCP sockets outside this set are not returned (netlink filters them in the kernel).</summary>
    public TcpStateSet TcpStates { get; init; } = TcpStateSet.All;

    /// <summary>The details beyond the basic row that a renderer will read.</summary>
    public SocketDetail Details { get; init; }

    /// <summary>
    /// The filter the caller applies to what the source returns. A source may use it to skip
    /// sockets early (netlink hands what it can to the kernel as inet_diag bytecode), but may also
    /// return sockets that do not pass: the caller still evaluates the whole filter.
    /// </summary>
    public Query.SocketFilter? Filter { get; init; }

    /// <summary>
    /// When set, entries are handed to it as they are read, table by table in
    /// <see cref="SocketTableInfo.Ordered"/> order, and the result's list leaves them out: a listing
    /// of 200,000 sockets then never holds them all (<see cref="SocketReader.Read(Action{Owners.OwnerMap?}, Action{SocketEntry})"/>).
    /// A source that cannot stream returns its entries as usual; the reader hands those over too.
    /// </summary>
    public Action<SocketEntry>? Each { get; init; }

    /// <summary>
    /// Receive each table's whole netlink dump before parsing any of it, so the kernel produces it
    /// while the caller does other work (the owner scan, which <see cref="Each"/> waits for) rather
    /// than stalling on a full socket buffer. Costs the dump's bytes in memory; other sources ignore it.
    /// </summary>
    internal bool ReceiveWhole { get; init; }
}

/// <summary>Optional parts of a socket's description; each costs kernel work, so only asked for when shown.</summary>
[Flags]
public enum SocketDetail
{
    /// <summary>The basic row only.</summary>
    None = 0,
    /// <summary>struct tcp_info: rtt, cwnd, retransmits, rates (netlink only).</summary>
    TcpInfo = 1 << 0,
    /// <summary>The socket's memory accounting, skmem (netlink only).</summary>
    Memory = 1 << 1,
    /// <summary>The congestion control algorithm's name (netlink only).</summary>
    Congestion = 1 << 2,
    /// <summary>TOS and IPv6 traffic class (netlink only).</summary>
    TypeOfService = 1 << 3,
    /// <summary>Shutdown state, firewall mark, cgroup id, IPV6_V6ONLY; unix peer inode (netlink only).</summary>
    Extras = 1 << 4,
    /// <summary>The unix RefCnt column netstat prints: only /proc/net/unix has it.</summary>
    UnixRefCount = 1 << 5,
    /// <summary>
    /// Exact retransmit and probe counts for every TCP timer (netstat -o). They come from tcp_info,
    /// but only those two bytes are kept: no <see cref="TcpDetails"/> is built per socket.
    /// </summary>
    TcpCounters = 1 << 6,
    /// <summary>The congestion control module's own state: Vegas's RTT, DCTCP's alpha, BBR's bandwidth (netlink only).</summary>
    CongestionModule = 1 << 7,
    /// <summary>
    /// The few tcp_info figures a live view shows (rtt, bytes acked and received) and the retransmit
    /// and probe counts, kept in a small <see cref="TcpFigures"/> on the entry instead of a whole
    /// <see cref="TcpDetails"/> (netlink only; TCP only).
    /// </summary>
    TcpFigures = 1 << 8,
}
