using Netstate.Cli.Rendering;
using Netstate.Core.Kernel;
using Netstate.Core.Platform.Linux;
using Netstate.Core.Platform.Linux.Kernel;

namespace Netstate.Cli.Tests;

/// <summary>
/// netstate -s on the counter files in Fixtures/counters and on small hand-written trees: which
/// tables each flag shows, netstat's sentences and histograms, and the errors. The comparison with
/// netstat itself is in the integration tests (StatisticsCompatibilityTests).
/// </summary>
public sealed class StatisticsTests
{
    private static string Tree(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "counters", name);

    private static (ReturnCode Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        ReturnCode code = NetstateApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The "Table:" header lines, in order.</summary>
    private static string[] Headers(string output) =>
        [.. output.Split('\n').Where(l => l.Length > 0 && l[0] != ' ').Select(l => l.TrimEnd(':'))];

    /// <summary>The lines under one "Table:" header, header included.</summary>
    private static string Block(string output, string table)
    {
        int start = output.StartsWith(table + ":\n", StringComparison.Ordinal) ? 0 : output.IndexOf("\n" + table + ":\n", StringComparison.Ordinal) + 1;
        Assert.True(start >= 0, $"no table {table}");
        int end = start + table.Length + 2;
        while (end < output.Length && output[end] == ' ')
            end = output.IndexOf('\n', end) + 1;
        return output[start..end];
    }

    [Theory]
    [InlineData("-s", "Ip Icmp IcmpMsg Tcp Udp UdpLite TcpExt IpExt MPTcpExt FutureExt")]
    [InlineData("--statistics", "Ip Icmp IcmpMsg Tcp Udp UdpLite TcpExt IpExt MPTcpExt FutureExt")]
    [InlineData("-s -4", "Ip Icmp IcmpMsg Tcp Udp UdpLite TcpExt IpExt MPTcpExt FutureExt")]
    [InlineData("-s -A inet", "Ip Icmp IcmpMsg Tcp Udp UdpLite TcpExt IpExt MPTcpExt FutureExt")]
    [InlineData("-stuwU", "Ip Icmp IcmpMsg Tcp Udp UdpLite TcpExt IpExt MPTcpExt FutureExt")]
    [InlineData("-st", "Tcp TcpExt MPTcpExt")]
    [InlineData("-s --tcp", "Tcp TcpExt MPTcpExt")]
    [InlineData("-su", "Udp")]
    [InlineData("-sU", "UdpLite")]
    [InlineData("-sw", "Ip Icmp IcmpMsg IpExt")]
    [InlineData("-stu", "Tcp Udp TcpExt MPTcpExt")]
    [InlineData("-s -6", "Ip6 Icmp6 Udp6 UdpLite6 Mptcp6 Tcp")]
    [InlineData("-s -A inet6", "Ip6 Icmp6 Udp6 UdpLite6 Mptcp6 Tcp")]
    [InlineData("-st -6", "Tcp")]
    [InlineData("-su -6", "Udp6")]
    [InlineData("-sU -6", "UdpLite6")]
    [InlineData("-sw -6", "Ip6 Icmp6")]
    [InlineData("-s -4 -6", "Ip Icmp IcmpMsg Tcp Udp UdpLite TcpExt IpExt MPTcpExt FutureExt Ip6 Icmp6 Udp6 UdpLite6 Mptcp6")]
    [InlineData("-s -A inet6,inet", "Ip Icmp IcmpMsg Tcp Udp UdpLite TcpExt IpExt MPTcpExt FutureExt Ip6 Icmp6 Udp6 UdpLite6 Mptcp6")]
    [InlineData("-st -4 -6", "Tcp TcpExt MPTcpExt")]
    public void Protocol_and_family_flags_pick_the_tables(string commandLine, string tables)
    {
        (ReturnCode code, string stdout, string stderr) = Run([.. commandLine.Split(' '), "--proc-root", Tree("newer-kernel")]);

        Assert.Equal(ReturnCode.Success, code);
        Assert.Equal("", stderr);
        Assert.Equal(tables.Split(' '), Headers(stdout));
    }

    [Fact]
    public void Tcp_and_ipv4_tables_read_as_netstat_sentences()
    {
        (_, string stdout, _) = Run("-s", "--proc-root", Tree("linux-6.18"));

        Assert.StartsWith("Ip:\n    16952 total packets received\n    0 forwarded\n", stdout, StringComparison.Ordinal);
        Assert.Contains(
            "Tcp:\n    218 active connection openings\n    164 passive connection openings\n    2 failed connection attempts\n" +
            "    12 connection resets received\n    0 connections established\n    16628 segments received\n" +
            "    15438 segments sent out\n    90 segments retransmitted\n    0 bad segments received\n    50 resets sent\nUdp:\n",
            stdout, StringComparison.Ordinal);
        // Known counters netstat's unsorted lookup misses get their sentences here.
        Assert.Contains("    4 other TCP timeouts\n", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("TCPTimeouts", stdout, StringComparison.Ordinal);
        // Configuration values are not counters: Forwarding, DefaultTTL, RtoMin, MaxConn never show.
        Assert.DoesNotContain("Forwarding", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("MaxConn", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("-1", stdout, StringComparison.Ordinal);
        // Unknown counters as "Name: value", only when not 0.
        Assert.Contains("    OutTransmits: 15688\n", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("InCsumErrors", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Icmp_histograms_have_titles_at_the_table_indent_and_entries_deeper()
    {
        (_, string ipv4, _) = Run("-sw", "--proc-root", Tree("linux-6.18"));
        (_, string ipv6, _) = Run("-sw", "-6", "--proc-root", Tree("linux-6.18"));

        Assert.Contains(
            "Icmp:\n    3 ICMP messages received\n    0 input ICMP message failed\n    ICMP input histogram:\n" +
            "        destination unreachable: 3\n    0 ICMP messages sent\n    0 ICMP messages failed\n    ICMP output histogram:\n" +
            "IcmpMsg:\n    InType3: 3\n", ipv4, StringComparison.Ordinal);
        Assert.Contains(
            "Icmp6:\n    3 ICMP messages received\n    1 input ICMP message failed\n    13 ICMP messages sent\n" +
            "    ICMP input histogram:\n        destination unreachable: 3\n    ICMP output histogram:\n" +
            "        destination unreachable: 3\n        neighbor solicits: 6\n        Icmp6OutMLDv2Reports: 4\n" +
            "        Icmp6InType1: 3\n", ipv6, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_counter_netstat_has_a_sentence_for_is_shown_with_it()
    {
        (ReturnCode code, string stdout, string stderr) = Run("-s", "-4", "-6", "--proc-root", Tree("every-known"));
        KernelCounters counters = KernelCounterReader.Read(new ProcRoot(Tree("every-known"))).Counters;

        Assert.Equal(ReturnCode.Success, code);
        Assert.Equal("", stderr);
        int sentences = 0;
        foreach (CounterTable table in counters.Tables)
        {
            string block = Block(stdout, table.Name);
            foreach (KernelCounter counter in table.Counters)
            {
                if (!StatisticsSentences.TryFind(table.Name, counter.Name, out Sentence sentence))
                    continue;
                Assert.DoesNotContain($" {counter.Name}: ", block, StringComparison.Ordinal);
                if (sentence.Kind == SentenceKind.Hidden)
                    continue;
                Assert.Contains(string.Format(System.Globalization.CultureInfo.InvariantCulture, sentence.Format, counter.Value) + "\n", block, StringComparison.Ordinal);
                sentences++;
            }
        }
        Assert.Equal(206 - 6, sentences); // all of netstat 2.10's entries but the six hidden ones
        Assert.Contains("Sctp:\n    2902 Number of Aborteds \n", stdout, StringComparison.Ordinal);
        Assert.Contains("        router advertisement: 2720\n", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_tables_and_counters_print_their_names_and_signed_values()
    {
        (_, string stdout, _) = Run("-s", "--proc-root", Tree("newer-kernel"));

        Assert.EndsWith("FutureExt:\n    NewCounter: 5\n    NegativeCounter: -1\n    HugeCounter: 18446744073709551615\n", stdout, StringComparison.Ordinal);
        Assert.Contains("    50 resets sent\n    TcpFutureCounter: 21\nUdp:\n", stdout, StringComparison.Ordinal);
        Assert.Contains("    InOctets: 18446744073709551615\n    OutOctets: 9223372036854775808\n", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_table_starts_at_the_normal_indent_whatever_the_previous_one_ended_with()
    {
        using var tree = new TempTree();
        tree.WriteText("net/snmp",
            "Icmp: InMsgs InDestUnreachs OutMsgs OutEchos\nIcmp: 1 1 2 2\nIcmpMsg: InType3 OutType8\nIcmpMsg: 1 2\n");

        (ReturnCode code, string stdout, _) = Run("-s", "--proc-root", tree.Root);

        Assert.Equal(ReturnCode.Success, code);
        Assert.Equal(
            "Icmp:\n    1 ICMP messages received\n    ICMP input histogram:\n        destination unreachable: 1\n" +
            "    2 ICMP messages sent\n    ICMP output histogram:\n        echo requests: 2\n" +
            "IcmpMsg:\n    InType3: 1\n    OutType8: 2\n", stdout);
    }

    [Fact]
    public void Continuous_mode_prints_the_counters_once_as_netstat_does()
    {
        (ReturnCode code, string stdout, _) = Run("-sc", "--proc-root", Tree("linux-6.18"));

        Assert.Equal(ReturnCode.Success, code);
        Assert.Single(Headers(stdout), "Tcp");
    }

    [Theory]
    [InlineData("-sx")]
    [InlineData("-s -A unix")]
    [InlineData("-s -6 --unix")]
    public void Unix_sockets_have_no_statistics(string commandLine)
    {
        (ReturnCode code, string stdout, string stderr) = Run([.. commandLine.Split(' '), "--proc-root", Tree("linux-6.18")]);

        Assert.Equal(ReturnCode.UsageError, code);
        Assert.Equal("", stdout);
        Assert.Equal("netstate: -s has no statistics for unix sockets (it shows the inet counters, or inet6 with -6)\n", stderr);
    }

    [Fact]
    public void Without_snmp6_the_ipv6_counters_fail_with_one_line_after_what_could_be_read()
    {
        using var tree = new TempTree();
        tree.WriteText("net/snmp", "Tcp: ActiveOpens\nTcp: 7\n");

        (ReturnCode code, string stdout, string stderr) = Run("-s", "-6", "--proc-root", tree.Root);

        Assert.Equal(ReturnCode.Failure, code);
        Assert.Equal("Tcp:\n    7 active connection openings\n", stdout);
        Assert.Equal($"netstate: cannot read {tree.Root}/net/snmp6 (IPv6 is disabled in this kernel, or --proc-root names a tree without it; -4 shows the IPv4 counters)\n", stderr);
    }

    [Fact]
    public void Without_snmp_the_ipv4_counters_fail_after_the_extension_tables()
    {
        using var tree = new TempTree();
        tree.WriteText("net/netstat", "TcpExt: ListenOverflows\nTcpExt: 3\n");

        (ReturnCode code, string stdout, string stderr) = Run("-s", "--proc-root", tree.Root);

        Assert.Equal(ReturnCode.Failure, code);
        Assert.Equal("TcpExt:\n    3 times the listen queue of a socket overflowed\n", stdout);
        Assert.StartsWith($"netstate: cannot read {tree.Root}/net/snmp (", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Broken_lines_are_warned_about_once_each_and_the_rest_is_shown()
    {
        using var tree = new TempTree();
        tree.WriteText("net/snmp", "Tcp: ActiveOpens PassiveOpens\nTcp: 7\ngarbage \u001b[31m\nUdp: InDatagrams\nUdp: 5\n");

        (ReturnCode code, string stdout, string stderr) = Run("-s", "--proc-root", tree.Root);

        Assert.Equal(ReturnCode.Success, code);
        Assert.Equal("Tcp:\n    7 active connection openings\nUdp:\n    5 packets received\n", stdout);
        string[] warnings = stderr.TrimEnd('\n').Split('\n');
        Assert.Equal(2, warnings.Length);
        Assert.All(warnings, w => Assert.StartsWith("netstate: warning: ", w, StringComparison.Ordinal));
        Assert.Contains("2 names but 1 values", warnings[0], StringComparison.Ordinal);
        Assert.Contains("\\x1B[31m", warnings[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Verbose_says_which_files_were_read()
    {
        (ReturnCode code, _, string stderr) = Run("-sv", "--proc-root", Tree("linux-6.18"));

        Assert.Equal(ReturnCode.Success, code);
        Assert.Contains("counters: read from ", stderr, StringComparison.Ordinal);
        Assert.Contains("sctp/snmp does not exist", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_snmp_file_prints_nothing_and_succeeds()
    {
        using var tree = new TempTree();
        tree.WriteText("net/snmp", "");

        (ReturnCode code, string stdout, string stderr) = Run("-s", "--proc-root", tree.Root);

        Assert.Equal(ReturnCode.Success, code);
        Assert.Equal("", stdout);
        Assert.Equal("", stderr);
    }
}
