using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// --summary counts what netstat lists: the same sockets, in a private namespace, counted from
/// netstat's own tables, per protocol, family and TCP state.
/// </summary>
public sealed class SummaryTests : IClassFixture<ClassicSockets>
{
    private readonly ClassicSockets _sockets;

    public SummaryTests(ClassicSockets sockets)
    {
        _sockets = sockets;
        _sockets.EnsureTimeWait();
    }

    [Fact]
    public void Counts_per_transport_and_tcp_state_match_netstats_listings()
    {
        string[] netstat = NetstatRows("-tuwxanW");
        ProcessResult summary = Tools.Netstate(_sockets.Namespace, "--summary");
        Assert.True(summary.ExitCode == 0, summary.Stderr);
        Assert.Equal("", summary.Stderr);
        Dictionary<string, string[]> rows = summary.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .GroupBy(cells => cells[0])
            .ToDictionary(group => group.Key, group => group.First());

        AssertRow(rows["TCP"], Count(netstat, "tcp"), Count(netstat, "tcp6"));
        AssertRow(rows["UDP"], Count(netstat, "udp"), Count(netstat, "udp6"));
        AssertRow(rows["RAW"], Count(netstat, "raw"), Count(netstat, "raw6"));
        Assert.Equal(Count(netstat, "unix").ToString(System.Globalization.CultureInfo.InvariantCulture), rows["UNIX"][1]);

        string[] tcp = netstat.Where(r => r.StartsWith("tcp", StringComparison.Ordinal)).ToArray();
        foreach (string state in new[] { "LISTEN", "ESTABLISHED", "TIME_WAIT", "CLOSE_WAIT", "FIN_WAIT2", "SYN_SENT" })
        {
            int expected = tcp.Count(r => r.Split(' ', StringSplitOptions.RemoveEmptyEntries)[5] == state);
            Assert.True(expected > 0, $"the scenario has no {state} socket");
            Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), rows[state][1]);
        }
    }

    [Fact]
    public void The_kernel_counters_line_reports_sockstat()
    {
        ProcessResult summary = Tools.Netstate(_sockets.Namespace, "--summary");
        string line = Assert.Single(summary.Stdout.Split('\n'), l => l.StartsWith("Kernel counters (sockstat):", StringComparison.Ordinal));
        Assert.Matches(@"^Kernel counters \(sockstat\): \d+ sockets in use, all kinds \(ss -s's Total\); TCP \d+ in use, \d+ orphaned, [1-9]\d* in TIME_WAIT, \d+ pages of buffer memory$", line);
    }

    [Fact]
    public void The_in_use_columns_show_the_figures_of_ss_s_beside_the_listed_counts()
    {
        ProcessResult ss = _sockets.Namespace.Run(() => ProcessResult.Run(Tools.Require("ss", "iproute2"), ["-s"]));
        ProcessResult summary = Tools.Netstate(_sockets.Namespace, "--summary");
        Dictionary<string, string[]> ours = Rows(summary.Stdout);
        Dictionary<string, string[]> theirs = Rows(ss.Stdout);
        foreach (string transport in new[] { "TCP", "UDP", "RAW" })
            Assert.True(theirs[transport].AsSpan(1, 3).SequenceEqual(ours[transport].AsSpan(4, 3)), $"{transport}:\n{ss.Stdout}\n{summary.Stdout}");
        // ss has no UDP-Lite row and leaves it out of INET; ours counts it in.
        Assert.Equal(Number(theirs["INET"][1]) + Number(ours["UDP-Lite"][4]), Number(ours["INET"][4]));
        // The listed TCP count holds the TIME_WAIT sockets (orphaned FIN_WAIT2 among them), which
        // ss -s's Transport table leaves out and its TCP line counts as "timewait".
        int timeWait = Number(System.Text.RegularExpressions.Regex.Match(ss.Stdout, @"timewait (\d+)").Groups[1].Value);
        Assert.True(timeWait > 0, ss.Stdout);
        Assert.Equal(Number(theirs["TCP"][1]) + timeWait, Number(ours["TCP"][1]));
    }

    private static int Number(string text) => int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static Dictionary<string, string[]> Rows(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .GroupBy(cells => cells[0])
            .ToDictionary(group => group.Key, group => group.First());

    private string[] NetstatRows(string flags)
    {
        ProcessResult result = Tools.Netstat(_sockets.Namespace, flags);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith("Active", StringComparison.Ordinal) && !line.StartsWith("Proto", StringComparison.Ordinal))
            .ToArray();
    }

    private static int Count(string[] rows, string protocol) =>
        rows.Count(row => row.Split(' ', 2)[0] == protocol);

    private static void AssertRow(string[] row, int v4, int v6)
    {
        Assert.Equal([(v4 + v6).ToString(System.Globalization.CultureInfo.InvariantCulture), v4.ToString(System.Globalization.CultureInfo.InvariantCulture), v6.ToString(System.Globalization.CultureInfo.InvariantCulture)], row[1..4]);
    }
}
