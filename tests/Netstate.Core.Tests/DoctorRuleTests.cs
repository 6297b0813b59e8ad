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

    private static SocketEntry Tcp(TcpState state, int localPort, int remotePort) => new()
    {
        Protocol = Protocol.Tcp,
        Family = Family.Inet,
        RawState = (byte)state,
        Local = new Endpoint(InetAddress.FromIPAddress(IPAddress.Loopback), (ushort)localPort),
        Remote = new Endpoint(InetAddress.FromIPAddress(IPAddress.Parse("10.0.0.5")), (ushort)remotePort),
        Inode = (ulong)localPort,
    };
}
