using Netstate.Core.Kernel;

namespace Netstate.Core.Diagnosis;

/// <summary>
/// The kernel counters and settings the rules read, sampled at one moment. Counters are cumulative
/// since the network namespace was created; null means the kernel did not report the value.
/// </summary>
internal sealed record KernelFigures
{
    /// <summary>TcpExt ListenOverflows: a completed handshake found the accept queue full.</summary>
    public long? ListenOverflows { get; init; }

    /// <summary>TcpExt ListenDrops: SYNs or handshakes dropped at a listener, for any reason.</summary>
    public long? ListenDrops { get; init; }

    /// <summary>TcpExt SyncookiesSent: the SYN queue was full (or cookies forced) and a cookie was answered.</summary>
    public long? SyncookiesSent { get; init; }

    /// <summary>TcpExt TCPTimeWaitOverflow: TIME_WAIT sockets not created because tcp_max_tw_buckets was reached.</summary>
    public long? TimeWaitOverflows { get; init; }

    /// <summary>Tcp RetransSegs.</summary>
    public long? RetransmittedSegments { get; init; }

    /// <summary>Tcp OutSegs (includes retransmissions).</summary>
    public long? SentSegments { get; init; }

    /// <summary>sockstat "TCP: orphan": sockets no process holds any more that are still closing.</summary>
    public long? OrphanedSockets { get; init; }

    /// <summary>net.ipv4.tcp_max_orphans (only in the initial network namespace).</summary>
    public long? MaxOrphans { get; init; }

    /// <summary>net.ipv4.tcp_max_tw_buckets.</summary>
    public long? MaxTimeWaitBuckets { get; init; }

    /// <summary>net.ipv4.tcp_max_syn_backlog.</summary>
    public long? MaxSynBacklog { get; init; }

    /// <summary>net.ipv4.tcp_syncookies: 0 off, 1 when the SYN queue overflows, 2 always.</summary>
    public long? Syncookies { get; init; }

    /// <summary>net.ipv4.tcp_tw_reuse: 0 off, 1 on, 2 loopback only.</summary>
    public long? TimeWaitReuse { get; init; }

    /// <summary>net.core.somaxconn.</summary>
    public long? MaxListenBacklog { get; init; }

    /// <summary>net.ipv4.tcp_fin_timeout in seconds.</summary>
    public long? FinTimeout { get; init; }

    /// <summary>net.ipv4.ip_local_port_range: the ephemeral ports outgoing connections pick from.</summary>
    public PortRange? LocalPortRange { get; init; }
}
