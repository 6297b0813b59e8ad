using System.Text;
using Netstate.Core.Kernel;
using Netstate.Core.Model;
using Netstate.Core.Platform.Linux;
using Netstate.Core.Platform.Linux.Kernel;

namespace Netstate.Core.Tests;

/// <summary>
/// /proc/net/snmp, /proc/net/netstat and /proc/net/snmp6 on the captures and hand-made kernels in
/// Fixtures/counters (see Fixtures/README.md), and on broken files in Fixtures/edge.
/// </summary>
public sealed class KernelCounterParserTests
{
    private static (KernelCounters Counters, ParseProblems Problems, List<SourceNote> Notes) Pairs(ReadOnlySpan<byte> text)
    {
        var counters = new KernelCounters();
        var problems = new ParseProblems();
        ProcNetSnmpParser.ParseTablePairs(text, "snmp", CounterFiles.Snmp, counters, problems);
        return (counters, problems, [.. problems.ToNotes("snmp")]);
    }

    private static (KernelCounters Counters, ParseProblems Problems, List<SourceNote> Notes) Lines(ReadOnlySpan<byte> text)
    {
        var counters = new KernelCounters();
        var problems = new ParseProblems();
        ProcNetSnmpParser.ParseNameValueLines(text, "snmp6", CounterFiles.Snmp6, ProcNetSnmpParser.Ipv6TableOf, counters, problems);
        return (counters, problems, [.. problems.ToNotes("snmp6")]);
    }

    private static string[] Names(KernelCounters counters) => [.. counters.Tables.Select(t => t.Name)];

    private static ProcRoot Root(string name) => new(Fixture.PathOf("counters/" + name));

    [Fact]
    public void The_captured_snmp_file_reads_every_table_in_order()
    {
        (KernelCounters counters, ParseProblems problems, _) = Pairs(Fixture.Bytes("counters/linux-6.18/net/snmp"));

        Assert.Equal(0, problems.Count);
        Assert.Equal(["Ip", "Icmp", "IcmpMsg", "Tcp", "Udp", "UdpLite"], Names(counters));
        Assert.Equal(20, counters.Table("Ip")!.Counters.Count);
        Assert.Equal(29, counters.Table("Icmp")!.Counters.Count);
        Assert.Equal(new KernelCounter("Forwarding", 2), counters.Table("Ip")!.Counters[0]);
        Assert.Equal(new KernelCounter("OutTransmits", 15688), counters.Table("Ip")!.Counters[^1]);
        Assert.Equal(-1, counters.Get("Tcp", "MaxConn"));
        Assert.Equal(218, counters.Get("Tcp", "ActiveOpens"));
        Assert.Equal(90, counters.Get("Tcp", "RetransSegs"));
        Assert.Equal(324, counters.Get("Udp", "OutDatagrams"));
        Assert.Equal(3, counters.Get("IcmpMsg", "InType3"));
        Assert.All(counters.Tables, t => Assert.Equal(CounterFiles.Snmp, t.Source));
    }

    [Fact]
    public void The_captured_netstat_file_reads_the_extension_tables()
    {
        var counters = new KernelCounters();
        var problems = new ParseProblems();
        ProcNetSnmpParser.ParseTablePairs(Fixture.Bytes("counters/linux-6.18/net/netstat"), "netstat", CounterFiles.Netstat, counters, problems);

        Assert.Equal(0, problems.Count);
        Assert.Equal(["TcpExt", "IpExt", "MPTcpExt"], Names(counters));
        Assert.Equal(135, counters.Table("TcpExt")!.Counters.Count);
        Assert.Equal(76, counters.Table("MPTcpExt")!.Counters.Count);
        // What the doctor reads: present (0 here) rather than absent.
        Assert.Equal(0, counters.Get("TcpExt", "ListenOverflows"));
        Assert.Equal(0, counters.Get("TcpExt", "ListenDrops"));
        Assert.Equal(0, counters.Get("TcpExt", "TCPAbortOnMemory"));
        Assert.Equal(4, counters.Get("TcpExt", "TCPTimeouts"));
        Assert.Equal(220186458, counters.Get("IpExt", "InOctets"));
        Assert.True(counters.TryGet("TcpExt", "SyncookiesSent", out Int128 sent));
        Assert.Equal(0, sent);
        Assert.False(counters.TryGet("TcpExt", "NoSuchCounter", out _));
        Assert.Null(counters.Get("NoSuchTable", "ListenDrops"));
    }

