namespace Netstate.Core.Model;

/// <summary>
/// What sock_diag reports beyond the basic row, filled only for the parts the query asked for.
/// One object per socket and only when details were requested, so a plain listing pays nothing.
/// Immutable: sources fill it once, when they build it.
/// </summary>
public sealed class SocketDetails
{
    /// <summary>struct tcp_info, for TCP sockets that have one (not TIME_WAIT or request sockets).</summary>
    public TcpDetails? Tcp { get; init; }

    /// <summary>The socket's buffer accounting (ss's skmem).</summary>
    public SocketMemory? Memory { get; init; }

    /// <summary>Congestion control algorithm ("cubic", "bbr").</summary>
    public string? Congestion { get; init; }

    /// <summary>TCP Vegas's own state, when the socket uses vegas (or a module reporting like it).</summary>
    public VegasDetails? Vegas { get; init; }

    /// <summary>DCTCP's own state, when the socket uses dctcp.</summary>
    public DctcpDetails? Dctcp { get; init; }

    /// <summary>BBR's model of the path, when the socket uses bbr.</summary>
    public BbrDetails? Bbr { get; init; }

    /// <summary>IPv4 type of service (IP_TOS).</summary>
    public byte? TypeOfService { get; init; }

    /// <summary>IPv6 traffic class (IPV6_TCLASS).</summary>
    public byte? TrafficClass { get; init; }

    /// <summary>Bit 0: no more receives (SHUT_RD), bit 1: no more sends (SHUT_WR).</summary>
    public byte? Shutdown { get; init; }

    /// <summary>SO_MARK; the kernel reports it only to CAP_NET_ADMIN.</summary>
    public uint? Mark { get; init; }

    /// <summary>cgroup v2 id of the socket's creator.</summary>
    public ulong? CgroupId { get; init; }

    /// <summary>IPV6_V6ONLY, for IPv6 sockets.</summary>
    public bool? V6Only { get; init; }

    /// <summary>The inode of a connected unix socket's peer.</summary>
    public ulong? PeerInode { get; init; }

    /// <summary>The protocol a raw socket was opened with.</summary>
    public byte? RawProtocol { get; init; }
}

/// <summary>sk_meminfo: the socket's buffer accounting in bytes (what ss prints as skmem:(...)).</summary>
public sealed record SocketMemory(
    uint ReceiveAllocated, uint ReceiveBuffer, uint SendAllocated, uint SendBuffer,
    uint ForwardAllocated, uint SendQueued, uint OptionMemory, uint Backlog, uint Drops);

/// <summary>struct tcpvegas_info: Vegas's RTT samples (microseconds).</summary>
public sealed record VegasDetails(bool Enabled, uint RttCount, uint Rtt, uint MinRtt);

/// <summary>struct tcp_dctcp_info: DCTCP's ECN-marking estimate.</summary>
public sealed record DctcpDetails(bool Enabled, ushort CeState, uint Alpha, uint AckedBytesEcn, uint AckedBytesTotal);

/// <summary>struct tcp_bbr_info: BBR's bandwidth estimate (bytes per second), minimum RTT (microseconds) and gains (fixed point, 256 = 1.0).</summary>
public sealed record BbrDetails(ulong Bandwidth, uint MinRtt, uint PacingGain, uint CwndGain);
