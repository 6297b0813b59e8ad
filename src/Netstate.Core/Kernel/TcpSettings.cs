namespace Netstate.Core.Kernel;

/// <summary>
/// The sysctls that govern the TCP states: the catalogue that explanations refer to and that
/// <see cref="SysctlReader"/> reads. Facts follow Documentation/networking/ip-sysctl.rst and the
/// kernel's TCP code, not folklore.
/// </summary>
internal static class TcpSettings
{
    public static readonly KernelSetting FinTimeout = new("net.ipv4.tcp_fin_timeout",
        "Seconds an orphaned connection (one its program has already closed) waits in FIN_WAIT2 for the peer's FIN before the kernel drops it. Sockets still held by a program are not affected, and it has nothing to do with TIME_WAIT.",
        "60");

    public static readonly KernelSetting MaxTwBuckets = new("net.ipv4.tcp_max_tw_buckets",
        "The most TIME_WAIT entries kept at once. Past it, a closing connection skips TIME_WAIT and the kernel logs 'time wait bucket table overflow'. A safety limit, not a tuning knob.",
        "depends on memory");

    public static readonly KernelSetting TwReuse = new("net.ipv4.tcp_tw_reuse",
        "Whether connect() may take over the address and port pair of a connection in TIME_WAIT when TCP timestamps prove the new one is newer: 0 never, 1 always, 2 for loopback only. It affects outgoing connections only.",
        "2");

    public static readonly KernelSetting TwReuseDelay = new("net.ipv4.tcp_tw_reuse_delay",
        "Milliseconds a TIME_WAIT entry must have existed before tcp_tw_reuse may hand its address and port pair to a new outgoing connection (newer kernels only).",
        "1000");

    public static readonly KernelSetting Timestamps = new("net.ipv4.tcp_timestamps",
        "Whether TCP timestamps are used. tcp_tw_reuse relies on them to tell a new connection from an old one.",
        "1");

    public static readonly KernelSetting LocalPortRange = new("net.ipv4.ip_local_port_range",
        "The first and last port the kernel picks for outgoing connections (and bind() to port 0). With one destination address and port, at most this many connections, TIME_WAIT included, can exist at once.",
        "32768 60999");

    public static readonly KernelSetting SynCookies = new("net.ipv4.tcp_syncookies",
        "0 off; 1 answer with SYN cookies (no state kept) once a listener's queue of half-open connections is full; 2 always use cookies. Protects listeners against SYN floods.",
        "1");

    public static readonly KernelSetting MaxSynBacklog = new("net.ipv4.tcp_max_syn_backlog",
        "Per listener: with SYN cookies off, new SYNs from unknown peers are dropped once the half-open (SYN_RECV) queue holds more than three quarters of this number. The queue is also limited by the listen() backlog.",
        "depends on memory (at least 128)");

    public static readonly KernelSetting SoMaxConn = new("net.core.somaxconn",
        "The largest backlog listen() may ask for: the cap on a listener's accept queue of finished handshakes waiting for accept().",
        "4096 (128 before Linux 5.4)");

    public static readonly KernelSetting MaxOrphans = new("net.ipv4.tcp_max_orphans",
        "The most orphaned connections (closed by their program, still finishing in FIN_WAIT1, FIN_WAIT2, CLOSING or LAST_ACK) kept at once; past it, orphans are reset and the kernel logs 'too many orphaned sockets'. A global setting: inside a container's network namespace the file does not exist.",
        "depends on memory", PerNamespace: false);

    public static readonly KernelSetting OrphanRetries = new("net.ipv4.tcp_orphan_retries",
        "How many times an orphaned connection resends an unanswered segment (usually its FIN) before giving up. 0 means the built-in default of 8.",
        "0 (meaning 8)");

    public static readonly KernelSetting KeepaliveTime = new("net.ipv4.tcp_keepalive_time",
        "Seconds of silence before the first keepalive probe, for sockets whose program turned on SO_KEEPALIVE. Without SO_KEEPALIVE no probes are ever sent.",
        "7200");

    public static readonly KernelSetting KeepaliveInterval = new("net.ipv4.tcp_keepalive_intvl",
        "Seconds between unanswered keepalive probes.",
        "75");

    public static readonly KernelSetting KeepaliveProbes = new("net.ipv4.tcp_keepalive_probes",
        "Unanswered keepalive probes after which the connection is declared dead and reset.",
        "9");

    public static readonly KernelSetting SynAckRetries = new("net.ipv4.tcp_synack_retries",
        "How many times a server resends its SYN-ACK when the final ACK of the handshake does not come; 5 means giving up after about 63 s.",
        "5");

    public static readonly KernelSetting SynRetries = new("net.ipv4.tcp_syn_retries",
        "How many times connect() resends its SYN when nothing answers; 6 means giving up after about 127 s (programs often stop waiting sooner).",
        "6");

    public static readonly KernelSetting Retries2 = new("net.ipv4.tcp_retries2",
        "How many times unacknowledged data (or a FIN) of a connection that is still held by its program is resent before the connection is dropped; 15 means roughly 15 minutes.",
        "15");

    public static readonly KernelSetting AbortOnOverflow = new("net.ipv4.tcp_abort_on_overflow",
        "What a listener does when its accept queue is full and a handshake completes: 0 ignore the final ACK (the client retries and usually gets in later), 1 answer with a reset.",
        "0");

    /// <summary>Every setting in the catalogue, in the order they are usually discussed.</summary>
    public static IReadOnlyList<KernelSetting> All { get; } =
    [
        FinTimeout, MaxTwBuckets, TwReuse, TwReuseDelay, Timestamps, LocalPortRange, SynCookies, MaxSynBacklog, SoMaxConn,
        MaxOrphans, OrphanRetries, KeepaliveTime, KeepaliveInterval, KeepaliveProbes, SynAckRetries, SynRetries, Retries2,
        AbortOnOverflow,
    ];

    /// <summary>
    /// Settings that articles still recommend but that no longer exist, with the kernel that removed
    /// them; explanations name them only to say so.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Removed { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["net.ipv4.tcp_tw_recycle"] = "Linux 4.12",
    };

    /// <summary>The setting with this dotted or short name (<c>tcp_fin_timeout</c>, <c>somaxconn</c>); null if not catalogued.</summary>
    public static KernelSetting? Find(string name)
    {
        foreach (KernelSetting setting in All)
        {
            if (setting.Name == name || setting.ShortName == name)
                return setting;
        }
        return null;
    }
}
