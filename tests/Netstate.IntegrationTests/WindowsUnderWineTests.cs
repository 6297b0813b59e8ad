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
    public void Help_is_windows_help_and_bad_protocols_are_refused_plainly()
    {
        ProcessResult help = _wine.Run("-?");
        ProcessResult bad = _wine.Run("-anp", "icmp");
        ProcessResult networkDirect = _wine.Run("-x");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Windows netstat's flags", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("-s            per-protocol statistics", help.Stdout, StringComparison.Ordinal);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("unknown protocol 'icmp' for -p", bad.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, networkDirect.ExitCode);
        Assert.StartsWith("netstate: NetworkDirect connections (-x) are not shown (no documented Windows call lists them;", networkDirect.Stderr, StringComparison.Ordinal);
    }

    /// <summary>
    /// Wine 8 answers GetTcpStatisticsEx and GetUdpStatisticsEx from the namespace's /proc/net/snmp (it has
    /// no Ex2 calls, so netstate falls back to the 32-bit ones); the namespace is quiet, so the counts the
    /// kernel gives just before and just after netstate bound what netstate shows.
    /// </summary>
    [Fact]
    public void Dash_s_shows_every_section_with_the_namespaces_tcp_and_udp_counters()
    {
        Dictionary<string, long> before = Snmp();
        ProcessResult result = _wine.Run("-s");
        Dictionary<string, long> after = Snmp();

        Assert.True(result.ExitCode == 0, result.Stderr);
        string[] titles = ["IPv4 Statistics", "IPv6 Statistics", "ICMPv4 Statistics", "ICMPv6 Statistics", "TCP Statistics for IPv4", "TCP Statistics for IPv6", "UDP Statistics for IPv4", "UDP Statistics for IPv6"];
        string[] lines = Lines(result.Stdout);
        Assert.Equal(titles, lines.Where(l => l.Contains("Statistics", StringComparison.Ordinal)));
        Assert.Contains("                            Received    Sent", lines);
        Between(before["Tcp.ActiveOpens"], after["Tcp.ActiveOpens"], Value(result.Stdout, "TCP Statistics for IPv4", "Active Opens"));
        Between(before["Tcp.PassiveOpens"], after["Tcp.PassiveOpens"], Value(result.Stdout, "TCP Statistics for IPv4", "Passive Opens"));
        Between(before["Tcp.CurrEstab"], after["Tcp.CurrEstab"], Value(result.Stdout, "TCP Statistics for IPv4", "Current Connections"));
        Between(before["Tcp.InSegs"], after["Tcp.InSegs"], Value(result.Stdout, "TCP Statistics for IPv4", "Segments Received"));
        Between(before["Ip.InReceives"], after["Ip.InReceives"], Value(result.Stdout, "IPv4 Statistics", "Packets Received"));
        Assert.Matches(@"(?m)^  Packets Received                   = \d+\r?$", result.Stdout);
        Assert.Matches(@"(?m)^  Datagrams Received    = \d+\r?$", result.Stdout);
    }

    [Fact]
    public void Dash_s_p_tcp_shows_tcps_statistics_then_its_connections()
    {
        ProcessResult result = _wine.Run("-s", "-p", "tcp");

        Assert.True(result.ExitCode == 0, result.Stderr);
        string[] lines = Lines(result.Stdout);
        Assert.Equal(["", "TCP Statistics for IPv4", ""], lines[..3]);
        Assert.DoesNotContain(lines, l => l.Contains("UDP Statistics", StringComparison.Ordinal) || l.Contains("IPv4 Statistics", StringComparison.Ordinal) && !l.StartsWith("TCP", StringComparison.Ordinal));
        int connections = Array.IndexOf(lines, "Active Connections");
        Assert.True(connections > 3, result.Stdout);
        // Without -n the connections have names, as in Windows netstat -s -p tcp: a loopback peer is the computer's name.
        Assert.Contains(Row("TCP", $"127.0.0.1:{_wine.TcpPort}", $"{ComputerName}:{_wine.ClientPort}", "ESTABLISHED", null), lines[connections..]);
        Assert.DoesNotContain(lines, l => l.StartsWith("  UDP", StringComparison.Ordinal));
    }

    /// <summary>
    /// Wine 8 reads the namespace's IPv4 routes and interfaces; its GetIpInterfaceTable is a stub, so the
    /// Metric column says '-' and stderr says why (once), and its GetIpForwardTable2 lists no IPv6 routes.
    /// </summary>
    [Fact]
    public void Dash_r_shows_the_interface_list_and_the_namespaces_routes_in_route_prints_layout()
    {
        ProcessResult result = _wine.Run("-r");

        Assert.True(result.ExitCode == 0, result.Stderr);
        string[] lines = Lines(result.Stdout).Select(l => l.TrimEnd('\r')).ToArray();
        string rule = new('=', 75);
        Assert.Equal([rule, "Interface List"], lines[..2]);
        string mac = WineBed.DummyMac.Replace(':', ' ') + " ";
        Assert.Contains(lines, l => Regex.IsMatch(l, $@"^ *\d+\.\.\.{Regex.Escape(mac)}\.+\S"));
        Assert.Contains("IPv4 Route Table", lines);
        Assert.Contains("Network Destination        Netmask          Gateway       Interface  Metric", lines);
        Assert.Contains(lines, l => Regex.IsMatch(l, $@"^ +{Regex.Escape(WineBed.RoutedNetwork)} +255\.255\.0\.0 +{Regex.Escape(WineBed.Gateway)} +{Regex.Escape(WineBed.DummyAddress)} +\S+$"));
        Assert.Contains(lines, l => Regex.IsMatch(l, $@"^ +10\.77\.0\.0 +255\.255\.255\.0 +On-link +{Regex.Escape(WineBed.DummyAddress)} +\S+$"));
        Assert.Equal(["", "IPv6 Route Table", rule, "Active Routes:", " If Metric Network Destination      Gateway"], lines[(Array.IndexOf(lines, "IPv6 Route Table") - 1)..(Array.IndexOf(lines, "IPv6 Route Table") + 4)]);
        Assert.Single(Regex.Matches(result.Stderr, "the interface metrics could not be read"));
        Assert.Contains(lines, l => Regex.IsMatch(l, $@"^ +{Regex.Escape(WineBed.RoutedNetwork)} .* -$"));
        // Every IPv4 route of the namespace's main table is listed.
        ProcessResult ip = _wine.Linux("ip", "-4", "route", "show", "table", "main");
        foreach (string route in Lines(ip.Stdout).Where(l => l.Length > 0))
        {
            string destination = route.Split(' ')[0];
            string network = destination.Split('/')[0];
            Assert.Contains(lines, l => l.TrimStart().StartsWith(network + " ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Dash_e_adds_up_the_interfaces_counters_as_ip_link_counts_them()
    {
        Dictionary<string, long> before = LinkTotals();
        ProcessResult result = _wine.Run("-e");
        Dictionary<string, long> after = LinkTotals();

        Assert.True(result.ExitCode == 0, result.Stderr);
        string[] lines = Lines(result.Stdout).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(["Interface Statistics", "", "                           Received            Sent", ""], lines[..4]);
        string[] bytes = Regex.Split(lines[4].Trim(), " +");
        Assert.Equal("Bytes", bytes[0]);
        Between(before["rx_bytes"], after["rx_bytes"], long.Parse(bytes[1], System.Globalization.CultureInfo.InvariantCulture));
        Between(before["tx_bytes"], after["tx_bytes"], long.Parse(bytes[2], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Matches(@"^Unknown protocols +\d+$", lines[9]);
    }

    /// <summary>Wine 8's SetTcpEntry answers success and closes nothing: netstate looks again, sees the connection, and says so.</summary>
    [Fact]
    public void Kill_asks_set_tcp_entry_and_does_not_believe_wines_stub()
    {
        ProcessResult result = _wine.Run("-an", "--kill", "sport", "=", $":{_wine.ClientPort}");
        ProcessResult ss = _wine.Linux("ss", "-Htn", "sport", "=", $":{_wine.ClientPort}");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("still listed", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("ESTAB", ss.Stdout, StringComparison.Ordinal);
    }

    private Dictionary<string, long> Snmp()
    {
        ProcessResult cat = _wine.Linux("cat", "/proc/net/snmp");
        var values = new Dictionary<string, long>();
        string[] lines = Lines(cat.Stdout).Where(l => l.Length > 0).ToArray();
        for (int i = 0; i + 1 < lines.Length; i += 2)
        {
            string[] names = lines[i].Split(' ');
            string[] numbers = lines[i + 1].Split(' ');
            string table = names[0].TrimEnd(':');
            for (int k = 1; k < names.Length && k < numbers.Length; k++)
                values[$"{table}.{names[k]}"] = long.Parse(numbers[k], System.Globalization.CultureInfo.InvariantCulture);
        }
        return values;
    }

    /// <summary>Bytes received and sent over every interface of the namespace, from its /proc/net/dev (sysfs shows the host's).</summary>
    private Dictionary<string, long> LinkTotals()
    {
        var totals = new Dictionary<string, long> { ["rx_bytes"] = 0, ["tx_bytes"] = 0 };
        foreach (string line in Lines(_wine.Linux("cat", "/proc/net/dev").Stdout).Where(l => l.Contains(':', StringComparison.Ordinal)))
        {
            string[] fields = Regex.Split(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(), " +");
            totals["rx_bytes"] += long.Parse(fields[0], System.Globalization.CultureInfo.InvariantCulture);
            totals["tx_bytes"] += long.Parse(fields[8], System.Globalization.CultureInfo.InvariantCulture);
        }
        return totals;
    }

    /// <summary>The number after "label = " in the section titled <paramref name="section"/>.</summary>
    private static long Value(string output, string section, string label)
    {
        string text = output[output.IndexOf("\n" + section, StringComparison.Ordinal)..];
        Match match = Regex.Match(text, $@"(?m)^  {Regex.Escape(label)} +=\s+(\d+)");
        Assert.True(match.Success, $"no '{label}' in {section}:\n{output}");
        return long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Between(long low, long high, long actual) => Assert.InRange(actual, low, high);

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

    /// <summary>A row as Windows netstat pads it: columns at 2, 9, 32, 55 and 71; an address of 23 characters or more is followed by one space.</summary>
    private static string Row(string proto, string local, string foreign, string state, string? pid) =>
        pid is null
            ? ("  " + proto.PadRight(7) + local.PadRight(22) + " " + foreign.PadRight(22) + " " + state).TrimEnd()
            : "  " + proto.PadRight(7) + local.PadRight(22) + " " + foreign.PadRight(22) + " " + state.PadRight(16) + pid;

    private static string WindowsState(string ss) => ss switch
    {
        "LISTEN" => "LISTENING",
        "ESTAB" => "ESTABLISHED",
        _ => ss.Replace('-', '_'),
    };
}
