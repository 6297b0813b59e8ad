using Netstate.Cli.Arguments;

namespace Netstate.Cli.Tests;

/// <summary>
/// The filter on the command line: after the flags as in ss, or with --filter; errors that point
/// at the mistake; and the rule that a filter naming states replaces netstat's -l/-a default.
/// </summary>
public sealed class FilterOptionTests
{
    private const string InetHeader =
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

    private const string Tail = " 0000000000000000 100 0 0 10 0\n";

    private static (ReturnCode Code, string Out, string Err) Run(params string[] args) => AppRunner.Run(args);

    /// <summary>A listener and two connections on TCP, a UDP server, a unix listener; sshd (pid 1234) holds :22.</summary>
    private static TempTree Proc()
    {
        var tree = new TempTree();
        tree.WriteText("net/tcp", InetHeader +
            "   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1134 1" + Tail +
            "   1: 0100000A:0016 0200000A:1388 01 00000000:00000000 00:00000000 00000000     0        0 1135 1" + Tail +
            "   2: 0100000A:9C40 22D8B85D:01BB 01 00000000:00000000 00:00000000 00000000  1000        0 1136 1" + Tail);
        tree.WriteText("net/udp", InetHeader +
            "  100: 00000000:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 2222 2 0000000000000000 0\n");
        tree.WriteText("net/unix",
            "Num       RefCount Protocol Flags    Type St Inode Path\n" +
            "0000000000000000: 00000002 00000000 00010000 0001 01 12345 /run/test.sock\n");
        tree.WriteBytes("1234/cmdline", "/usr/sbin/sshd\0-D\0"u8.ToArray());
        tree.Link("1234/fd/3", "socket:[1134]");
        tree.Link("1234/fd/4", "socket:[1135]");
        return tree;
    }

    private static string[] Rows(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("Active", StringComparison.Ordinal) && !l.StartsWith("Proto", StringComparison.Ordinal)).ToArray();

    [Theory]
    [InlineData(new[] { "-tan", "state", "established", "dport", "=", ":443" }, "(and (state established) (dport = 443))")]
    [InlineData(new[] { "-tan", "state established dport = :443" }, "(and (state established) (dport = 443))")]
    [InlineData(new[] { "-tan", "state", "established", "dport = :443" }, "(and (state established) (dport = 443))")]
    [InlineData(new[] { "--filter", "sport = 22 or sport = 80", "-tn" }, "(or (sport = 22) (sport = 80))")]
    [InlineData(new[] { "--filter=sport = 22", "-tn" }, "(sport = 22)")]
    [InlineData(new[] { "-tn", "(", "sport", "=", "22", "or", "sport", "=", "80", ")" }, "(or (sport = 22) (sport = 80))")]
    [InlineData(new[] { "-tn", "!", "autobound" }, "(not (autobound))")]
    [InlineData(new[] { "-tn", "not", "autobound" }, "(not (autobound))")]
    [InlineData(new[] { "-tn", "--", "sport", "=", "22" }, "(sport = 22)")]
    [InlineData(new[] { "-c", "2", "sport", "=", "22" }, "(sport = 22)")]
    public void The_expression_follows_the_flags_or_comes_with_filter(string[] args, string expected)
    {
        NetstatOptions options = NetstatArgumentParser.Parse(args);
        Assert.Equal(expected, options.Filter?.ToString());
    }

    [Fact]
    public void The_flags_before_the_expression_still_count()
    {
        NetstatOptions options = NetstatArgumentParser.Parse(["-tan", "state", "listening"]);
        Assert.True(options.Tcp && options.All && options.NumericHosts);
        Assert.True(options.Filter!.MentionsStates);
    }

    [Theory]
    [InlineData(new[] { "tan" }, "netstate: unexpected argument 'tan' (netstat flags start with '-', a filter with a keyword such as state, sport or src; see 'netstate --help')\n")]
    [InlineData(new[] { "-tn", "established" }, "netstate: unexpected argument 'established' (netstat flags start with '-', a filter with a keyword such as state, sport or src; see 'netstate --help')\n")]
    [InlineData(new[] { "--filter", "sport = 22", "sport", "=", "80" }, "netstate: a filter was given both with --filter and after the flags (give it once; join conditions with 'and')\n")]
    [InlineData(new[] { "--filter", "sport = 22", "--filter", "sport = 80" }, "netstate: --filter was given twice (give one filter; join conditions with 'and')\n")]
    [InlineData(new[] { "-r", "state", "listening" }, "netstate: a filter selects sockets, so it cannot be used with the routing table (-r) (drop the filter or the mode flag)\n")]
    [InlineData(new[] { "--summary", "--filter", "sport = 22" }, "netstate: a filter selects sockets, so it cannot be used with the socket summary (--summary) (drop the filter or the mode flag)\n")]
    [InlineData(new[] { "--filter" }, "netstate: option '--filter' needs a value (see 'netstate --help')\n")]
    public void Misuse_is_a_usage_error_on_one_line(string[] args, string expected)
    {
        (ReturnCode code, string stdout, string stderr) = Run(args);
        Assert.Equal(ReturnCode.UsageError, code);
        Assert.Equal("", stdout);
        Assert.Equal(expected, stderr);
    }

