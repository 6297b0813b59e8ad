namespace Netstate.Core.Model;

/// <summary>
/// struct tcp_info as the kernel fills it (linux/tcp.h). Times are in microseconds unless named
/// otherwise; fields a shorter (older) kernel struct lacks stay 0, see <see cref="ReportedLength"/>.
/// </summary>
public sealed class TcpDetails
{
    /// <summary>How many bytes of tcp_info the kernel sent: newer kernels send more fields.</summary>
    public int ReportedLength { get; init; }

    /// <summary>The connection's state when tcp_info was read.</summary>
    public TcpState State { get; init; }

    /// <summary>Congestion avoidance state: 0 open, 1 disorder, 2 CWR, 3 recovery, 4 loss.</summary>
    public byte CongestionState { get; init; }

    /// <summary>Retransmission timeouts of the current segment not yet recovered.</summary>
    public byte Retransmits { get; init; }

    /// <summary>Zero-window or keepalive probes sent without an answer.</summary>
    public byte Probes { get; init; }

    /// <summary>How many times the retransmission timer has been doubled (exponential backoff).</summary>
    public byte Backoff { get; init; }

    /// <summary>TCPI_OPT_* bits: 1 timestamps, 2 SACK, 4 window scaling, 8 ECN, 16 ECN seen, 32 SYN data.</summary>
    public byte Options { get; init; }

    /// <summary>The peer's window scale shift.</summary>
    public byte SendWindowScale { get; init; }

    /// <summary>Our window scale shift.</summary>
    public byte ReceiveWindowScale { get; init; }

    /// <summary>True when the last delivery rate sample was limited by the application, not the network.</summary>
    public bool DeliveryRateAppLimited { get; init; }

    /// <summary>The retransmission timeout (RTO).</summary>
    public uint RetransmitTimeout { get; init; }

    /// <summary>The delayed-ACK timeout.</summary>
    public uint DelayedAckTimeout { get; init; }

    /// <summary>The maximum segment size for sending, in bytes.</summary>
    public uint SendMss { get; init; }

    /// <summary>The estimated maximum segment size of the peer's segments, in bytes.</summary>
    public uint ReceiveMss { get; init; }

    /// <summary>Segments sent and not yet acknowledged; for a listener, connections in the accept queue.</summary>
    public uint Unacked { get; init; }

    /// <summary>Segments selectively acknowledged (SACK); for a listener, the accept queue's limit.</summary>
    public uint Sacked { get; init; }

    /// <summary>Segments presumed lost.</summary>
    public uint Lost { get; init; }

    /// <summary>Retransmitted segments still in flight.</summary>
    public uint Retransmitted { get; init; }

    /// <summary>Milliseconds since data was last sent.</summary>
    public uint LastDataSentMs { get; init; }

    /// <summary>Milliseconds since data was last received.</summary>
    public uint LastDataReceivedMs { get; init; }

    /// <summary>Milliseconds since an ACK was last received.</summary>
    public uint LastAckReceivedMs { get; init; }

    /// <summary>The path MTU, in bytes.</summary>
    public uint PathMtu { get; init; }

    /// <summary>The receive-side slow start threshold (rcv_ssthresh), in bytes.</summary>
    public uint ReceiveSlowStartThreshold { get; init; }

    /// <summary>The smoothed round-trip time.</summary>
    public uint RoundTripTime { get; init; }

    /// <summary>The round-trip time's mean deviation.</summary>
    public uint RoundTripTimeVariance { get; init; }

    /// <summary>The slow start threshold, in segments.</summary>
    public uint SendSlowStartThreshold { get; init; }

    /// <summary>Congestion window, in segments.</summary>
    public uint CongestionWindow { get; init; }

    /// <summary>The maximum segment size advertised to the peer, in bytes.</summary>
    public uint AdvertisedMss { get; init; }

    /// <summary>How far segments may be reordered before loss is assumed, in segments.</summary>
    public uint Reordering { get; init; }

    /// <summary>The round-trip time as the receiver estimates it.</summary>
    public uint ReceiveRoundTripTime { get; init; }

    /// <summary>The receive buffer autotuning's estimate of bytes per round trip.</summary>
    public uint ReceiveSpace { get; init; }

    /// <summary>Segments retransmitted over the connection's life.</summary>
    public uint TotalRetransmits { get; init; }

    /// <summary>Bytes per second.</summary>
    public ulong PacingRate { get; init; }

    /// <summary>The pacing rate limit (SO_MAX_PACING_RATE), in bytes per second; all bits set when unlimited.</summary>
    public ulong MaxPacingRate { get; init; }

    /// <summary>Bytes the peer has acknowledged.</summary>
    public ulong BytesAcked { get; init; }

    /// <summary>Bytes received and acknowledged.</summary>
    public ulong BytesReceived { get; init; }

    /// <summary>Segments sent, pure ACKs included.</summary>
    public uint SegmentsOut { get; init; }

    /// <summary>Segments received, pure ACKs included.</summary>
    public uint SegmentsIn { get; init; }

    /// <summary>Bytes in the send queue not yet sent.</summary>
    public uint NotSentBytes { get; init; }

    /// <summary>The lowest round-trip time seen.</summary>
    public uint MinRoundTripTime { get; init; }

    /// <summary>Segments received that carried data.</summary>
    public uint DataSegmentsIn { get; init; }

    /// <summary>Segments sent that carried data.</summary>
    public uint DataSegmentsOut { get; init; }

    /// <summary>Bytes per second.</summary>
    public ulong DeliveryRate { get; init; }

    /// <summary>Time spent with data in flight.</summary>
    public ulong BusyTime { get; init; }

    /// <summary>Time the sender was held back by the peer's receive window.</summary>
    public ulong ReceiveWindowLimited { get; init; }

    /// <summary>Time the sender was held back by a full send buffer.</summary>
    public ulong SendBufferLimited { get; init; }

    /// <summary>Segments delivered to the peer, retransmissions included.</summary>
    public uint Delivered { get; init; }

    /// <summary>Delivered segments the network marked Congestion Experienced (ECN).</summary>
    public uint DeliveredCe { get; init; }

    /// <summary>Bytes sent, retransmissions included.</summary>
    public ulong BytesSent { get; init; }

    /// <summary>Bytes retransmitted.</summary>
    public ulong BytesRetransmitted { get; init; }

    /// <summary>Duplicate segments the peer reported with D-SACK (spurious retransmissions).</summary>
    public uint DsackDuplicates { get; init; }

    /// <summary>Reordering events seen.</summary>
    public uint ReorderingSeen { get; init; }

    /// <summary>Segments received out of order.</summary>
    public uint ReceiveOutOfOrderPackets { get; init; }

    /// <summary>The peer's advertised receive window, scaled, in bytes.</summary>
    public uint SendWindow { get; init; }

    /// <summary>Our advertised receive window, scaled, in bytes (Linux 6.2+).</summary>
    public uint ReceiveWindow { get; init; }

    /// <summary>PLB or timeout-triggered rehash events (Linux 6.2+).</summary>
    public uint Rehash { get; init; }

    /// <summary>RTO timeouts (Linux 6.7+).</summary>
    public ushort TotalRto { get; init; }

    /// <summary>Recoveries from retransmission timeouts (Linux 6.7+).</summary>
    public ushort TotalRtoRecoveries { get; init; }

    /// <summary>Milliseconds spent in RTO recoveries (Linux 6.7+).</summary>
    public uint TotalRtoTimeMs { get; init; }
}
