using System.Reflection;
using System.Text.RegularExpressions;
using Netstate.Cli.Arguments;

namespace Netstate.Cli.Tests;

/// <summary>The whole program: arguments in, text and an exit code out.</summary>
public sealed class NetstateAppTests
{
    private const string InetColumns = "Proto Recv-Q Send-Q Local Address           Foreign Address         State      ";

    private static (ReturnCode Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        ReturnCode code = NetstateApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string[] Words(string commandLine) => commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>One line, "netstate: ...", and nothing that looks like a .NET exception.</summary>
    private static void AssertOneErrorLine(string stderr)
    {
        Assert.StartsWith("netstate: ", stderr, StringComparison.Ordinal);
        Assert.EndsWith("\n", stderr, StringComparison.Ordinal);
        Assert.Equal(1, stderr.Count(c => c == '\n'));
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-q", "netstate: unknown option '-q'")]
    [InlineData("-tulpnq", "netstate: unknown option '-q' in '-tulpnq'")]
    [InlineData("--bogus", "netstate: unknown option '--bogus'")]
    [InlineData("--num", "netstate: option '--num' is ambiguous")]
    [InlineData("--tcp=1", "netstate: option '--tcp' takes no value")]
    [InlineData("-A", "netstate: option '-A' needs an address family")]
    [InlineData("-A foo", "netstate: unknown address family 'foo'")]
    [InlineData("-A ipx", "netstate: address family 'ipx' is not supported")]
    [InlineData("-r -i", "netstate: -r and -i cannot be combined")]
    [InlineData("-s -M", "netstate: -s and -M cannot be combined")]
    [InlineData("-c 0", "netstate: -c needs a number of seconds")]
    [InlineData("--count 0", "netstate: --count needs a positive whole number")]
    [InlineData("tcp", "netstate: unexpected argument 'tcp'")]
    public void Usage_errors_exit_2_with_one_line_on_stderr(string commandLine, string expectedStart)
    {
        (ReturnCode code, string stdout, string stderr) = Run(Words(commandLine));

        Assert.Equal(ReturnCode.UsageError, code);
        Assert.Equal(2, (int)code);
        Assert.Equal("", stdout);
        AssertOneErrorLine(stderr);
        Assert.StartsWith(expectedStart, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_usage_error_hints_at_help()
    {
        (_, _, string stderr) = Run("-q");
        Assert.Equal("netstate: unknown option '-q' (see 'netstate --help')\n", stderr);
    }

    /// <summary>
    /// The error line quotes what was typed; a value with a newline or an escape sequence in it
    /// must still give one line, and nothing that a terminal would act on.
    /// </summary>
    [Theory]
    [InlineData("-A", "inet\nnetstate: fake second line")]
    [InlineData("-A", "\u001b[2Jinet")]
    [InlineData("--proc-root\n", "x")]
    public void A_usage_error_quoting_control_characters_stays_one_safe_line(string flag, string value)
    {
        (ReturnCode code, string stdout, string stderr) = Run(flag, value);

        Assert.Equal(ReturnCode.UsageError, code);
        Assert.Equal("", stdout);
        AssertOneErrorLine(stderr);
        Assert.DoesNotContain('\u001b', stderr);
    }

    [Theory]
    [InlineData("-S")]
    [InlineData("-Z")]
    [InlineData("-2")]
    [InlineData("--rfcomm")]
    public void Unsupported_socket_kinds_exit_1_with_one_line(string flag)
    {
        (ReturnCode code, string stdout, string stderr) = Run(flag);

        Assert.Equal(ReturnCode.Failure, code);
        Assert.Equal("", stdout);
        AssertOneErrorLine(stderr);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("--he")]
    [InlineData("-tulpn -h")]
    [InlineData("-r -i -h")]
    // Help reads nothing: a missing proc tree does not matter.
    [InlineData("-h --proc-root /nonexistent/netstate-help")]
    public void Help_goes_to_stdout_with_exit_0(string commandLine)
    {
        (ReturnCode code, string stdout, string stderr) = Run(Words(commandLine));

        Assert.Equal(ReturnCode.Success, code);
        Assert.Equal("", stderr);
        Assert.Equal(UsageText.Full, stdout);
        Assert.StartsWith("usage: netstate ", stdout, StringComparison.Ordinal);
        Assert.Contains("  -p, --programs ", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-V")]
    [InlineData("--version")]
    [InlineData("-tulpn -V")]
    public void Version_goes_to_stdout_with_exit_0(string commandLine)
    {
        (ReturnCode code, string stdout, string stderr) = Run(Words(commandLine));

        Assert.Equal(ReturnCode.Success, code);
        Assert.Equal("", stderr);
        Assert.Matches(new Regex(@"\Anetstate [0-9]+\.[0-9]+\.[0-9]+ \(commit [0-9a-f]{12}\)\n", RegexOptions.None, TimeSpan.FromSeconds(1)), stdout);
        string expectedVersion = typeof(NetstateApp).Assembly.GetName().Version!.ToString(3);
        // The tests build from a git checkout, so the SDK recorded its commit.
        Assert.NotNull(VersionText.Commit);
        Assert.Matches("^[0-9a-f]{40}$", VersionText.Commit);
        // The build-time constant is the commit the SDK also wrote into the informational version.
        string? informational = typeof(NetstateApp).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        Assert.Equal($"{expectedVersion}+{VersionText.Commit}", informational);
        Assert.StartsWith($"netstate {expectedVersion} (commit {VersionText.Commit[..12]})\n", stdout, StringComparison.Ordinal);
        Assert.EndsWith("\n", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-V --bogus", "netstate ")]
    [InlineData("-h -q", "usage: netstate ")]
    public void Help_and_version_win_over_flags_after_them_as_in_netstat(string commandLine, string expectedStart)
    {
        // net-tools 2.10: "netstat -V --bogus" and "netstat -h -q" both exit 0 with their text on stdout.
        (ReturnCode code, string stdout, string stderr) = Run(Words(commandLine));

        Assert.Equal("", stderr);
        Assert.Equal(ReturnCode.Success, code);
        Assert.StartsWith(expectedStart, stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_proc_root_with_a_trailing_slash_is_named_without_it()
    {
        (ReturnCode code, _, string stderr) = Run("--proc-root", "/nonexistent/netstate-cli-tests/");

        Assert.Equal(ReturnCode.Failure, code);
        AssertOneErrorLine(stderr);
        Assert.StartsWith("netstate: /nonexistent/netstate-cli-tests/net does not exist", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-tulpn")]
    [InlineData("-x")]
    [InlineData("-rn")]
    [InlineData("-i")]
    [InlineData("-gn")]
    [InlineData("-M")]
    [InlineData("-s")]
    [InlineData("--summary")]
    [InlineData("doctor --window 0")]
    [InlineData("explain")]
    public void A_proc_root_that_does_not_exist_exits_1_with_a_clear_message(string flags)
    {
        const string Missing = "/nonexistent/netstate-cli-tests/proc";
        (ReturnCode code, string stdout, string stderr) = Run([.. Words(flags), "--proc-root", Missing]);

        Assert.Equal(ReturnCode.Failure, code);
        Assert.Equal("", stdout);
        AssertOneErrorLine(stderr);
        Assert.StartsWith($"netstate: {Missing}/net does not exist", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Debug_adds_the_details_after_the_one_line()
    {
        (ReturnCode code, _, string stderr) = Run("--debug", "-q");

        Assert.Equal(ReturnCode.UsageError, code);
        string[] lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("netstate: unknown option '-q' (see 'netstate --help')", lines[0]);
        Assert.True(lines.Length > 1, "--debug should print the exception details after the message");
        Assert.Contains("UsageException", stderr, StringComparison.Ordinal);
    }

    // A captured /proc tree: /proc/net/tcp as the kernel writes it (addresses as native-endian
    // hex words, "tx_queue:rx_queue", "tr:tm->when"), and /proc/net/unix.
    private const string TcpTable =
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n" +
        "   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1134 1 0000000000000000 100 0 0 10 0\n" +
        "   1: 0100007F:9701 0100007F:0CEA 01 00000000:00000024 02:000A9B3C 00000000  1000        0 5678 2 0000000000000000 20 4 30 10 -1\n";

    private const string UnixTable =
        "Num       RefCount Protocol Flags    Type St Inode Path\n" +
        "0000000000000000: 00000002 00000000 00010000 0001 01 12345 /run/test.sock\n" +
        "0000000000000000: 00000003 00000000 00000000 0001 03 67890\n";

    private const string ListenRow = "tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN     \n";
    private const string EstablishedRow = "tcp       36      0 127.0.0.1:38657         127.0.0.1:3306          ESTABLISHED\n";

    private static TempTree FakeProc()
    {
        var tree = new TempTree();
        tree.WriteText("net/tcp", TcpTable);
        tree.WriteText("net/unix", UnixTable);
        return tree;
    }

    [Fact]
    public void Lists_connections_from_a_proc_tree_without_servers_by_default()
    {
        using TempTree proc = FakeProc();
        (ReturnCode code, string stdout, string stderr) = Run("-tn", "--proc-root", proc.Root);

        Assert.Equal(ReturnCode.Success, code);
        Assert.Equal("", stderr);
        Assert.Equal("Active Internet connections (w/o servers)\n" + InetColumns + "\n" + EstablishedRow, stdout);
    }

    [Fact]
    public void Lists_only_servers_with_l()
    {
        using TempTree proc = FakeProc();
        (ReturnCode code, string stdout, _) = Run("-tln", "--proc-root", proc.Root);

        Assert.Equal(ReturnCode.Success, code);
        Assert.Equal("Active Internet connections (only servers)\n" + InetColumns + "\n" + ListenRow, stdout);
    }

    [Fact]
    public void Lists_everything_with_every_column_for_tanpeo()
    {
        using TempTree proc = FakeProc();
        (ReturnCode code, string stdout, string stderr) = Run("-tanpeo", "--proc-root", proc.Root);

        Assert.Equal(ReturnCode.Success, code);
        Assert.Equal("", stderr);
        Assert.Equal(
            "Active Internet connections (servers and established)\n" +
            InetColumns + " User       Inode      PID/Program name     Timer\n" +
            "tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN      0          1134       -                    off (0.00/0/0)\n" +
            "tcp       36      0 127.0.0.1:38657         127.0.0.1:3306          ESTABLISHED 1000       5678       -                    keepalive (6951.00/0/0)\n",
            stdout);
    }

    [Fact]
    public void Lists_unix_sockets_alone_for_x()
    {
        using TempTree proc = FakeProc();
        (ReturnCode code, string stdout, _) = Run("-xa", "--proc-root", proc.Root);

        Assert.Equal(ReturnCode.Success, code);
        Assert.Equal(
            "Active UNIX domain sockets (servers and established)\n" +
            "Proto RefCnt Flags       Type       State         I-Node   Path\n" +
            "unix  2      [ ACC ]     STREAM     LISTENING     12345    /run/test.sock\n" +
            "unix  3      [ ]         STREAM     CONNECTED     67890    \n",
            stdout);
    }

    [Fact]
    public void Lists_both_sections_with_no_selector()
    {
        using TempTree proc = FakeProc();
        (ReturnCode code, string stdout, _) = Run("-n", "--proc-root", proc.Root);

        Assert.Equal(ReturnCode.Success, code);
        Assert.Equal(
            "Active Internet connections (w/o servers)\n" + InetColumns + "\n" + EstablishedRow +
            "Active UNIX domain sockets (w/o servers)\n" +
            "Proto RefCnt Flags       Type       State         I-Node   Path\n" +
            "unix  3      [ ]         STREAM     CONNECTED     67890    \n",
            stdout);
    }

    [Fact]
    public void Count_bounds_a_continuous_listing()
    {
        using TempTree proc = FakeProc();
        (ReturnCode code, string stdout, _) = Run("-tn", "-c", "0.01", "--count", "3", "--proc-root", proc.Root);

        string once = "Active Internet connections (w/o servers)\n" + InetColumns + "\n" + EstablishedRow;
        Assert.Equal(ReturnCode.Success, code);
        Assert.Equal(once + once + once, stdout);
    }

    private const string InetHeader =
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

    private const string Tail = " 0000000000000000 100 0 0 10 0\n";

    /// <summary>Every table, in netstat's order: tcp, tcp6, udp, udp6, udplite, raw, raw6, then unix.</summary>
    private static TempTree FullProc()
    {
        var tree = new TempTree();
        tree.WriteText("net/tcp", InetHeader +
            "   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1134 1" + Tail +
            "   1: 0100007F:9701 0100007F:0CEA 01 00000000:00000024 02:000A9B3C 00000000  1000        0 5678 2" + Tail);
        tree.WriteText("net/tcp6", InetHeader +
            "   0: 00000000000000000000000000000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2001 1" + Tail +
            "   1: 0000000000000000FFFF00000100007F:1F90 0000000000000000FFFF00000100007F:A112 01 00000000:00000000 00:00000000 00000000     0        0 2002 1" + Tail);
        tree.WriteText("net/udp", InetHeader +
            "  100: 00000000:0044 00000000:0000 07 00000000:00000000 00:00000000 00000005     0        0 2222 2 0000000000000000 0\n" +
            "  101: 0500000A:9C40 0100000A:0035 01 00000000:00000000 02:00000064 00000005   100        0 2223 2 0000000000000000 0\n");
        tree.WriteText("net/udp6", InetHeader +
            "  100: 00000000000000000000000000000000:14E9 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 2226 2 0000000000000000 0\n");
        tree.WriteText("net/udplite", InetHeader +
            "  100: 00000000:0009 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 2300 2 0000000000000000 0\n");
        tree.WriteText("net/raw", InetHeader +
            "   1: 00000000:0001 00000000:0000 07 00000000:00000000 01:00000032 00000004     0        0 3333 2 0000000000000000 0\n");
        tree.WriteText("net/raw6", InetHeader +
            "  58: 00000000000000000000000000000000:003A 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 3336 2 0000000000000000 0\n");
        tree.WriteText("net/unix", UnixTable);
        tree.WriteBytes("1234/cmdline", "/usr/sbin/sshd\0-D\0"u8.ToArray());
        tree.Link("1234/fd/3", "socket:[1134]");
        tree.Link("1234/fd/4", "socket:[2001]");
        return tree;
    }

    [Fact]
    public void Lists_every_table_in_netstats_order_for_anpo()
    {
        // The same tree under a private /proc gives this output from net-tools 2.10 "netstat -anpo".
        using TempTree proc = FullProc();
        (ReturnCode code, string stdout, string stderr) = Run("-anpo", "--proc-root", proc.Root);

        Assert.Equal(ReturnCode.Success, code);
        Assert.Equal("", stderr);
        Assert.Equal(
            "Active Internet connections (servers and established)\n" +
            InetColumns + " PID/Program name     Timer\n" +
            "tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN      1234/sshd            off (0.00/0/0)\n" +
            "tcp       36      0 127.0.0.1:38657         127.0.0.1:3306          ESTABLISHED -                    keepalive (6951.00/0/0)\n" +
            "tcp6       0      0 :::22                   :::*                    LISTEN      1234/sshd            off (0.00/0/0)\n" +
            "tcp6       0      0 127.0.0.1:8080          127.0.0.1:41234         ESTABLISHED -                    off (0.00/0/0)\n" +
            "udp        0      0 0.0.0.0:68              0.0.0.0:*                           -                    off (0.00/0/0)\n" +
            "udp        0      0 10.0.0.5:40000          10.0.0.1:53             ESTABLISHED -                    on2 (1.00/0/0)\n" +
            "udp6       0      0 :::5353                 :::*                                -                    off (0.00/0/0)\n" +
            "udpl       0      0 0.0.0.0:9               0.0.0.0:*                           -                    off (0.00/0/0)\n" +
            "raw        0      0 0.0.0.0:1               0.0.0.0:*               7           -                    on1 (0.50/4/0)\n" +
            "raw6       0      0 :::58                   :::*                    7           -                    off (0.00/0/0)\n" +
            "Active UNIX domain sockets (servers and established)\n" +
            "Proto RefCnt Flags       Type       State         I-Node   PID/Program name     Path\n" +
            "unix  2      [ ACC ]     STREAM     LISTENING     12345    -                    /run/test.sock\n" +
            "unix  3      [ ]         STREAM     CONNECTED     67890    -                    \n",
            stdout);
    }

    [Theory]
    [InlineData("-4 -an", "tcp ,tcp ,udp ,udp ,udpl ,raw ")]
    [InlineData("-6 -an", "tcp6 ,tcp6 ,udp6 ,raw6 ")]
    [InlineData("-t -an", "tcp ,tcp ,tcp6 ,tcp6 ")]
    [InlineData("-tw -6 -an", "tcp6 ,tcp6 ,raw6 ")]
    [InlineData("-A inet,unix -an", "tcp ,tcp ,udp ,udp ,udpl ,raw ,unix ,unix ")]
    [InlineData("-x -an", "unix ,unix ")]
    [InlineData("-U -an", "udpl ")]
    [InlineData("-ln", "tcp ,tcp6 ,udp ,udp6 ,udpl ,raw ,raw6 ,unix ")]
    [InlineData("-n", "tcp ,tcp6 ,udp ,unix ")]
    public void Selectors_pick_the_tables_netstat_would(string commandLine, string expectedProtocols)
    {
        using TempTree proc = FullProc();
        (ReturnCode code, string stdout, _) = Run([.. Words(commandLine), "--proc-root", proc.Root]);

        Assert.Equal(ReturnCode.Success, code);
        string[] rows = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith("Active ", StringComparison.Ordinal) && !line.StartsWith("Proto ", StringComparison.Ordinal))
            .Select(line => line[..line.IndexOf(' ', StringComparison.Ordinal)] + " ")
            .ToArray();
        Assert.Equal(expectedProtocols, string.Join(',', rows));
        Assert.Equal(expectedProtocols.Contains("unix", StringComparison.Ordinal), stdout.Contains("Active UNIX domain sockets", StringComparison.Ordinal));
        Assert.Equal(expectedProtocols.Replace("unix ", "", StringComparison.Ordinal).Trim(',').Length > 0,
            stdout.Contains("Active Internet connections", StringComparison.Ordinal));
    }

    /// <summary>
    /// The kernel writes unix socket paths into /proc/net/unix byte for byte, newlines included,
    /// so any local user can put a line of their choosing into the file. The malformed line it
    /// makes is reported on stderr; it must not carry the escape sequences through.
    /// </summary>
    [Fact]
    public void A_malformed_line_made_by_a_hostile_socket_path_is_reported_without_control_characters()
    {
        using var proc = new TempTree();
        proc.WriteText("net/unix",
            "Num       RefCount Protocol Flags    Type St Inode Path\n" +
            "0000000000000000: 00000002 00000000 00010000 0001 01 12345 @evil\n" +
            "\u001b]0;owned\u0007\u001b[2J\u001b[31mnetstate: all good\n");
        (ReturnCode code, string stdout, string stderr) = Run("-xan", "--proc-root", proc.Root);

        Assert.Equal(ReturnCode.Success, code);
        Assert.Contains("unix  2      [ ACC ]     STREAM     LISTENING     12345    @evil\n", stdout, StringComparison.Ordinal);
        Assert.StartsWith("netstate: warning: ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', stderr);
        Assert.DoesNotContain('\u0007', stderr);
    }
}
