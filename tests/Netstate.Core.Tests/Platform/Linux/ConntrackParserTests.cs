using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Netstate.Core.Kernel;
using Netstate.Core.Model;
using Netstate.Core.Platform.Linux;
using Netstate.Core.Platform.Linux.Kernel;

namespace Netstate.Core.Tests;

/// <summary>
/// /proc/net/nf_conntrack: a capture from a router namespace doing masquerade and DNAT
/// (Fixtures/conntrack/nf_conntrack, with conntrack -L taken at the same moment), and hand-made
/// lines for what the capture lacks (offload, GRE, SCTP, per-direction zones, malformed lines).
/// </summary>
public sealed partial class ConntrackParserTests
{
    private static (List<ConntrackEntry> Entries, ParseProblems Problems) Parse(string fixture)
    {
        var entries = new List<ConntrackEntry>();
        var problems = new ParseProblems();
        ProcNetConntrackParser.Parse(Fixture.Bytes(fixture), fixture, entries, problems);
        return (entries, problems);
    }

    private static ConntrackEntry ParseLine(string line)
    {
        Assert.Null(ProcNetConntrackParser.TryParseLine(Encoding.UTF8.GetBytes(line), out ConntrackEntry? entry));
        return entry!;
    }

    private static InetAddress Ip(string text) => InetAddress.FromIPAddress(IPAddress.Parse(text));

    [Fact]
    public void Capture_parses_every_line()
    {
        (List<ConntrackEntry> entries, ParseProblems problems) = Parse("conntrack/nf_conntrack");

        Assert.Equal(0, problems.Count);
        Assert.Equal(9, entries.Count);
        Assert.Equal(["tcp", "icmp", "udp", "tcp", "icmpv6", "udp", "tcp", "udp", "udp"], entries.Select(e => e.ProtocolName));
        Assert.Equal([10, 2, 2, 2, 10, 10, 2, 2, 2], entries.Select(e => e.FamilyNumber));
    }

    [Fact]
    public void Masqueraded_tcp_connection_has_the_router_as_reply_destination()
    {
        ConntrackEntry tcp = Parse("conntrack/nf_conntrack").Entries[3];

        Assert.Equal("ESTABLISHED", tcp.State);
        Assert.Equal(431998, tcp.TimeoutSeconds);
        Assert.Equal(new ConntrackTuple(Ip("10.1.0.2"), Ip("10.2.0.2"), 53726, 8080), tcp.Original);
        Assert.Equal(Ip("10.2.0.1"), tcp.Reply.Destination);
        Assert.Equal(ConntrackStatus.Assured, tcp.Status);
        Assert.Equal(new ConntrackCounters(3, 166), tcp.OriginalCounters);
        Assert.Equal((0u, (ushort?)0, 2u), (tcp.Mark!.Value, tcp.Zone, tcp.Use));
        Assert.True(tcp.IsSourceNat);
        Assert.False(tcp.IsDestinationNat);
    }

    [Fact]
    public void Nat_kind_follows_the_tuples()
    {
        List<ConntrackEntry> entries = Parse("conntrack/nf_conntrack").Entries;

        // The DNAT to 10.2.0.2:8081 is not masqueraded; the UDP to the router itself is not translated at all.
        ConntrackEntry dnat = entries[6];
        Assert.Equal((false, true), (dnat.IsSourceNat, dnat.IsDestinationNat));
        Assert.Equal(new ConntrackTuple(Ip("10.2.0.2"), Ip("10.1.0.2"), 8081, 53176), dnat.Reply);
        Assert.False(entries[7].IsNat);
        Assert.False(entries[5].IsNat);
        Assert.Equal([true, true, true, true, true, false, true, false, true], entries.Select(e => e.IsNat));
    }

    [Fact]
    public void Icmp_keeps_type_code_and_echo_id()
    {
        List<ConntrackEntry> entries = Parse("conntrack/nf_conntrack").Entries;

        ConntrackEntry icmp = entries[1];
        Assert.Equal((8, 0, 4660), (icmp.Original.IcmpType, icmp.Original.IcmpCode, (int)icmp.Original.SourcePort));
        Assert.Equal((0, 4660), (icmp.Reply.IcmpType, (int)icmp.Reply.SourcePort));
        Assert.True(icmp.IsSourceNat);
        ConntrackEntry icmp6 = entries[4];
        Assert.Equal((128, 129), (icmp6.Original.IcmpType, icmp6.Reply.IcmpType));
        Assert.Equal(Ip("fd00:2::1"), icmp6.Reply.Destination);
    }

