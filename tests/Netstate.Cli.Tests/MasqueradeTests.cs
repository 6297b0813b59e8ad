using Netstate.Cli.Rendering;
using Netstate.Core.Kernel;
using Netstate.Core.Model;

namespace Netstate.Cli.Tests;

/// <summary>
/// netstate -M on the conntrack captures (Fixtures/conntrack): which entries show with -a, -4/-6 and
/// -t, the -e columns, and the errors when the table is missing or conntrack is not loaded.
/// </summary>
public sealed class MasqueradeTests
{
    private const string NatHeader = "prot   expire source               destination          ports          translation\n";

    private static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "conntrack", name);

    private static TempTree Captured(string fixture = "nf_conntrack")
    {
        var tree = new TempTree();
        tree.WriteBytes("net/nf_conntrack", File.ReadAllBytes(FixturePath(fixture)));
        return tree;
    }

    private static (ReturnCode Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        ReturnCode code = NetstateApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Mn_lists_the_translated_connections_of_the_capture()
    {
        using TempTree proc = Captured();

        (ReturnCode code, string stdout, string stderr) = Run("-Mn", "--proc-root", proc.Root);

        Assert.Equal(ReturnCode.Success, code);
        Assert.Equal("", stderr);
        Assert.Equal(
            "IP masquerading entries\n" + NatHeader +
            "tcp   7199:58 fd00:1::2            fd00:2::2            40448 -> 8080  SNAT [fd00:2::1]:40448\n" +
            "icmp     0:19 10.1.0.2             10.2.0.2             type 8 id 4660 SNAT 10.2.0.1 id 4660\n" +
            "udp      0:19 10.1.0.2             10.2.0.2             50568 -> 7001  SNAT 10.2.0.1:50568\n" +
            "tcp   7199:58 10.1.0.2             10.2.0.2             53726 -> 8080  SNAT 10.2.0.1:53726\n" +
            "icmpv6   0:19 fd00:1::2            fd00:2::2            type 128 id 17185 SNAT fd00:2::1 id 17185\n" +
            "tcp   7199:58 10.1.0.2             10.1.0.1             53176 -> 9090  DNAT 10.2.0.2:8081\n" +
            "udp      0:19 10.1.0.2             10.2.0.2             50568 -> 7000  SNAT 10.2.0.1:50568\n",
            stdout);
    }

    [Fact]
    public void Mnae_lists_every_tracked_connection_with_state_status_mark_and_zone()
    {
        using TempTree proc = Captured();

        (ReturnCode code, string stdout, _) = Run("-M", "-n", "-a", "-e", "--proc-root", proc.Root);

        Assert.Equal(ReturnCode.Success, code);
        string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(MasqueradeRenderer.AllTitle, lines[0]);
        Assert.Equal("prot   expire state       status           mark  zone source               destination          ports          translation", lines[1]);
        Assert.Equal(11, lines.Length);
        Assert.Contains("udp      0:24 -           UNREPLIED           0     0 10.1.0.2             10.1.0.1             57254 -> 53    -", lines);
        Assert.Contains("udp      0:19 -           UNREPLIED          42     7 10.1.0.2             10.2.0.2             50568 -> 7000  SNAT 10.2.0.1:50568", lines);
        Assert.Contains("udp      0:19 -           UNREPLIED           0   3/- 10.1.0.2             10.2.0.2             50568 -> 7001  SNAT 10.2.0.1:50568", lines);
        Assert.Contains("tcp   7199:58 ESTABLISHED ASSURED             0     0 10.1.0.2             10.1.0.1             53176 -> 9090  DNAT 10.2.0.2:8081", lines);
    }

    [Theory]
    [InlineData("-6", 2)]
    [InlineData("-4", 5)]
    [InlineData("-t", 3)]
    [InlineData("-u", 2)]
    [InlineData("-w", 2)]
    [InlineData("-t -4", 2)]
    [InlineData("--inet6 --tcp", 1)]
    public void Family_and_protocol_flags_narrow_the_listing(string flags, int rows)
    {
        using TempTree proc = Captured();

        (ReturnCode code, string stdout, _) = Run([.. ("-Mn " + flags).Split(' '), "--proc-root", proc.Root]);

        Assert.Equal(ReturnCode.Success, code);
        Assert.Equal(rows + 2, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Edge_entries_offload_gre_and_per_direction_zones()
    {
        using TempTree proc = Captured("edge");

        (ReturnCode code, string stdout, string stderr) = Run("-Mnae", "--proc-root", proc.Root);

        Assert.Equal(ReturnCode.Success, code);
        Assert.Contains("tcp         - ESTABLISHED OFFLOAD    4294967295     0 192.0.2.1            198.51.100.7         40000 -> 443   SNAT 203.0.113.5:61000\n", stdout, StringComparison.Ordinal);
        Assert.Contains("gre      0:29 -           -                   0     0 192.0.2.3            198.51.100.8         key 0x1f -> 0x2a SNAT 203.0.113.5\n", stdout, StringComparison.Ordinal);
        Assert.Contains("unknown   9:59 -           -                   0     0 192.0.2.5            198.51.100.10        -              SNAT 203.0.113.5\n", stdout, StringComparison.Ordinal);
        Assert.Contains("udp      0:12 -           -                   0   -/9 2001:db8::1          2001:db8::ff         53 -> 53       -\n", stdout, StringComparison.Ordinal);
        // Eight malformed lines: five quoted, one summary; the listing goes on.
        Assert.Equal(6, stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.StartsWith($"netstate: warning: {proc.Root}/net/nf_conntrack line 8: fewer than two tuples", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_text_in_the_table_is_escaped()
    {
        using var proc = new TempTree();
        proc.WriteText("net/nf_conntrack", "ipv4     2 e\u001b[31mvil 99 30 X\u0007 src=1.1.1.1 dst=1.1.1.2 src=1.1.1.2 dst=9.9.9.9 use=1\n"
            + "ipv4     2 tcp 6 30 ESTABLISHED src=1.1.1.1 dst=1.1.1.2 \u001b]0;pwn\u0007 src=1.1.1.2 dst=9.9.9.9 use=1\n");

        (ReturnCode code, string stdout, string stderr) = Run("-Mne", "--proc-root", proc.Root);

        Assert.Equal(ReturnCode.Success, code);
        Assert.Contains("e\\x1B[31mvil   0:30 X\\x07", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', stdout);
        // The malformed second line is quoted in a warning: its bytes are escaped there too.
        Assert.Contains("\\x1B]0;pwn\\x07", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', stderr);
        Assert.DoesNotContain('\u0007', stderr);
    }

    [Fact]
    public void Empty_table_prints_the_heading_only()
    {
        using var proc = new TempTree();
        proc.WriteText("net/nf_conntrack", "");

        (ReturnCode code, string stdout, string stderr) = Run("-M", "--proc-root", proc.Root);

        Assert.Equal((ReturnCode.Success, ""), (code, stderr));
        Assert.Equal("IP masquerading entries\n" + NatHeader, stdout);
    }

    [Fact]
    public void Mc_repeats_the_heading_every_round()
    {
        using TempTree proc = Captured();

        (_, string stdout, _) = Run("-Mnc", "0.01", "--count", "2", "--proc-root", proc.Root);

        Assert.Equal(2, stdout.Split('\n').Count(l => l == MasqueradeRenderer.NatTitle));
    }

    [Fact]
    public void Not_loaded_is_one_line_with_what_to_do_and_exit_1()
    {
        using var proc = new TempTree();
        proc.WriteText("net/dev", "");

        (ReturnCode code, string stdout, string stderr) = Run("-M", "--proc-root", proc.Root);

        Assert.Equal(ReturnCode.Failure, code);
        Assert.Equal("", stdout);
        Assert.Equal($"netstate: connection tracking is not loaded in this network namespace ({proc.Root}/net/nf_conntrack does not exist), so there are no NATed connections to show (a NAT rule loads it, e.g. nft masquerade or iptables -t nat -j MASQUERADE; so does modprobe nf_conntrack)\n", stderr);
    }

    [Fact]
    public void Loaded_without_a_proc_table_points_to_conntrack_tool()
    {
        using var proc = new TempTree();
        proc.WriteText("sys/net/netfilter/nf_conntrack_count", "0\n");

        (ReturnCode code, _, string stderr) = Run("-M", "--proc-root", proc.Root);

        Assert.Equal(ReturnCode.Failure, code);
        Assert.StartsWith("netstate: connection tracking is loaded but this kernel has no ", stderr, StringComparison.Ordinal);
        Assert.Contains("conntrack -L", stderr, StringComparison.Ordinal);
        Assert.Equal(1, stderr.Count(c => c == '\n'));
    }

    [Fact]
    public void Names_come_from_the_lookups_when_not_numeric()
    {
        using var output = new StringWriter();
        var renderer = new MasqueradeRenderer(output, extended: false,
            a => a.ToString() == "10.2.0.1" ? "router.example" : null,
            Netstate.Core.Names.ServiceNames.Parse("http-alt 8080/tcp\n", ""));
        var entry = new ConntrackEntry
        {
            FamilyName = "ipv4", FamilyNumber = 2, ProtocolName = "tcp", ProtocolNumber = 6, TimeoutSeconds = 65,
            Original = new ConntrackTuple(InetAddress.FromV4([10, 1, 0, 2]), InetAddress.FromV4([10, 2, 0, 2]), 40000, 8080),
            Reply = new ConntrackTuple(InetAddress.FromV4([10, 2, 0, 2]), InetAddress.FromV4([10, 2, 0, 1]), 8080, 8080),
        };

        renderer.WriteRow(entry);

        Assert.Equal("tcp      1:05 10.1.0.2             10.2.0.2             40000 -> http-alt SNAT router.example:http-alt\n", output.ToString());
    }
}