    [Fact]
    public void The_captured_snmp6_file_groups_counters_by_their_prefix()
    {
        (KernelCounters counters, ParseProblems problems, _) = Lines(Fixture.Bytes("counters/linux-6.18/net/snmp6"));

        Assert.Equal(0, problems.Count);
        Assert.Equal(["Ip6", "Icmp6", "Udp6", "UdpLite6"], Names(counters));
        Assert.Equal(90, counters.Tables.Sum(t => t.Counters.Count));
        Assert.Equal(1, counters.Get("Icmp6", "Icmp6InErrors"));
        Assert.Equal(16, counters.Get("Ip6", "Ip6OutRequests"));
        Assert.Equal("Ip6InReceives", counters.Table("Ip6")!.Counters[0].Name);
        Assert.Equal(0, counters.Get("UdpLite6", "UdpLite6MemErrors"));
    }

    [Theory]
    [InlineData("Ip6InReceives", "Ip6")]
    [InlineData("Icmp6OutType143", "Icmp6")]
    [InlineData("UdpLite6InDatagrams", "UdpLite6")]
    [InlineData("Udp6InDatagrams", "Udp6")]
    [InlineData("NoDigitSix", "NoDigitSix")]
    public void Ipv6_counters_belong_to_the_table_named_by_their_prefix(string counter, string table) =>
        Assert.Equal(table, ProcNetSnmpParser.Ipv6TableOf(counter));

    [Fact]
    public void The_reader_takes_the_ipv4_files_first_and_says_which_are_missing()
    {
        KernelCounterRead read = KernelCounterReader.Read(Root("linux-6.18"));

        Assert.Equal(["Ip", "Icmp", "IcmpMsg", "Tcp", "Udp", "UdpLite", "TcpExt", "IpExt", "MPTcpExt", "Ip6", "Icmp6", "Udp6", "UdpLite6"], Names(read.Counters));
        Assert.Equal(CounterFiles.Sctp, read.Missing);
        Assert.DoesNotContain(read.Notes, n => n.Kind == SourceNoteKind.Warning);
        Assert.Contains(read.Notes, n => n.Kind == SourceNoteKind.Unavailable && n.Message.Contains("sctp/snmp", StringComparison.Ordinal));
        Assert.Equal(CounterFiles.Netstat, read.Counters.Table("TcpExt")!.Source);
        Assert.Equal(CounterFiles.Snmp6, read.Counters.Table("Icmp6")!.Source);
    }

    [Fact]
    public void The_reader_reads_only_the_files_asked_for()
    {
        KernelCounterRead read = KernelCounterReader.Read(Root("linux-6.18"), CounterFiles.Snmp6);

        Assert.Equal(["Ip6", "Icmp6", "Udp6", "UdpLite6"], Names(read.Counters));
        Assert.Equal(CounterFiles.None, read.Missing);
        Assert.Single(read.Paths);
    }

    [Fact]
    public void Sctp_counters_form_one_table_between_the_ipv4_and_ipv6_files()
    {
        KernelCounterRead read = KernelCounterReader.Read(Root("every-known"));

        Assert.Equal(CounterFiles.None, read.Missing);
        CounterTable sctp = read.Counters.Table("Sctp")!;
        Assert.Equal(CounterFiles.Sctp, sctp.Source);
        Assert.Equal(17, sctp.Counters.Count);
        Assert.Equal("SctpAborteds", sctp.Counters[0].Name);
        int at = read.Counters.Tables.ToList().IndexOf(sctp);
        Assert.Equal("MPTcpExt", read.Counters.Tables[at - 1].Name);
        Assert.Equal("Ip6", read.Counters.Tables[at + 1].Name);
    }

    [Fact]
    public void An_older_kernel_lacks_tables_and_counters_and_has_a_blank_first_line()
    {
        KernelCounterRead read = KernelCounterReader.Read(Root("older-kernel"));

        Assert.DoesNotContain(read.Notes, n => n.Kind == SourceNoteKind.Warning);
        Assert.Equal(["Ip", "Icmp", "IcmpMsg", "Tcp", "Udp", "TcpExt", "IpExt", "Ip6", "Icmp6", "Udp6"], Names(read.Counters));
        Assert.Null(read.Counters.Table("UdpLite"));
        Assert.Null(read.Counters.Table("MPTcpExt"));
        Assert.Null(read.Counters.Get("Tcp", "InCsumErrors"));
        Assert.Null(read.Counters.Get("Ip", "OutTransmits"));
        // Counters that kernels removed long ago are still read as they come.
        Assert.Equal(120000, read.Counters.Get("TcpExt", "TCPDirectCopyFromBacklog"));
        Assert.Equal(17, read.Counters.Get("TcpExt", "ListenOverflows"));
        Assert.Equal(-1, read.Counters.Get("Tcp", "MaxConn"));
    }

