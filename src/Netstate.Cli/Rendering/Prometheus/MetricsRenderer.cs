using System.Globalization;
using Netstate.Cli.Serve;
using Netstate.Core.Aggregation;
using Netstate.Core.Diagnosis;
using Netstate.Core.Model;
using Netstate.Core.Vocabulary;

namespace Netstate.Cli.Rendering.Prometheus;

/// <summary>
/// <c>/metrics</c>: one reading as Prometheus metrics (docs/metrics in the README). Per-port and
/// per-process series are bounded: the <c>top</c> largest, then one <c>other</c> series with the rest.
/// </summary>
internal static class MetricsRenderer
{
    /// <summary>node_exporter's states of node_tcp_connection_states, in its order; its labels are netstat's names in lower case.</summary>
    private static readonly TcpState[] NodeExporterStates =
    [
        TcpState.Established, TcpState.SynSent, TcpState.SynRecv, TcpState.FinWait1, TcpState.FinWait2, TcpState.TimeWait,
        TcpState.Close, TcpState.CloseWait, TcpState.LastAck, TcpState.Listen, TcpState.Closing,
    ];

    private static readonly Severity[] Severities = [Severity.Info, Severity.Warning, Severity.Critical];

    /// <summary>
    /// The metrics that depend on the reading alone: rendered once per reading and shared by every
    /// scrape of it (<see cref="RenderScrape"/> adds what differs per scrape).
    /// </summary>
    /// <param name="reading">The reading to describe.</param>
    /// <param name="top">How many per-port and per-process series to keep before "other".</param>
    public static string RenderReading(LiveReading reading, int top)
    {
        var metrics = new ExpositionWriter();
        WriteReading(metrics, reading, top);
        return metrics.ToString();
    }

    /// <summary>What <see cref="RenderReading"/> renders, to any writer (the OTLP push uses the same metrics).</summary>
    public static void WriteReading(IMetricWriter metrics, LiveReading reading, int top)
    {
        IReadOnlyList<SocketEntry> entries = reading.Snapshot.Entries;
        SocketSummary summary = SocketSummary.Count(entries);

        metrics.Family("netstate_tcp_connection_states", "gauge", "TCP sockets per state, as node_exporter's node_tcp_connection_states counts them (both address families).");
        foreach (TcpState state in NodeExporterStates)
            metrics.Sample("netstate_tcp_connection_states", summary.Count(state), ("state", StateLabel(state)));

        metrics.Family("netstate_sockets", "gauge", "Sockets per protocol and address family.");
        foreach (Protocol protocol in Enum.GetValues<Protocol>())
        {
            foreach (Family family in protocol == Protocol.Unix ? [Family.Unix] : (Family[])[Family.Inet, Family.Inet6])
                metrics.Sample("netstate_sockets", summary.Count(protocol, family), ("protocol", ProtocolText.Of(protocol, Dialect.Filter)), ("family", ProtocolText.Of(family)));
        }

        WriteQueues(metrics, entries);
        WriteListeners(metrics, entries, top);
        WriteLocalPorts(metrics, entries, top);
        WriteProcesses(metrics, reading, top);
        WriteKernel(metrics, reading.Kernel);
        WriteFindings(metrics, reading.Findings);

        metrics.Family("netstate_reading_duration_seconds", "gauge", "How long the reading of sockets, counters and doctor's rules took (the owner scan apart).");
        metrics.Sample("netstate_reading_duration_seconds", reading.Duration.TotalSeconds);
        metrics.Family("netstate_owner_scan_duration_seconds", "gauge", "How long the owner scan this reading's owners come from took (every process's descriptors).");
        metrics.Sample("netstate_owner_scan_duration_seconds", reading.Owners.Duration.TotalSeconds);
        metrics.Family("netstate_readings_total", "counter", "Readings of the kernel since the server started.");
        metrics.Sample("netstate_readings_total", reading.Sequence);
    }

    /// <summary>The samples of one scrape: the reading's age and its owners', failures so far, and how long this scrape took.</summary>
    /// <param name="reading">The reading the scrape got.</param>
    /// <param name="readings">The reader, for its failure count.</param>
    /// <param name="scrapeStarted">When this scrape arrived (Stopwatch timestamp).</param>
    public static string RenderScrape(LiveReading reading, LiveReadings readings, long scrapeStarted)
    {
        var metrics = new ExpositionWriter();
        WriteScrape(metrics, reading, readings, scrapeStarted);
        return metrics.ToString();
    }