    [Fact]
    public void Zones_marks_and_unreplied_entries()
    {
        List<ConntrackEntry> entries = Parse("conntrack/nf_conntrack").Entries;

        ConntrackEntry zoned = entries[8];
        Assert.Equal((42u, (ushort?)7), (zoned.Mark, zoned.Zone));
        Assert.Equal(ConntrackStatus.Unreplied, zoned.Status);
        Assert.Null(zoned.State);
        Assert.Equal(new ConntrackCounters(0, 0), zoned.ReplyCounters);
        ConntrackEntry originalZone = entries[2];
        Assert.Equal(((ushort?)3, (ushort?)null, (ushort?)null), (originalZone.OriginalZone, originalZone.ReplyZone, originalZone.Zone));
    }

    [Fact]
    public void Capture_agrees_with_conntrack_tool_taken_at_the_same_time()
    {
        List<ConntrackEntry> entries = Parse("conntrack/nf_conntrack").Entries;
        string[] tool = File.ReadAllLines(Fixture.PathOf("conntrack/conntrack-L.txt"));

        static string Key(string proto, IEnumerable<string> pairs) => proto + " " + string.Join(' ', pairs);
        var fromTool = tool.Select(l => Key(l.Split(' ')[0], TupleField().Matches(l).Select(m => Normalise(m.Groups[1].Value, m.Groups[2].Value))));
        var fromParser = entries.Select(e => Key(e.ProtocolName, Describe(e)));

        Assert.Equal(fromTool.Order(), fromParser.Order());
    }

    [Fact]
    public void Offloaded_entries_have_no_timeout()
    {
        (List<ConntrackEntry> entries, _) = Parse("conntrack/edge");

        Assert.Null(entries[0].TimeoutSeconds);
        Assert.Equal("ESTABLISHED", entries[0].State);
        Assert.Equal(ConntrackStatus.Offload, entries[0].Status);
        Assert.Equal(uint.MaxValue, entries[0].Mark);
        Assert.True(entries[0].IsSourceNat);
        Assert.Equal(ConntrackStatus.HardwareOffload, entries[1].Status);
        Assert.False(entries[1].IsNat);
    }

    [Fact]
    public void Gre_sctp_generic_and_ipv6_lines()
    {
        (List<ConntrackEntry> entries, _) = Parse("conntrack/edge");

        ConntrackEntry gre = entries[2];
        Assert.Equal((29L, (ushort)0x1f, (ushort)0x2a), (gre.TimeoutSeconds!.Value, gre.Original.SourcePort, gre.Original.DestinationPort));
        Assert.True(gre.IsSourceNat);
        ConntrackEntry sctp = entries[3];
        Assert.Equal(("COOKIE_ECHOED", "system_u:object_r:unlabeled_t:s0"), (sctp.State, sctp.SecurityContext));
        Assert.False(sctp.IsNat);
        ConntrackEntry generic = entries[4];
        Assert.Equal(("unknown", 41), (generic.ProtocolName, generic.ProtocolNumber));
        Assert.True(generic.IsSourceNat);
        ConntrackEntry v6 = entries[5];
        Assert.Equal(Ip("2001:db8::ff"), v6.Original.Destination);
        Assert.Equal(((ushort?)null, (ushort?)9), (v6.OriginalZone, v6.ReplyZone));
        Assert.False(v6.IsNat);
    }

    [Fact]
    public void Malformed_lines_are_skipped_with_a_reason()
    {
        (List<ConntrackEntry> entries, ParseProblems problems) = Parse("conntrack/edge");

        Assert.Equal(6, entries.Count);
        Assert.Equal(8, problems.Count);
        string[] notes = [.. problems.ToNotes("conntrack/edge").Select(n => n.Message)];
        Assert.StartsWith("conntrack/edge line 8: fewer than two tuples", notes[0], StringComparison.Ordinal);
        Assert.StartsWith("conntrack/edge line 9: src of tuple 1 is not an IPv4 address", notes[1], StringComparison.Ordinal);
        Assert.StartsWith("conntrack/edge line 10: family 7 is neither IPv4 (2) nor IPv6 (10)", notes[2], StringComparison.Ordinal);
        Assert.StartsWith("conntrack/edge line 11: sport is not a number up to 65535", notes[3], StringComparison.Ordinal);
        Assert.StartsWith("conntrack/edge line 12: 'dst=' before the first src=", notes[4], StringComparison.Ordinal);
        Assert.Equal("conntrack/edge: 3 more malformed lines skipped", notes[5]);
    }

