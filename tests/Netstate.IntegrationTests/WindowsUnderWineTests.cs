using System.Text.Json;
using System.Text.RegularExpressions;
using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// The win-x64 build under Wine 8, against sockets this test opened in its own namespace. Wine's IP
/// Helper reads the host's /proc/net tables, so the rows are real; the owning PID is not: Wine 8
/// cannot tell which Linux process holds a socket and reports PID 0 for sockets of non-Wine processes,
/// which is what these tests expect of it (a real Windows machine is needed to check PIDs and -b).
/// </summary>
public sealed partial class WindowsUnderWineTests : IClassFixture<WineBed>
{
    private readonly WineBed _wine;

    public WindowsUnderWineTests(WineBed wine) => _wine = wine;

    [Fact]
    public void Netstat_ano_lists_the_listener_and_the_connection_in_windows_netstats_layout()
    {
        ProcessResult result = _wine.Run("-ano");

        Assert.True(result.ExitCode == 0, result.Stderr);
        string[] lines = Lines(result.Stdout);
        Assert.Equal(["", "Active Connections", "", "  Proto  Local Address          Foreign Address        State           PID"], lines[..4]);
        Assert.Contains(Row("TCP", $"127.0.0.1:{_wine.TcpPort}", "0.0.0.0:0", "LISTENING", "0"), lines);
        Assert.Contains(Row("TCP", $"127.0.0.1:{_wine.TcpPort}", $"127.0.0.1:{_wine.ClientPort}", "ESTABLISHED", "0"), lines);
        Assert.Contains(Row("TCP", $"127.0.0.1:{_wine.ClientPort}", $"127.0.0.1:{_wine.TcpPort}", "ESTABLISHED", "0"), lines);
        Assert.Contains(Row("TCP", $"[::1]:{_wine.Tcp6Port}", "[::]:0", "LISTENING", "0"), lines);
        Assert.Contains(Row("UDP", $"127.0.0.1:{_wine.UdpPort}", "*:*", "", "0"), lines);
        Assert.Contains(Row("UDP", $"[::1]:{_wine.Udp6Port}", "*:*", "", "0"), lines);
    }