    [Fact]
    public void A_newer_kernel_adds_counters_and_tables_that_are_kept()
    {
        KernelCounterRead read = KernelCounterReader.Read(Root("newer-kernel"));
        KernelCounters counters = read.Counters;

        Assert.DoesNotContain(read.Notes, n => n.Kind == SourceNoteKind.Warning);
        Assert.Equal(21, counters.Get("Tcp", "TcpFutureCounter"));
        Assert.Equal("TcpFutureCounter", counters.Table("Tcp")!.Counters[^1].Name);
        Assert.Equal(["NewCounter", "NegativeCounter", "HugeCounter", "ZeroCounter"], counters.Table("FutureExt")!.Counters.Select(c => c.Name));
        Assert.Equal(-1, counters.Get("FutureExt", "NegativeCounter"));
        Assert.Equal(ulong.MaxValue, counters.Get("FutureExt", "HugeCounter"));
        Assert.Equal(ulong.MaxValue, counters.Get("IpExt", "InOctets"));
        Assert.Equal((Int128)long.MaxValue + 1, counters.Get("IpExt", "OutOctets"));
        Assert.Equal(9, counters.Get("Ip6", "Ip6FutureCounter"));
        Assert.Equal(6, counters.Get("Icmp6", "Icmp6OutFuture"));
        Assert.Equal(4, counters.Get("Mptcp6", "Mptcp6InFuture"));
    }

    [Fact]
    public void A_file_cut_short_keeps_what_pairs_and_says_so()
    {
        (KernelCounters counters, ParseProblems problems, List<SourceNote> notes) = Pairs(Fixture.Bytes("edge/snmp-truncated"));

        Assert.Equal(["Ip", "Icmp", "IcmpMsg", "Tcp", "Udp"], Names(counters));
        Assert.Equal([new KernelCounter("InDatagrams", 321), new KernelCounter("NoPorts", 0)], counters.Table("Udp")!.Counters);
        Assert.Equal(1, problems.Count);
        Assert.Equal("snmp line 10: 9 names but 2 values; the first 2 counters kept: \"Udp: 321 0\"", Assert.Single(notes).Message);
    }

    [Fact]
    public void Mismatched_and_broken_pairs_are_reported_and_the_rest_is_read()
    {
        (KernelCounters counters, ParseProblems problems, List<SourceNote> notes) = Pairs(Fixture.Bytes("edge/snmp-mismatched"));

        Assert.Equal(["Ip", "Tcp", "Udp", "IcmpMsg", "UdpLite"], Names(counters));
        Assert.Equal(["Forwarding", "DefaultTTL", "InReceives"], counters.Table("Ip")!.Counters.Select(c => c.Name));
        Assert.Equal(6, counters.Table("Tcp")!.Counters.Count);
        Assert.Equal(-1, counters.Get("Tcp", "MaxConn"));
        Assert.Null(counters.Get("Udp", "NoPorts"));
        Assert.Equal(12, counters.Get("Udp", "OutDatagrams"));
        Assert.Equal(3, counters.Get("IcmpMsg", "InType3"));
        Assert.Equal(4, counters.Get("UdpLite", "InDatagrams"));
        Assert.Equal(5, problems.Count);
        Assert.Equal(
        [
            "snmp line 2: 4 names but 3 values; the first 3 counters kept: \"Ip: 1 64 1000\"",
            "snmp line 4: 6 names but 7 values; the first 6 counters kept: \"Tcp: 1 200 120000 -1 7 5 99\"",
            "snmp line 6: a value that is not a 64-bit number; that counter skipped: \"Udp: 10 x2 0 12\"",
            "snmp line 7: not a 'Table: ...' line; line skipped: \"this line has no table name\"",
            "snmp line 8: names line without its values line; line skipped: \"Icmp: InMsgs InErrors\"",
        ], notes.Select(n => n.Message));
    }

    [Fact]
    public void Broken_snmp6_lines_are_skipped_one_by_one_and_control_characters_never_pass()
    {
        (KernelCounters counters, ParseProblems problems, List<SourceNote> notes) = Lines(Fixture.Bytes("edge/snmp6-malformed"));

        Assert.Equal(3, counters.Get("Ip6", "Ip6InReceives"));
        Assert.Equal(-5, counters.Get("Udp6", "Udp6InDatagrams"));
        Assert.Equal(ulong.MaxValue, counters.Get("Udp6", "Udp6InErrors"));
        Assert.Equal(2, counters.Get("Icmp6", "Icmp6InErrors"));
        Assert.Equal(["Ip6InReceives"], counters.Table("Ip6")!.Counters.Select(c => c.Name));
        Assert.Equal(["Icmp6InErrors"], counters.Table("Icmp6")!.Counters.Select(c => c.Name));
        Assert.Equal(5, problems.Count);
        Assert.Contains("line 2: a counter name without a value", notes[0].Message, StringComparison.Ordinal);
        Assert.Contains("line 4: more than a name and a value", notes[1].Message, StringComparison.Ordinal);
        Assert.Contains("line 5: the value is not a 64-bit number", notes[2].Message, StringComparison.Ordinal);
        Assert.Contains("line 8: the value is not a 64-bit number", notes[3].Message, StringComparison.Ordinal);
        Assert.Contains("line 9: the counter name is not a plain word", notes[4].Message, StringComparison.Ordinal);
        Assert.DoesNotContain(notes, n => n.Message.Contains('\u001b', StringComparison.Ordinal));
    }

