namespace Netstate.Core.Diagnosis;

/// <summary>
/// Where the rules draw their lines. The defaults suit a production server: CLOSE_WAIT and orphans
/// should be transient, so a few dozen that stay are already a pattern; queues are judged against
/// the limits the kernel itself enforces.
/// </summary>
internal sealed record DoctorThresholds
{
    /// <summary>CLOSE_WAIT sockets held by one process before it counts as a leak.</summary>
    public int CloseWaitPerProcess { get; init; } = 10;

    /// <summary>... and before the leak is critical (a process runs out of descriptors eventually).</summary>
    public int CloseWaitPerProcessCritical { get; init; } = 1000;

    /// <summary>Share of the ephemeral port range used towards one destination (warning, critical).</summary>
    public double PortRangeShare { get; init; } = 0.5;

    public double PortRangeShareCritical { get; init; } = 0.8;

    /// <summary>Share of tcp_max_tw_buckets in use before TIME_WAIT sockets are about to be dropped.</summary>
    public double TimeWaitBucketShare { get; init; } = 0.8;

    /// <summary>Half-open connections (SYN_RECV) before they count as piling up.</summary>
    public int SynRecv { get; init; } = 100;

    /// <summary>Orphaned closing sockets (FIN_WAIT1, FIN_WAIT2, CLOSING, LAST_ACK) before they count as many.</summary>
    public int Orphans { get; init; } = 100;

    /// <summary>Share of tcp_max_orphans in use (warning); the kernel resets orphans beyond it.</summary>
    public double OrphanShare { get; init; } = 0.5;

    /// <summary>Retransmitted share of sent segments (warning, critical), judged only over enough segments.</summary>
    public double RetransmitShare { get; init; } = 0.02;

    public double RetransmitShareCritical { get; init; } = 0.1;

    public long RetransmitMinimumSegments { get; init; } = 1000;

    /// <summary>Unread bytes on one connection that count as large whatever the buffer.</summary>
    public ulong UnreadBytes { get; init; } = 4 << 20;

    /// <summary>Unread bytes worth a look when they also fill the receive buffer (the peer is then stalled).</summary>
    public ulong UnreadBytesWithFullBuffer { get; init; } = 64 << 10;
}