    /// <summary>What <see cref="RenderScrape"/> renders, to any writer.</summary>
    public static void WriteScrape(IMetricWriter metrics, LiveReading reading, LiveReadings readings, long scrapeStarted)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        metrics.Family("netstate_reading_age_seconds", "gauge", "How old the reading this scrape describes is (readings are shared for --interval).");
        metrics.Sample("netstate_reading_age_seconds", Math.Max(0, (now - reading.Snapshot.TakenAt).TotalSeconds));
        metrics.Family("netstate_owners_age_seconds", "gauge", "How old the owner scan of this reading is (scans are shared for --owners-interval).");
        metrics.Sample("netstate_owners_age_seconds", Math.Max(0, (now - reading.Owners.TakenAt).TotalSeconds));
        metrics.Family("netstate_reading_failures_total", "counter", "Readings that failed since the server started.");
        metrics.Sample("netstate_reading_failures_total", readings.ReadsFailed);
        metrics.Family("netstate_owner_scan_failures_total", "counter", "Owner scans that failed since the server started (readings kept the scan before).");
        metrics.Sample("netstate_owner_scan_failures_total", readings.OwnerScansFailed);
        metrics.Family("netstate_scrape_duration_seconds", "gauge", "How long this scrape took, waiting for a reading included.");
        metrics.Sample("netstate_scrape_duration_seconds", System.Diagnostics.Stopwatch.GetElapsedTime(scrapeStarted).TotalSeconds);
    }

    /// <summary>node_exporter's label: netstat's state name in lower case (established, syn_recv, fin_wait1 ...).</summary>
    public static string StateLabel(TcpState state) => TcpStateText.Name(state, Dialect.Netstat).ToLowerInvariant();

    private static void WriteQueues(IMetricWriter metrics, IReadOnlyList<SocketEntry> entries)
    {
        ulong received = 0, sent = 0;
        foreach (SocketEntry entry in entries)
        {
            if (entry.Protocol != Protocol.Tcp || entry.TcpState == TcpState.Listen)
                continue;
            received += entry.RecvQueue ?? 0;
            sent += entry.SendQueue ?? 0;
        }
        metrics.Family("netstate_tcp_queued_bytes", "gauge", "Bytes in the queues of TCP connections: rx unread by their processes, tx not yet acknowledged (node_exporter's rx/tx_queued_bytes).");
        metrics.Sample("netstate_tcp_queued_bytes", received, ("direction", "rx"));
        metrics.Sample("netstate_tcp_queued_bytes", sent, ("direction", "tx"));
    }

    /// <summary>Listeners with the fullest accept queues first (the ones that matter), at most <paramref name="top"/>.</summary>
    private static void WriteListeners(IMetricWriter metrics, IReadOnlyList<SocketEntry> entries, int top)
    {
        List<SocketEntry> listeners = entries.Where(e => e.Protocol == Protocol.Tcp && e.TcpState == TcpState.Listen).ToList();
        metrics.Family("netstate_tcp_listeners", "gauge", "Listening TCP sockets.");
        metrics.Sample("netstate_tcp_listeners", listeners.Count);
        IEnumerable<SocketEntry> shown = listeners
            .OrderByDescending(l => l.RecvQueue ?? 0).ThenBy(l => l.Local.Port).ThenBy(l => l.Family).Take(top).ToList();
        metrics.Family("netstate_tcp_listener_accept_queue_length", "gauge", "Connections waiting to be accepted, per listener (the fullest --top listeners).");
        foreach (SocketEntry listener in shown)
        {
            if (listener.RecvQueue is ulong length)
                metrics.Sample("netstate_tcp_listener_accept_queue_length", length, ListenerLabels(listener));
        }
        metrics.Family("netstate_tcp_listener_accept_queue_limit", "gauge", "The accept-queue limit (listen backlog), per listener (the fullest --top listeners).");
        foreach (SocketEntry listener in shown)
        {
            // The backlog is known when the source reports it (netlink's Send-Q of a listener); 0 means not reported.
            if (listener.ListenBacklog != 0)
                metrics.Sample("netstate_tcp_listener_accept_queue_limit", listener.ListenBacklog, ListenerLabels(listener));
        }
    }

    private static (string, string)[] ListenerLabels(SocketEntry listener) =>
    [
        ("address", EndpointText.Address(listener.Local.Address, Dialect.Filter)),
        ("port", listener.Local.Port.ToString(CultureInfo.InvariantCulture)),
    ];

    /// <summary>TCP sockets (listeners aside) per local port: a server's ports stand out, a client's ephemeral ports fall into "other".</summary>
    private static void WriteLocalPorts(IMetricWriter metrics, IReadOnlyList<SocketEntry> entries, int top)
    {
        var ports = new KeyCounts<ushort>();
        int total = 0;
        foreach (SocketEntry entry in entries)
        {
            if (entry.Protocol == Protocol.Tcp && entry.TcpState != TcpState.Listen)
            {
                ports.Add(entry.Local.Port);
                total++;
            }
        }
        metrics.Family("netstate_tcp_sockets_by_local_port", "gauge", "TCP sockets other than listeners per local port: the --top largest ports, the rest as port=\"other\".");
        WriteRanked(metrics, "netstate_tcp_sockets_by_local_port", "port", ports.Top(top, p => p.ToString(CultureInfo.InvariantCulture)), total);
    }

    /// <summary>Sockets per program name (all the processes of one program together); sockets no known process holds are counted apart.</summary>
    private static void WriteProcesses(IMetricWriter metrics, LiveReading reading, int top)
    {
        var programs = new KeyCounts<string>(StringComparer.Ordinal);
        int owned = 0, unowned = 0;
        foreach (SocketEntry entry in reading.Snapshot.Entries)
        {
            if (reading.Snapshot.Owners?.First(entry.Inode) is { } owner && entry.Inode != 0)
            {
                programs.Add(owner.Process.ProgramNameText);
                owned++;
            }
            else
                unowned++;
        }
        metrics.Family("netstate_sockets_by_process", "gauge", "Sockets per program name: the --top largest, the rest as process=\"other\".");
        WriteRanked(metrics, "netstate_sockets_by_process", "process", programs.Top(top, name => name), owned);
        metrics.Family("netstate_sockets_without_process", "gauge", "Sockets no readable process holds (TIME_WAIT, orphans, or processes hidden from this user).");
        metrics.Sample("netstate_sockets_without_process", unowned);
    }

    private static void WriteRanked<TKey>(IMetricWriter metrics, string name, string label, IReadOnlyList<Ranked<TKey>> ranked, int total)
    {
        int shown = 0;
        foreach (Ranked<TKey> row in ranked)
        {
            metrics.Sample(name, row.Count, (label, row.Name));
            shown += row.Count;
        }
        metrics.Sample(name, total - shown, (label, "other"));
    }

    /// <summary>The kernel's TCP counters doctor reads; a counter the kernel did not report has no sample.</summary>
    private static void WriteKernel(IMetricWriter metrics, KernelFigures kernel)
    {
        Counter(metrics, "netstate_tcp_listen_overflows_total", "Handshakes completed while the accept queue was full (TcpExt ListenOverflows).", kernel.ListenOverflows);
        Counter(metrics, "netstate_tcp_listen_drops_total", "SYNs and handshakes dropped at listeners (TcpExt ListenDrops).", kernel.ListenDrops);
        Counter(metrics, "netstate_tcp_syncookies_sent_total", "SYN cookies sent because the SYN queue was full (TcpExt SyncookiesSent).", kernel.SyncookiesSent);
        Counter(metrics, "netstate_tcp_timewait_overflows_total", "TIME_WAIT sockets not created at tcp_max_tw_buckets (TcpExt TCPTimeWaitOverflow).", kernel.TimeWaitOverflows);
        Counter(metrics, "netstate_tcp_retransmitted_segments_total", "TCP segments retransmitted (Tcp RetransSegs).", kernel.RetransmittedSegments);
        Counter(metrics, "netstate_tcp_sent_segments_total", "TCP segments sent, retransmissions included (Tcp OutSegs).", kernel.SentSegments);
        if (kernel.OrphanedSockets is long orphans)
        {
            metrics.Family("netstate_tcp_orphaned_sockets", "gauge", "Closing TCP sockets no process holds (sockstat TCP orphan).");
            metrics.Sample("netstate_tcp_orphaned_sockets", orphans);
        }
    }

    private static void Counter(IMetricWriter metrics, string name, string help, long? value)
    {
        if (value is not long count)
            return;
        metrics.Family(name, "counter", help);
        metrics.Sample(name, count);
    }

    /// <summary>Every rule and severity, zero when the rule found nothing, so an alert can watch one series.</summary>
    private static void WriteFindings(IMetricWriter metrics, IReadOnlyList<Finding> findings)
    {
        metrics.Family("netstate_doctor_findings", "gauge", "Doctor's findings in the latest reading, per rule and severity.");
        foreach (IDiagnosisRule rule in Doctor.Rules)
        {
            foreach (Severity severity in Severities)
                metrics.Sample("netstate_doctor_findings", findings.Count(f => f.Rule == rule.Id && f.Severity == severity),
                    ("rule", rule.Id), ("severity", DoctorJsonRenderer.Name(severity)));
        }
    }
}
