using System.Net;
using Netstate.Core.Diagnosis;
using Netstate.Core.Model;

namespace Netstate.Core.Tests;

/// <summary>
/// The doctor's judgements that real conditions in a namespace cannot reach (tcp_max_orphans exists
/// only in the host namespace; "growing now" needs two samples): thresholds, severities and the
/// absence of figures. The integration tests trigger every rule for real.
/// </summary>
public sealed class DoctorRuleTests
{
    private static readonly Snapshot Empty = new([], null, [], DateTimeOffset.UnixEpoch);

    [Fact]
    public void Nothing_known_and_nothing_open_gives_no_findings()
    {
        Assert.Empty(Doctor.Examine(new DiagnosisInput(Empty, new KernelFigures())));
    }

    [Fact]
    public void Orphans_near_tcp_max_orphans_are_critical()
    {
        var kernel = new KernelFigures { OrphanedSockets = 600, MaxOrphans = 1000 };
        Finding finding = Assert.Single(Doctor.Examine(new DiagnosisInput(Empty, kernel)));
        Assert.Equal(("orphans", Severity.Critical), (finding.Rule, finding.Severity));
        Assert.Equal("orphaned sockets use 60% of net.ipv4.tcp_max_orphans", finding.Title);
    }

    [Fact]
    public void Listen_overflows_growing_during_the_window_are_critical_and_old_ones_no_finding()
    {
        var before = new KernelFigures { ListenOverflows = 5, ListenDrops = 5 };
        var now = new KernelFigures { ListenOverflows = 9, ListenDrops = 9 };
        Finding growing = Assert.Single(Doctor.Examine(new DiagnosisInput(Empty, now, before, TimeSpan.FromSeconds(2))));
        Assert.Equal(("listen-drops", Severity.Critical), (growing.Rule, growing.Severity));
        Assert.Contains("TcpExt ListenOverflows: +4 in the last 2 s (9 since the network namespace started)", growing.Evidence);
        Assert.Equal((4, 9), (growing.Figures["listen_overflows_in_window"], growing.Figures["listen_overflows"]));

        // One old overflow must not make doctor exit 3 forever: nothing grew, nothing to report.
        Assert.Empty(Doctor.Examine(new DiagnosisInput(Empty, now, now, TimeSpan.FromSeconds(2))));
        Assert.Empty(Doctor.Examine(new DiagnosisInput(Empty, now)));
    }

    [Fact]
    public void Retransmissions_are_judged_over_the_window_when_it_saw_enough_segments()
    {
        var before = new KernelFigures { SentSegments = 1_000_000, RetransmittedSegments = 0 };
        var now = new KernelFigures { SentSegments = 1_010_000, RetransmittedSegments = 1_500 };
        Finding finding = Assert.Single(Doctor.Examine(new DiagnosisInput(Empty, now, before, TimeSpan.FromSeconds(1))));
        Assert.Equal(("retransmissions", Severity.Critical), (finding.Rule, finding.Severity));
        Assert.Equal(1_500, finding.Figures["retransmitted_segments"]);
        Assert.Equal(10_000, finding.Figures["sent_segments"]);

        // Too few segments in the window: fall back to the whole life of the namespace (0.15 %: fine).
        var quiet = new KernelFigures { SentSegments = 1_000_100, RetransmittedSegments = 1_500 };
        Assert.Empty(Doctor.Examine(new DiagnosisInput(Empty, quiet, before, TimeSpan.FromSeconds(1))));
    }

    [Theory]
    [InlineData(9, 0)]
    [InlineData(10, 1)]
    public void Close_wait_counts_from_the_threshold(int sockets, int findings)
    {
        var entries = Enumerable.Range(0, sockets).Select(i => Tcp(TcpState.CloseWait, 40000 + i, 5432)).ToList();
        var snapshot = new Snapshot(entries, null, [], DateTimeOffset.UnixEpoch);
        Assert.Equal(findings, Doctor.Examine(new DiagnosisInput(snapshot, new KernelFigures())).Count);
    }

    [Fact]
    public void Close_wait_sockets_count_only_when_they_were_there_at_the_start_of_the_window()
    {
        var entries = Enumerable.Range(0, 30).Select(i => Tcp(TcpState.CloseWait, 40000 + i, 5432)).ToList();
        var snapshot = new Snapshot(entries, null, [], DateTimeOffset.UnixEpoch);
        HashSet<ulong> persisted = [.. entries.Take(10).Select(e => e.Inode)];

        Finding leak = Assert.Single(Doctor.Examine(new DiagnosisInput(snapshot, new KernelFigures(), new KernelFigures(), TimeSpan.FromSeconds(1)) { CloseWaitBefore = persisted }));
        Assert.Equal(10, leak.Figures["close_wait"]);
        Assert.Null(leak.Figures["pid"]);
        Assert.Contains("20 more reached CLOSE_WAIT during the window and are not counted: short-lived, not a leak", leak.Evidence);

        // Churn: none of them was there a window ago.
        Assert.Empty(Doctor.Examine(new DiagnosisInput(snapshot, new KernelFigures(), new KernelFigures(), TimeSpan.FromSeconds(1)) { CloseWaitBefore = new HashSet<ulong>() }));
    }