    [Fact]
    public void An_empty_file_has_no_tables_and_no_problems()
    {
        (KernelCounters pairs, ParseProblems pairProblems, _) = Pairs(Fixture.Bytes("edge/empty"));
        (KernelCounters lines, ParseProblems lineProblems, _) = Lines(Fixture.Bytes("edge/empty"));

        Assert.Empty(pairs.Tables);
        Assert.Empty(lines.Tables);
        Assert.Equal(0, pairProblems.Count + lineProblems.Count);
    }

    [Fact]
    public void A_repeated_table_adds_to_the_first_and_a_repeated_counter_takes_the_later_value()
    {
        (KernelCounters counters, ParseProblems problems, _) = Pairs(Encoding.ASCII.GetBytes(
            "Tcp: ActiveOpens PassiveOpens\nTcp: 1 2\nUdp: InDatagrams\nUdp: 3\nTcp: ActiveOpens CurrEstab\nTcp: 10 4\n"));

        Assert.Equal(0, problems.Count);
        Assert.Equal(["Tcp", "Udp"], Names(counters));
        Assert.Equal([new KernelCounter("ActiveOpens", 10), new KernelCounter("PassiveOpens", 2), new KernelCounter("CurrEstab", 4)],
            counters.Table("Tcp")!.Counters);
    }

    [Theory]
    [InlineData("Tcp: A B\nTcp: 1 18446744073709551616\n", "a value that is not a 64-bit number")]
    [InlineData("Tcp: A B\nTcp: 1 -9223372036854775809\n", "a value that is not a 64-bit number")]
    [InlineData("Tcp: A B\nTcp: 1 0x10\n", "a value that is not a 64-bit number")]
    [InlineData("T\u001bp: A\nT\u001bp: 1\n", "not a 'Table: ...' line")]
    [InlineData(": A\n: 1\n", "not a 'Table: ...' line")]
    [InlineData("Tcp: A\n", "names line without its values line (file cut short?)")]
    public void Values_out_of_range_and_odd_lines_are_reported(string text, string reason)
    {
        (_, ParseProblems problems, List<SourceNote> notes) = Pairs(Encoding.ASCII.GetBytes(text));

        Assert.True(problems.Count >= 1);
        Assert.Contains(reason, notes[0].Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', notes[0].Message);
    }

    [Fact]
    public void Extreme_values_at_both_ends_of_the_range_are_kept_exactly()
    {
        (KernelCounters counters, ParseProblems problems, _) = Pairs(Encoding.ASCII.GetBytes(
            "Tcp: Low High Crlf\r\nTcp: -9223372036854775808 18446744073709551615 7\r\n"));

        Assert.Equal(0, problems.Count);
        Assert.Equal(long.MinValue, counters.Get("Tcp", "Low"));
        Assert.Equal(ulong.MaxValue, counters.Get("Tcp", "High"));
        Assert.Equal(7, counters.Get("Tcp", "Crlf"));
    }

    [Fact]
    public void A_missing_proc_tree_reports_every_file_missing()
    {
        using TempDirectory empty = Fixture.CreateTempDirectory();
        KernelCounterRead read = KernelCounterReader.Read(new ProcRoot(empty.Path));

        Assert.Equal(CounterFiles.All, read.Missing);
        Assert.Empty(read.Counters.Tables);
        Assert.Equal(4, read.Notes.Count(n => n.Kind == SourceNoteKind.Unavailable));
    }

    [Fact]
    public void This_machines_counters_parse_without_problems()
    {
        KernelCounterRead read = KernelCounterReader.Read(new ProcRoot("/proc"), CounterFiles.Snmp | CounterFiles.Netstat | CounterFiles.Snmp6);

        Assert.Equal(CounterFiles.None, read.Missing);
        Assert.DoesNotContain(read.Notes, n => n.Kind == SourceNoteKind.Warning);
        Assert.NotNull(read.Counters.Get("Tcp", "ActiveOpens"));
        Assert.Equal(-1, read.Counters.Get("Tcp", "MaxConn"));
        Assert.NotNull(read.Counters.Get("TcpExt", "ListenOverflows"));
        Assert.NotNull(read.Counters.Get("Ip6", "Ip6InReceives"));
    }
}