    [Theory]
    [InlineData(new[] { "-tan", "state", "establised", "dport", "=", ":443" },
        "netstate: filter: unknown state 'establised' (use established, ",
        "  state establised dport = :443\n        ^\n")]
    // After '--' everything is filter, so a flag there is pointed at rather than taken.
    [InlineData(new[] { "-tn", "--", "-t" },
        "netstate: filter: '-t' looks like an option, but options must come before the filter",
        "  -t\n  ^\n")]
    [InlineData(new[] { "-tan", "sport = 22 and" },
        "netstate: filter: a condition is missing after 'and' at the end of the filter (see docs/filters.md or 'netstate --help')\n",
        "  sport = 22 and\n                ^\n")]
    [InlineData(new[] { "--filter", "( dport >= 1024 or sport = :22 dport" },
        "netstate: filter: 'dport' needs a port (see docs/filters.md or 'netstate --help')\n",
        "  ( dport >= 1024 or sport = :22 dport\n                                      ^\n")]
    [InlineData(new[] { "-tn", "sport", "=", "22", "-p" },
        "netstate: filter: '-p' looks like an option, but options must come before the filter",
        "  sport = 22 -p\n             ^\n")]
    // A control character in the expression is escaped, and the caret moves with it.
    [InlineData(new[] { "--filter", "comm \u001b[31m bogus" },
        "netstate: filter: unknown filter keyword 'bogus'",
        "  comm \\x1B[31m bogus\n                ^\n")]
    public void A_malformed_filter_is_shown_with_a_caret_under_the_mistake(string[] args, string firstLine, string caretLines)
    {
        (ReturnCode code, string stdout, string stderr) = Run(args);
        Assert.Equal(ReturnCode.UsageError, code);
        Assert.Equal("", stdout);
        Assert.StartsWith(firstLine, stderr, StringComparison.Ordinal);
        Assert.EndsWith(caretLines, stderr, StringComparison.Ordinal);
        Assert.Equal(3, stderr.Count(c => c == '\n'));
    }

    [Fact]
    public void A_filter_narrows_the_default_listing_which_still_leaves_out_listeners()
    {
        using TempTree proc = Proc();
        (ReturnCode code, string stdout, string stderr) = Run("-tn", "--proc-root", proc.Root, "sport", "=", ":22");
        Assert.Equal(ReturnCode.Success, code);
        Assert.Equal("", stderr);
        Assert.StartsWith("Active Internet connections (w/o servers)\n", stdout, StringComparison.Ordinal);
        Assert.Equal(["tcp        0      0 10.0.0.1:22             10.0.0.2:5000           ESTABLISHED"], Rows(stdout).Select(r => r.TrimEnd()));
    }

    [Fact]
    public void A_state_filter_replaces_the_default_state_set_as_in_ss()
    {
        using TempTree proc = Proc();
        (_, string withoutFlags, _) = Run("-tn", "--proc-root", proc.Root, "state", "listening");
        (_, string againstListening, _) = Run("-tln", "--proc-root", proc.Root, "state", "established");

        Assert.StartsWith("Active Internet connections (servers and established)\n", withoutFlags, StringComparison.Ordinal);
        Assert.Equal(["tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN"], Rows(withoutFlags).Select(r => r.TrimEnd()));
        Assert.Equal(2, Rows(againstListening).Length);
        Assert.All(Rows(againstListening), r => Assert.Contains("ESTABLISHED", r, StringComparison.Ordinal));
    }

    [Fact]
    public void Protocol_and_family_filters_drop_whole_sections()
    {
        using TempTree proc = Proc();
        (_, string tcpOnly, _) = Run("-an", "--proc-root", proc.Root, "proto", "tcp");
        (_, string unixOnly, _) = Run("-an", "--proc-root", proc.Root, "family", "unix");

        Assert.DoesNotContain("UNIX domain", tcpOnly, StringComparison.Ordinal);
        Assert.DoesNotContain("udp ", tcpOnly, StringComparison.Ordinal);
        Assert.Equal(3, Rows(tcpOnly).Length);
        Assert.DoesNotContain("Internet", unixOnly, StringComparison.Ordinal);
        Assert.Contains("/run/test.sock", unixOnly, StringComparison.Ordinal);
    }

    [Fact]
    public void A_comm_filter_scans_owners_without_adding_the_program_column()
    {
        using TempTree proc = Proc();
        (ReturnCode code, string stdout, _) = Run("-tan", "--proc-root", proc.Root, "comm", "sshd");
        Assert.Equal(ReturnCode.Success, code);
        Assert.DoesNotContain("PID/Program", stdout, StringComparison.Ordinal);
        string[] rows = Rows(stdout);
        Assert.Equal(2, rows.Length);
        Assert.All(rows, r => Assert.Contains(":22 ", r, StringComparison.Ordinal));

        (_, string withPrograms, _) = Run("-tanp", "--proc-root", proc.Root, "not", "comm", "'ss*'");
        Assert.Equal(["tcp        0      0 10.0.0.1:40000          93.184.216.34:443       ESTABLISHED -"], Rows(withPrograms).Select(r => r.TrimEnd()));
    }

    [Fact]
    public void Every_round_of_c_is_filtered()
    {
        using TempTree proc = Proc();
        (ReturnCode code, string stdout, _) = Run("-tan", "-c", "0.01", "--count", "2", "--proc-root", proc.Root, "uid", "=", "1000");
        Assert.Equal(ReturnCode.Success, code);
        string[] rows = Rows(stdout);
        Assert.Equal(2, rows.Length);
        Assert.All(rows, r => Assert.Contains("93.184.216.34:443", r, StringComparison.Ordinal));
    }
}
