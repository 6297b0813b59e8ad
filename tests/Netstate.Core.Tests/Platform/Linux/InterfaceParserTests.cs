using System.Text;
using Netstate.Core.Kernel;
using Netstate.Core.Model;
using Netstate.Core.Platform.Linux;
using Netstate.Core.Platform.Linux.Kernel;

namespace Netstate.Core.Tests;

/// <summary>
/// /proc/net/dev, /proc/net/igmp and /proc/net/igmp6 as captured from a real kernel
/// (Fixtures/interfaces, made by capture_interfaces.py), plus malformed and odd lines.
/// </summary>
public sealed class InterfaceParserTests
{
    private static List<InterfaceCounters> ParseDev(string text, ParseProblems problems) =>
        ProcNetDevParser.Parse(Encoding.UTF8.GetBytes(text), "dev", problems);

    private const string DevHeader =
        "Inter-|   Receive                                                |  Transmit\n" +
        " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n";

    [Fact]
    public void Dev_capture_parses_every_interface_in_file_order()
    {
        var problems = new ParseProblems();
        List<InterfaceCounters> rows = ProcNetDevParser.Parse(Fixture.Bytes("interfaces/dev"), "dev", problems);

        Assert.Equal(0, problems.Count);
        Assert.Equal(["lo", "veth2", "veth10", "odd.name-x", "abcdefghijklmno"], rows.Select(r => r.Name));
        InterfaceCounters lo = rows[0];
        Assert.Equal(640UL, lo.RxBytes);
        Assert.Equal(5UL, lo.RxPackets);
        Assert.Equal(640UL, lo.TxBytes);
        Assert.Equal(5UL, lo.TxPackets);
    }

    [Fact]
    public void Dev_every_counter_lands_in_its_field()
    {
        var problems = new ParseProblems();
        List<InterfaceCounters> rows = ParseDev(DevHeader + "  eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 18446744073709551615\n", problems);

        InterfaceCounters c = Assert.Single(rows);
        Assert.Equal(0, problems.Count);
        Assert.Equal<ulong[]>(
            [1UL, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, ulong.MaxValue],
            [c.RxBytes, c.RxPackets, c.RxErrors, c.RxDropped, c.RxFifoErrors, c.RxFrameErrors, c.RxCompressed, c.RxMulticast,
             c.TxBytes, c.TxPackets, c.TxErrors, c.TxDropped, c.TxFifoErrors, c.Collisions, c.TxCarrierErrors, c.TxCompressed]);
    }

    [Fact]
    public void Dev_name_glued_to_a_large_counter_is_split_at_the_colon()
    {
        var problems = new ParseProblems();
        List<InterfaceCounters> rows = ParseDev(DevHeader + "abcdefghijklmno:12345678901 2 0 0 0 0 0 0 1 2 0 0 0 0 0 0\n", problems);

        Assert.Equal("abcdefghijklmno", Assert.Single(rows).Name);
        Assert.Equal(12345678901UL, rows[0].RxBytes);
    }

    [Fact]
    public void Dev_old_layouts_are_read_by_their_header()
    {
        var problems = new ParseProblems();
        List<InterfaceCounters> v2 = ProcNetDevParser.Parse(Encoding.UTF8.GetBytes(
            "Inter-|   Receive                  |  Transmit\n face |bytes    packets errs drop fifo frame|bytes    packets errs drop fifo colls carrier\n" +
            "  eth0: 100 2 3 4 5 6 200 7 8 9 10 11 12\n"), "dev", problems);
        List<InterfaceCounters> v1 = ProcNetDevParser.Parse(Encoding.UTF8.GetBytes(
            "Inter-|   Receive      |  Transmit\n face |packets errs drop fifo frame|packets errs drop fifo colls carrier\n" +
            "  eth0: 2 3 4 5 6 7 8 9 10 11 12\n"), "dev", problems);

        Assert.Equal(0, problems.Count);
        Assert.Equal((100UL, 2UL, 6UL, 200UL, 7UL, 12UL), (v2[0].RxBytes, v2[0].RxPackets, v2[0].RxFrameErrors, v2[0].TxBytes, v2[0].TxPackets, v2[0].TxCarrierErrors));
        Assert.Equal((0UL, 2UL, 6UL, 7UL, 12UL), (v1[0].RxBytes, v1[0].RxPackets, v1[0].RxFrameErrors, v1[0].TxPackets, v1[0].TxCarrierErrors));
    }