    [Theory]
    [InlineData("ipv4     2 tcp      6 30 ESTABLISHED src=10.0.0.1 dst=10.0.0.2 sport=1 dport=2 FIN_WAIT src=10.0.0.2 dst=10.0.0.1 sport=2 dport=1 use=2", "unexpected word 'FIN_WAIT' after the tuples began")]
    [InlineData("ipv4", "no family name and number")]
    [InlineData("ipv4     2 tcp", "no protocol name and number")]
    [InlineData("ipv4     2 tcp      6 30 A B src=10.0.0.1", "more than one protocol state")]
    [InlineData("ipv6     10 udp      17 30 src=10.0.0.1 dst=10.0.0.2", "src of tuple 1 is not an IPv6 address")]
    [InlineData("ipv4     2 udp      17 30 src=1.1.1.1 dst=1.1.1.2 src=1.1.1.2 dst=1.1.1.1 src=1.1.1.3", "more than two tuples")]
    [InlineData("ipv4     2 udp      17 30 src=1.1.1.1 dst=1.1.1.2 src=1.1.1.2 sport=1", "tuple 2 has no dst=")]
    [InlineData("ipv4     2 icmp     1 30 src=1.1.1.1 dst=1.1.1.2 type=300 code=0 id=1 src=1.1.1.2 dst=1.1.1.1", "type is not a number up to 255")]
    public void Bad_lines_say_why(string line, string reason)
    {
        Assert.Equal(reason, ProcNetConntrackParser.TryParseLine(Encoding.UTF8.GetBytes(line), out ConntrackEntry? entry));
        Assert.Null(entry);
    }

    [Theory]
    [InlineData("fd00:0001:0000:0000:0000:0000:0000:0002", "fd00:1::2")]
    [InlineData("2001:db8::ff", "2001:db8::ff")]
    [InlineData("::ffff:10.0.0.1", "::ffff:10.0.0.1")]
    public void Ipv6_addresses_in_full_and_compressed_form(string text, string expected)
    {
        Assert.True(ProcNetConntrackParser.TryParseAddress(Encoding.ASCII.GetBytes(text), v6: true, out InetAddress address));
        Assert.Equal(expected, address.ToString());
    }

    [Theory]
    [InlineData("10.0.0", false)]
    [InlineData("10.0.0.1.", false)]
    [InlineData("1000.0.0.1", false)]
    [InlineData("fd00:0001:0000:0000:0000:0000:0000:000g", true)]
    [InlineData("fe80::1%eth0", true)]
    [InlineData("10.0.0.1", true)]
    public void Bad_addresses_are_refused(string text, bool v6) =>
        Assert.False(ProcNetConntrackParser.TryParseAddress(Encoding.ASCII.GetBytes(text), v6, out _));

    [Fact]
    public void Unknown_keys_and_flags_are_ignored()
    {
        ConntrackEntry entry = ParseLine("ipv4     2 udp      17 30 src=1.1.1.1 dst=1.1.1.2 sport=1 dport=2 src=1.1.1.2 dst=1.1.1.1 sport=2 dport=1 [SOMETHING_NEW] labels=0x3 use=4");

        Assert.Equal((ConntrackStatus.None, 4u, (uint?)null), (entry.Status, entry.Use, entry.Mark));
    }

    [Fact]
    public void Empty_file_has_no_entries_and_no_problems()
    {
        var entries = new List<ConntrackEntry>();
        var problems = new ParseProblems();

        ProcNetConntrackParser.Parse([], "empty", entries, problems);

        Assert.Empty(entries);
        Assert.Equal(0, problems.Count);
    }

    [Fact]
    public void Reader_tells_not_loaded_from_no_proc_table()
    {
        using TempDirectory dir = Fixture.CreateTempDirectory();
        var root = new ProcRoot(dir.Path);

        Assert.Equal(ConntrackUnavailable.NotLoaded, ConntrackTableReader.Read(root).Unavailable);
        Directory.CreateDirectory(dir.Combine("sys/net/netfilter"));
        File.WriteAllText(dir.Combine("sys/net/netfilter/nf_conntrack_count"), "3\n");
        Assert.Equal(ConntrackUnavailable.NoProcTable, ConntrackTableReader.Read(root).Unavailable);
        Directory.CreateDirectory(dir.Combine("net"));
        File.Copy(Fixture.PathOf("conntrack/nf_conntrack"), dir.Combine("net/nf_conntrack"));
        ConntrackTable table = ConntrackTableReader.Read(root);
        Assert.Equal((ConntrackUnavailable.None, 9), (table.Unavailable, table.Entries.Count));
    }

    /// <summary>The tuple fields of an entry in conntrack -L's order and spelling (compressed IPv6).</summary>
    private static IEnumerable<string> Describe(ConntrackEntry e)
    {
        foreach (ConntrackTuple t in new[] { e.Original, e.Reply })
        {
            yield return "src=" + t.Source;
            yield return "dst=" + t.Destination;
            if (e.IsIcmp)
            {
                yield return "type=" + t.IcmpType;
                yield return "code=" + t.IcmpCode;
                yield return "id=" + t.SourcePort;
            }
            else
            {
                yield return "sport=" + t.SourcePort;
                yield return "dport=" + t.DestinationPort;
            }
        }
    }

    private static string Normalise(string key, string value) =>
        key is "src" or "dst" ? $"{key}={IPAddress.Parse(value)}" : $"{key}={value}";

    [GeneratedRegex(@"\b(src|dst|sport|dport|type|code|id)=(\S+)")]
    private static partial Regex TupleField();
}