    [Fact]
    public void Findings_come_worst_first()
    {
        var entries = Enumerable.Range(0, 10).Select(i => Tcp(TcpState.CloseWait, 40000 + i, 5432)).ToList();
        var snapshot = new Snapshot(entries, null, [], DateTimeOffset.UnixEpoch);
        var kernel = new KernelFigures { OrphanedSockets = 900, MaxOrphans = 1000 };
        IReadOnlyList<Finding> findings = Doctor.Examine(new DiagnosisInput(snapshot, kernel));
        Assert.Equal(["orphans", "close-wait-leak"], findings.Select(f => f.Rule));
        Assert.Equal(Severity.Critical, Doctor.Worst(findings));
        Assert.Contains("their owners are hidden: run as root to see which process holds them", findings[1].Evidence);
    }

    [Fact]
    public void The_streamed_evidence_gives_the_findings_of_the_whole_snapshot()
    {
        // 600 of 1,000 ephemeral ports towards one destination, a leak, TIME_WAIT, SYN_RECV, a full
        // accept queue, retransmissions, an unread queue, and healthy connections around them.
        var entries = new List<SocketEntry>();
        entries.AddRange(Enumerable.Range(0, 600).Select(i => Tcp(TcpState.Established, 40000 + i, 5432)));
        entries.AddRange(Enumerable.Range(0, 12).Select(i => Tcp(TcpState.CloseWait, 30000 + i, 80)));
        entries.AddRange(Enumerable.Range(0, 150).Select(i => Tcp(TcpState.TimeWait, 31000 + i, 443)));
        entries.AddRange(Enumerable.Range(0, 120).Select(i => Tcp(TcpState.SynRecv, 8080, 50000 + i, inode: 0)));
        entries.Add(Tcp(TcpState.Listen, 8080, 0, recvQueue: 128, backlog: 128));
        entries.AddRange(Enumerable.Range(0, 5).Select(i => Tcp(TcpState.Established, 32000 + i, 22, retransmits: 3)));
        entries.Add(Tcp(TcpState.Established, 33000, 9000, recvQueue: 8UL << 20));
        var kernel = new KernelFigures
        {
            LocalPortRange = new Kernel.PortRange(40000, 40999),
            MaxTimeWaitBuckets = 100,
            SentSegments = 10_000,
            RetransmittedSegments = 1_000,
        };
        var whole = new Snapshot(entries, null, [], DateTimeOffset.UnixEpoch);
        var evidence = new DoctorEvidence(kernel.LocalPortRange);
        entries.ForEach(evidence.Add);
        var kept = new Snapshot(evidence.Kept, null, [], DateTimeOffset.UnixEpoch);

        static string Text(IReadOnlyList<Finding> findings) => string.Join("\n", findings.Select(f =>
            $"{f.Rule} {f.Severity} {f.Title} | {string.Join(" / ", f.Evidence)} | {string.Join(",", f.Figures.Select(p => $"{p.Key}={p.Value}"))}"));
        string expected = Text(Doctor.Examine(new DiagnosisInput(whole, kernel)));
        Assert.Equal(expected, Text(Doctor.Examine(new DiagnosisInput(kept, kernel) { Destinations = evidence.Destinations })));
        Assert.Equal(["close-wait-leak", "ephemeral-port-exhaustion", "listen-queue", "retransmissions", "syn-backlog", "time-wait-buckets", "unread-receive-queue"],
            Doctor.Examine(new DiagnosisInput(whole, kernel)).Select(f => f.Rule).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(entries.Count, evidence.TcpSockets);
        Assert.True(evidence.Kept.Count < 300, $"{evidence.Kept.Count} kept: healthy connections are counted, not kept");
        Assert.True(evidence.NeedsOwners());

        // Healthy connections alone: nothing to name, so no owner scan.
        var healthy = new DoctorEvidence(kernel.LocalPortRange);
        foreach (SocketEntry entry in entries.Where(e => e.TcpState == TcpState.Established && e.Retransmits == 0 && e.RecvQueue is null))
            healthy.Add(entry);
        Assert.Empty(healthy.Kept);
        Assert.False(healthy.NeedsOwners());
    }

    private static SocketEntry Tcp(TcpState state, int localPort, int remotePort, ulong? recvQueue = null, uint backlog = 0, ulong retransmits = 0, ulong? inode = null) => new()
    {
        Protocol = Protocol.Tcp,
        Family = Family.Inet,
        RawState = (byte)state,
        Local = new Endpoint(InetAddress.FromIPAddress(IPAddress.Loopback), (ushort)localPort),
        Remote = new Endpoint(InetAddress.FromIPAddress(IPAddress.Parse("10.0.0.5")), (ushort)remotePort),
        Inode = inode ?? (ulong)localPort,
        RecvQueue = recvQueue,
        ListenBacklog = backlog,
        Retransmits = retransmits,
    };
}
