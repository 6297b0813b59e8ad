namespace Netstate.Core.Model;

/// <summary>
/// What sock_diag reports beyond the basic row, filled only for the parts the query asked for.
/// One object per socket and only when details were requested, so a plain listing pays nothing.
/// </summary>
public sealed class SocketDetails
{
    /// <summary>struct tcp_info, for TCP sockets that have one (not TIME_WAIT or request sockets).</summary>
    public TcpDetails? Tcp { get; set; }

    /// <summary>Socket memory accounting (skmem); null unless asked for.</summary>
    public SocketMemory? Memory { get; set; }

    /// <summary>Congestion control algorithm ("cubic", "bbr").</summary>
    public string? Congestion { get; set; }

    /// <summary>TCP Vegas's own state, when the socket uses vegas (or a module reporting like it).</summary>
    public VegasDetails? Vegas { get; set; }

    /// <summary>DCTCP's own state, when the socket uses dctcp.</summary>
    public DctcpDetails? Dctcp { get; set; }

    /// <summary>BBR's model of the path, when the socket uses bbr.</summary>
    public BbrDetails? Bbr { get; set; }

    /// <summary>The IPv4 type-of-service byte; null when not reported.</summary>
    public byte? TypeOfService { get; set; }

    /// <summary>The IPv6 traffic class; null when not reported.</summary>
    public byte? TrafficClass { get; set; }

    /// <summary>Bit 0: no more receives (SHUT_RD), bit 1: no more sends (SHUT_WR).</summary>
    public byte? Shutdown { get; set; }

    /// <summary>SO_MARK; the kernel reports it only to CAP_NET_ADMIN.</summary>
    public uint? Mark { get; set; }

    /// <summary>cgroup v2 id of the socket's creator.</summary>
    public ulong? CgroupId { get; set; }

    /// <summary>IPV6_V6ONLY, for IPv6 sockets.</summary>
    public bool? V6Only { get; set; }

    /// <summary>The inode of a connected unix socket's peer.</summary>
    public ulong? PeerInode { get; set; }

    /// <summary>The protocol a raw socket was opened with.</summary>
    public byte? RawProtocol { get; set; }
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