    [Theory]
    [InlineData("  eth0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16", "no ':' after the interface name")]
    [InlineData("    : 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16", "empty interface name")]
    [InlineData("abcdefghijklmnop: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16", "interface name longer than 15 bytes")]
    [InlineData("  eth0: 1 2 3", "3 counters where 16 were expected")]
    [InlineData("  eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17", "more than 16 counters")]
    [InlineData("  eth0: 1 2 x 4 5 6 7 8 9 10 11 12 13 14 15 16", "counter 3 is not a number")]
    [InlineData("  eth0: 1 2 -3 4 5 6 7 8 9 10 11 12 13 14 15 16", "counter 3 is not a number")]
    [InlineData("  eth0: 1 2 18446744073709551616 4 5 6 7 8 9 10 11 12 13 14 15 16", "counter 3 is not a number")]
    public void Dev_malformed_lines_are_reported_and_skipped(string line, string reason)
    {
        var problems = new ParseProblems();
        List<InterfaceCounters> rows = ParseDev(DevHeader + line + "\n  lo: 1 2 0 0 0 0 0 0 1 2 0 0 0 0 0 0\n", problems);

        Assert.Equal("lo", Assert.Single(rows).Name);
        Assert.Equal(1, problems.Count);
        SourceNote note = Assert.Single(problems.ToNotes("dev"));
        Assert.StartsWith($"dev line 2: {reason}; line skipped", note.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dev_control_characters_in_a_name_are_escaped_in_the_problem_note()
    {
        var problems = new ParseProblems();
        _ = ParseDev(DevHeader + "  e\u001b[2Jx: 1\n", problems);

        string message = Assert.Single(problems.ToNotes("dev")).Message;
        Assert.DoesNotContain('\u001b', message);
        Assert.Contains("\\x1B[2Jx", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dev_empty_and_header_only_files_give_no_rows()
    {
        var problems = new ParseProblems();
        Assert.Empty(ParseDev("", problems));
        Assert.Empty(ParseDev(DevHeader, problems));
        Assert.Equal(0, problems.Count);
    }

    [Fact]
    public void Igmp_capture_gives_every_membership_under_its_interface()
    {
        var problems = new ParseProblems();
        List<MulticastMembership> rows = ProcNetIgmpParser.ParseIgmp(Fixture.Bytes("interfaces/igmp"), "igmp", problems);

        Assert.Equal(0, problems.Count);
        Assert.Equal(
            ["lo 2 239.1.2.3", "lo 1 224.0.0.1", "veth2 1 224.0.0.1", "veth10 1 224.0.0.251", "veth10 1 224.0.0.1"],
            rows.Select(r => $"{r.Device} {r.RefCount} {r.Group}"));
    }

    [Fact]
    public void Igmp6_capture_gives_every_membership_including_the_first_line()
    {
        var problems = new ParseProblems();
        List<MulticastMembership> rows = ProcNetIgmpParser.ParseIgmp6(Fixture.Bytes("interfaces/igmp6"), "igmp6", problems);

        Assert.Equal(0, problems.Count);
        Assert.Equal(13, rows.Count);
        Assert.Equal("lo 1 ff02::1", $"{rows[0].Device} {rows[0].RefCount} {rows[0].Group}");
        Assert.Contains(rows, r => r.Device == "veth10" && r.Group.ToString() == "ff05::1:3");
        Assert.Contains(rows, r => r.Device == "abcdefghijklmno" && r.Group.ToString() == "ff01::1");
        Assert.All(rows, r => Assert.True(r.Group.IsV6));
    }

    [Theory]
    [InlineData("\t\t\t\t010000E0     1 0:00000000\t\t0\n", 1, "group line before any interface line")]
    [InlineData("1\tlo        :     1      V3\n\t\t\t\t0100E0     1 0:00000000\t\t0\n", 2, "group address is not 8 hex digits")]
    [InlineData("1\tlo        :     1      V3\n\t\t\t\t010000EG     1 0:00000000\t\t0\n", 2, "group address is not 8 hex digits")]
    [InlineData("1\tlo        :     1      V3\n\t\t\t\t010000E0     x 0:00000000\t\t0\n", 2, "user count is not a number")]
    [InlineData("x\tlo        :     1      V3\n", 1, "interface line without an index")]
    [InlineData("1\tlo             1      V3\n", 1, "interface line without ':'")]
    [InlineData("1\tabcdefghijklmnop:     1      V3\n", 1, "interface name empty or longer than 15 bytes")]
    public void Igmp_malformed_lines_are_reported_and_skipped(string body, int lineNumber, string reason)
    {
        var problems = new ParseProblems();
        List<MulticastMembership> rows = ProcNetIgmpParser.ParseIgmp(
            Encoding.UTF8.GetBytes("Idx\tDevice    : Count Querier\tGroup    Users Timer\tReporter\n" + body), "igmp", problems);

        Assert.Empty(rows);
        Assert.StartsWith($"igmp line {lineNumber}: {reason}", Assert.Single(problems.ToNotes("igmp")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Igmp_long_interface_name_reaches_its_colon()
    {
        var problems = new ParseProblems();
        List<MulticastMembership> rows = ProcNetIgmpParser.ParseIgmp(Encoding.UTF8.GetBytes(
            "Idx\tDevice    : Count Querier\tGroup    Users Timer\tReporter\n5\tabcdefghijklmno:     1      V3\n\t\t\t\t010000E0     1 0:00000000\t\t0\n"),
            "igmp", problems);

        Assert.Equal("abcdefghijklmno", Assert.Single(rows).Device);
    }

    [Theory]
    [InlineData("x    lo              ff020000000000000000000000000001     1 0000000C 0", "interface index is not a number")]
    [InlineData("1    lo              ff0200000000000000000000000001     1 0000000C 0", "group address is not 32 hex digits")]
    [InlineData("1    lo              ff02000000000000000000000000000g     1 0000000C 0", "group address is not 32 hex digits")]
    [InlineData("1    lo              ff020000000000000000000000000001", "user count is not a number")]
    [InlineData("1    abcdefghijklmnop ff020000000000000000000000000001     1 0000000C 0", "interface name missing or longer than 15 bytes")]
    public void Igmp6_malformed_lines_are_reported_and_skipped(string line, string reason)
    {
        var problems = new ParseProblems();
        List<MulticastMembership> rows = ProcNetIgmpParser.ParseIgmp6(
            Encoding.UTF8.GetBytes(line + "\n1    lo              ff010000000000000000000000000001     1 00000008 0\n"), "igmp6", problems);

        Assert.Equal("ff01::1", Assert.Single(rows).Group.ToString());
        Assert.StartsWith($"igmp6 line 0: {reason}", Assert.Single(problems.ToNotes("igmp6")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("eth0", "eth1", -1)]
    [InlineData("eth1", "eth20", -1)]
    [InlineData("eth20", "eth100", -1)]
    [InlineData("eth", "eth2", -1)]
    [InlineData("eth0:1", "eth0:2", -1)]
    [InlineData("eth1:10", "eth13:10", -1)]
    [InlineData("a", "a:", -1)]
    [InlineData("eth2:10", "eth2:1", 1)]
    [InlineData("a1b12", "a1b2", 1)]
    [InlineData("eth1", "eth01", 1)]
    [InlineData("eth01:1", "eth1:01", -1)]
    [InlineData("lo", "lo:7", -1)]
    [InlineData("veth2", "veth10", -1)]
    [InlineData("eth99999999999999999999", "eth1", 1)]
    [InlineData("eth1", "eth1", 0)]
    public void Interface_order_is_net_tools_nstrcmp(string a, string b, int expected)
    {
        Assert.Equal(expected, Math.Sign(InterfaceNameOrder.Instance.Compare(a, b)));
        Assert.Equal(-expected, Math.Sign(InterfaceNameOrder.Instance.Compare(b, a)));
    }

    [Fact]
    public void Table_merges_address_labels_sorts_and_reports_vanished_interfaces()
    {
        var problems = new ParseProblems();
        List<InterfaceCounters> counters = ProcNetDevParser.Parse(Fixture.Bytes("interfaces/dev"), "dev", problems);
        var details = FixtureInterfaceDetails.FromCapture(Fixture.PathOf("interfaces/flags.txt"), vanished: "odd.name-x");

        InterfaceTable table = InterfaceTableReader.Build(counters, details, []);

        Assert.Equal(["abcdefghijklmno", "lo", "lo:7", "veth2", "veth10"], table.Rows.Select(r => r.Name));
        Assert.Null(table.Rows[2].Counters);
        Assert.Equal(InterfaceState.Loopback | InterfaceState.Running | InterfaceState.Up, table.Rows[2].Flags);
        Assert.Equal(9000, table.Rows[4].Mtu);
        Assert.Equal("odd.name-x: error fetching interface information: Device not found", Assert.Single(table.Problems));
    }

    [Fact]
    public void Table_from_a_missing_proc_file_still_lists_the_labels()
    {
        using TempDirectory dir = Fixture.CreateTempDirectory();
        var details = FixtureInterfaceDetails.FromCapture(Fixture.PathOf("interfaces/flags.txt"));

        InterfaceTable table = InterfaceTableReader.Read(new ProcRoot(dir.Path), details);

        Assert.Equal("lo:7", Assert.Single(table.Rows).Name);
        Assert.StartsWith($"cannot read {dir.Path}/net/dev", Assert.Single(table.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Live_kernel_reports_loopback_flags_and_mtu()
    {
        using var details = new LinuxInterfaceDetails();

        Assert.True(details.TryGet("lo", out InterfaceState flags, out int mtu, out string? failure), failure);
        Assert.True((flags & InterfaceState.Loopback) != 0);
        Assert.True(mtu > 0);
        Assert.False(details.TryGet("nonexistent0", out _, out _, out failure));
        Assert.Equal("Device not found", failure);
    }
}

/// <summary>Flags and MTU as the capture recorded them with SIOCGIFFLAGS/SIOCGIFMTU (flags.txt: name, flags, mtu).</summary>
internal sealed class FixtureInterfaceDetails : IInterfaceDetails
{
    private readonly Dictionary<string, (InterfaceState Flags, int Mtu)> _known = [];

    public static FixtureInterfaceDetails FromCapture(string path, string? vanished = null)
    {
        var details = new FixtureInterfaceDetails();
        foreach (string line in File.ReadAllLines(path))
        {
            string[] parts = line.Split(' ');
            if (parts[0] != vanished)
                details._known[parts[0]] = ((InterfaceState)Convert.ToInt32(parts[1], 16), int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
        }
        return details;
    }

    public bool TryGet(string name, out InterfaceState flags, out int mtu, out string? failure)
    {
        bool found = _known.TryGetValue(name, out (InterfaceState Flags, int Mtu) value);
        (flags, mtu, failure) = (value.Flags, value.Mtu, found ? null : "Device not found");
        return found;
    }

    public IReadOnlyList<string> AddressLabels() => [.. _known.Keys.Where(k => k.Contains(':', StringComparison.Ordinal))];

    public InterfaceConfiguration Configuration(string name) => InterfaceConfiguration.Unknown;
}

/// <summary>/proc/net/if_inet6 (netstat -ie's IPv6 lines): the captured file and malformed lines.</summary>
public sealed class IfInet6ParserTests
{
    [Fact]
    public void Capture_parses_every_address_in_file_order()
    {
        var problems = new ParseProblems();
        List<Ipv6InterfaceAddress> rows = ProcNetIfInet6Parser.Parse(Fixture.Bytes("interfaces/if_inet6"), "if_inet6", problems);

        Assert.Equal(0, problems.Count);
        Assert.Equal(["veth2", "veth10", "veth10", "lo", "veth2"], rows.Select(r => r.Device));
        Assert.Equal(["::ffff:1.2.3.4", "fe80::58a8:16ff:feb1:ecd4", "2001:db8::5", "::1", "fe80::dc2a:ddff:fe66:1792"],
            rows.Select(r => r.Address.ToString()));
        Ipv6InterfaceAddress lo = rows[3];
        Assert.Equal((1, 128, 0x10, 0x80), (lo.InterfaceIndex, lo.PrefixLength, lo.Scope, lo.Flags));
        Assert.Equal((3, 64, 0x20), (rows[1].InterfaceIndex, rows[1].PrefixLength, rows[1].Scope));
    }

    [Theory]
    [InlineData("fe80000000000000dc2addfffe66179 02 40 20 80 veth2", "the address is not 32 hex digits")]
    [InlineData("fe80000000000000dc2addfffe66179g 02 40 20 80 veth2", "the address is not 32 hex digits")]
    [InlineData("fe80000000000000dc2addfffe661792 02 40 zz 80 veth2", "field 4 is not a hex number")]
    [InlineData("fe80000000000000dc2addfffe661792 02 40 20 80", "no interface name, or one longer than 15 bytes")]
    [InlineData("fe80000000000000dc2addfffe661792 02 40 20 80 abcdefghijklmnop", "no interface name, or one longer than 15 bytes")]
    [InlineData("fe80000000000000dc2addfffe661792 02 40 20 80 veth2 extra", "more than six fields")]
    public void Malformed_lines_are_skipped_and_reported(string line, string reason)
    {
        var problems = new ParseProblems();
        string text = "00000000000000000000000000000001 01 80 10 80       lo\n" + line + "\n\n";

        List<Ipv6InterfaceAddress> rows = ProcNetIfInet6Parser.Parse(Encoding.UTF8.GetBytes(text), "if_inet6", problems);

        Assert.Equal("lo", Assert.Single(rows).Device);
        SourceNote note = Assert.Single(problems.ToNotes("if_inet6"));
        Assert.StartsWith($"if_inet6 line 2: {reason}", note.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_means_no_addresses_and_no_problem()
    {
        using TempDirectory dir = Fixture.CreateTempDirectory();
        var problems = new List<string>();

        Dictionary<string, List<Ipv6InterfaceAddress>> byName = InterfaceTableReader.ReadIpv6Addresses(new ProcRoot(dir.Path), problems);

        Assert.Empty(byName);
        Assert.Empty(problems);
    }

    [Fact]
    public void Live_loopback_has_a_type_a_queue_and_an_address()
    {
        using var details = new LinuxInterfaceDetails();

        InterfaceConfiguration lo = details.Configuration("lo");

        Assert.Equal(772, lo.HardwareType);
        Assert.True(lo.TxQueueLength >= 0);
        Assert.Equal("127.0.0.1", lo.Ipv4?.Address.ToString());
        Assert.Equal("255.0.0.0", lo.Ipv4?.Netmask?.ToString());
        InterfaceConfiguration gone = details.Configuration("nonexistent0");
        Assert.Equal((-1, -1, null), (gone.HardwareType, gone.TxQueueLength, gone.Ipv4));
    }
}