    [Fact]
    public void Every_tcp_row_agrees_with_ss_in_the_same_namespace()
    {
        ProcessResult wine = _wine.Run("-anp", "tcp");
        ProcessResult wine6 = _wine.Run("-anp", "tcpv6");
        ProcessResult ss = _wine.Linux("ss", "-Htan");

        Assert.True(wine.ExitCode == 0 && wine6.ExitCode == 0 && ss.ExitCode == 0, wine.Stderr + wine6.Stderr + ss.Stderr);
        var expected = Lines(ss.Stdout).Where(l => l.Length > 0).Select(l => Regex.Split(l.Trim(), " +"))
            .Select(f => $"{WindowsState(f[0])} {f[3]} {Regex.Replace(f[4], ":\\*$", ":0")}").Order(StringComparer.Ordinal).ToList();
        var actual = Lines(wine.Stdout + wine6.Stdout).Where(l => l.StartsWith("  TCP ", StringComparison.Ordinal)).Select(l => Regex.Split(l.Trim(), " +"))
            .Select(f => $"{f[3]} {f[1]} {f[2]}").Order(StringComparer.Ordinal).ToList();
        Assert.True(expected.Count >= 4, ss.Stdout);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Dash_p_tcp_is_ipv4_tcp_only_and_udpv6_is_ipv6_udp_only()
    {
        string[] tcp = Rows(_wine.Run("-anp", "tcp"));
        string[] udp6 = Rows(_wine.Run("-anp", "UDPv6"));

        Assert.NotEmpty(tcp);
        Assert.All(tcp, r => Assert.Matches(@"^  TCP    \d+\.\d+\.\d+\.\d+:\d+ ", r));
        Assert.Equal([$"  UDP    [::1]:{_wine.Udp6Port}".PadRight(32) + "*:*"], udp6);
    }

    [Fact]
    public void Without_a_only_connections_are_listed()
    {
        string[] rows = Rows(_wine.Run("-n"));

        Assert.Contains(Row("TCP", $"127.0.0.1:{_wine.TcpPort}", $"127.0.0.1:{_wine.ClientPort}", "ESTABLISHED", null), rows);
        Assert.DoesNotContain(rows, r => r.Contains("LISTENING", StringComparison.Ordinal) || r.StartsWith("  UDP", StringComparison.Ordinal));
    }

    /// <summary>
    /// Wine 8.0's findstr is a stub that prints nothing (even for <c>echo hello | findstr hello</c>), so
    /// the pipe goes through cmd.exe into <c>more</c>, and findstr's literal match is applied here.
    /// </summary>
    [Fact]
    public void Netstat_ano_through_a_cmd_pipe_gives_findstr_the_lines_it_needs()
    {
        ProcessResult result = _wine.Cmd("netstate.exe -ano | more");

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");
        string[] lines = Lines(result.Stdout).Where(l => l.Contains($":{_wine.TcpPort}", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3, lines.Length);
        Assert.Single(lines, l => l.Contains("LISTENING", StringComparison.Ordinal));
        Assert.Equal(2, lines.Count(l => l.Contains("ESTABLISHED", StringComparison.Ordinal)));
    }

    [Fact]
    public void Json_carries_the_listener_with_its_state_and_no_owner_for_wines_pid_zero()
    {
        ProcessResult result = _wine.Run("-ano", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using JsonDocument json = JsonDocument.Parse(result.Stdout);
        JsonElement listener = json.RootElement.GetProperty("sockets").EnumerateArray().Single(s =>
            s.GetProperty("local").GetProperty("port").GetInt32() == _wine.TcpPort && s.GetProperty("state").GetString() == "LISTEN");
        Assert.Equal("tcp", listener.GetProperty("protocol").GetString());
        Assert.Equal("127.0.0.1", listener.GetProperty("local").GetProperty("address").GetString());
        // IP Helper has no queues: unknown (null), never 0.
        Assert.Equal(JsonValueKind.Null, listener.GetProperty("recv_q").ValueKind);
        // Wine 8 reports PID 0 for a socket of a Linux process; PID 0 is no owner.
        Assert.Equal(0, listener.GetProperty("owners").GetArrayLength());
    }

    [Fact]
    public void Who_answers_for_the_port_in_one_step()
    {
        ProcessResult result = _wine.Run("who", _wine.TcpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.StartsWith($"serving port {_wine.TcpPort}:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"LISTEN       127.0.0.1:{_wine.TcpPort}", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("no owning process", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_filter_and_count_by_work_on_top_of_the_windows_flags()
    {
        string[] filtered = Rows(_wine.Run("-an", "sport", "=", $":{_wine.TcpPort}"));
        ProcessResult counted = _wine.Run("-anp", "tcp", "--count-by", "state");

        Assert.Equal(2, filtered.Length);
        Assert.All(filtered, r => Assert.Contains($"127.0.0.1:{_wine.TcpPort} ", r, StringComparison.Ordinal));
        Assert.True(counted.ExitCode == 0, counted.Stderr);
        Assert.Matches(@"(?m)^\s*1\s+LISTENING\s*$", counted.Stdout);
        Assert.Matches(@"(?m)^\s*2\s+ESTABLISHED\s*$", counted.Stdout);
    }

    [Fact]
    public void Help_is_windows_help_and_tables_not_read_on_windows_are_refused_plainly()
    {
        ProcessResult help = _wine.Run("-?");
        ProcessResult route = _wine.Run("-r");
        ProcessResult bad = _wine.Run("-anp", "icmp");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Windows netstat's flags", help.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, route.ExitCode);
        Assert.StartsWith("netstate: netstate does not read the routing table (-r) on Windows yet", route.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("unknown protocol 'icmp' for -p", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_zip_holds_the_executable_and_the_windows_notes()
    {
        Assert.Equal(["README.md", "netstate.exe", "windows.md"], _wine.ZipEntries());
    }

    private static string[] Lines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');

    private static string[] Rows(ProcessResult result)
    {
        Assert.True(result.ExitCode == 0, result.Stderr);
        return Lines(result.Stdout).Where(l => l.StartsWith("  TCP ", StringComparison.Ordinal) || l.StartsWith("  UDP ", StringComparison.Ordinal)).ToArray();
    }

    /// <summary>A row as Windows netstat pads it: columns at 2, 9, 32, 55 and 71.</summary>
    private static string Row(string proto, string local, string foreign, string state, string? pid) =>
        pid is null
            ? ("  " + proto.PadRight(7) + local.PadRight(23) + foreign.PadRight(23) + state).TrimEnd()
            : "  " + proto.PadRight(7) + local.PadRight(23) + foreign.PadRight(23) + state.PadRight(16) + pid;

    private static string WindowsState(string ss) => ss switch
    {
        "LISTEN" => "LISTENING",
        "ESTAB" => "ESTABLISHED",
        _ => ss.Replace('-', '_'),
    };
}
