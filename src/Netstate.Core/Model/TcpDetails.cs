namespace Netstate.Core.Model;

/// <summary>
/// struct tcp_info as the kernel fills it (linux/tcp.h). Times are in microseconds unless named
/// otherwise; fields a shorter (older) kernel struct lacks stay 0, see <see cref="ReportedLength"/>.
/// </summary>
public sealed class TcpDetails
{
    /// <summary>How many bytes of tcp_info the kernel sent: newer kernels send more fields.</summary>
    public int ReportedLength { get; init; }

    public TcpState State { get; init; }

    /// <summary>Congestion avoidance state: 0 open, 1 disorder, 2 CWR, 3 recovery, 4 loss.</summary>
    public byte CongestionState { get; init; }

    public byte Retransmits { get; init; }

    public byte Probes { get; init; }

    public byte Backoff { get; init; }

    /// <summary>TCPI_OPT_* bits: 1 timestamps, 2 SACK, 4 window scaling, 8 ECN, 16 ECN seen, 32 SYN data.</summary>
    public byte Options { get; init; }

    public byte SendWindowScale { get; init; }

    public byte ReceiveWindowScale { get; init; }

    public bool DeliveryRateAppLimited { get; init; }

    public uint RetransmitTimeout { get; init; }

    public uint DelayedAckTimeout { get; init; }

    public uint SendMss { get; init; }

    public uint ReceiveMss { get; init; }

    public uint Unacked { get; init; }

    public uint Sacked { get; init; }

    public uint Lost { get; init; }

    public uint Retransmitted { get; init; }

    /// <summary>Milliseconds since data was last sent.</summary>
    public uint LastDataSentMs { get; init; }

    /// <summary>Milliseconds since data was last received.</summary>
    public uint LastDataReceivedMs { get; init; }

    /// <summary>Milliseconds since an ACK was last received.</summary>
    public uint LastAckReceivedMs { get; init; }

    public uint PathMtu { get; init; }

    public uint ReceiveSlowStartThreshold { get; init; }

    public uint RoundTripTime { get; init; }

    public uint RoundTripTimeVariance { get; init; }

    public uint SendSlowStartThreshold { get; init; }

    /// <summary>Congestion window, in segments.</summary>
    public uint CongestionWindow { get; init; }

    public uint AdvertisedMss { get; init; }

    public uint Reordering { get; init; }

    public uint ReceiveRoundTripTime { get; init; }

    public uint ReceiveSpace { get; init; }

    public uint TotalRetransmits { get; init; }

    /// <summary>Bytes per second.</summary>
    public ulong PacingRate { get; init; }

    public ulong MaxPacingRate { get; init; }

    public ulong BytesAcked { get; init; }

    public ulong BytesReceived { get; init; }

    public uint SegmentsOut { get; init; }

    public uint SegmentsIn { get; init; }

    public uint NotSentBytes { get; init; }

    public uint MinRoundTripTime { get; init; }

    public uint DataSegmentsIn { get; init; }

    public uint DataSegmentsOut { get; init; }

    /// <summary>Bytes per second.</summary>
    public ulong DeliveryRate { get; init; }

    public ulong BusyTime { get; init; }

    public ulong ReceiveWindowLimited { get; init; }

    public ulong SendBufferLimited { get; init; }

    public uint Delivered { get; init; }

    public uint DeliveredCe { get; init; }

    public ulong BytesSent { get; init; }

    public ulong BytesRetransmitted { get; init; }

    public uint DsackDuplicates { get; init; }

    public uint ReorderingSeen { get; init; }

    public uint ReceiveOutOfOrderPackets { get; init; }

    /// <summary>The peer's advertised receive window, scaled, in bytes.</summary>
    public uint SendWindow { get; init; }

    /// <summary>Our advertised receive window, scaled, in bytes (Linux 6.2+).</summary>
    public uint ReceiveWindow { get; init; }

    /// <summary>PLB or timeout-triggered rehash events (Linux 6.2+).</summary>
    public uint Rehash { get; init; }

    /// <summary>RTO timeouts (Linux 6.7+).</summary>
    public ushort TotalRto { get; init; }

    public ushort TotalRtoRecoveries { get; init; }

    /// <summary>Milliseconds spent in RTO recoveries (Linux 6.7+).</summary>
    public uint TotalRtoTimeMs { get; init; }
}
