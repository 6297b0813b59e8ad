using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// netstate -M inside the router of <see cref="NatBed"/>: the masqueraded and forwarded connections
/// show with the addresses and ports the server really saw, and they agree with conntrack -L run in
/// the same namespace.
/// </summary>
public sealed partial class MasqueradeTests : IClassFixture<NatBed>
{
    private readonly NatBed _bed;

    public MasqueradeTests(NatBed bed) => _bed = bed;

    /// <summary>A row from the source column on: "source destination ports translation" as netstate lays it out.</summary>
    private static string RowTail(string source, string destination, string ports, string translation) =>
        $" {source,-20} {destination,-20} {ports,-14} {translation}\n";

    private static string Endpoint(IPEndPoint end) =>
        end.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{end.Address}]:{end.Port}" : $"{end.Address}:{end.Port}";

    private ProcessResult NetstateInRouter(params string[] arguments)
    {
        ProcessResult result = Tools.Netstate(_bed.Router, arguments);
        Assert.True(result.ExitCode == 0, $"netstate {string.Join(' ', arguments)} failed: {result.Stderr}");
        Assert.Equal("", result.Stderr);
        return result;
    }

    [Fact]
    public void Masqueraded_tcp_and_udp_show_the_address_the_server_saw()
    {
        string output = NetstateInRouter("-Mn").Stdout;

        Assert.StartsWith("IP masquerading entries\nprot   expire source               destination          ports          translation\n", output, StringComparison.Ordinal);
        Assert.Contains(RowTail("10.1.0.2", "10.2.0.2", $"{_bed.Tcp4.ClientPort} -> 8080", "SNAT " + Endpoint(_bed.Tcp4.SeenByServer)), output, StringComparison.Ordinal);
        Assert.Contains(RowTail("fd00:1::2", "fd00:2::2", $"{_bed.Tcp6.ClientPort} -> 8080", "SNAT " + Endpoint(_bed.Tcp6.SeenByServer)), output, StringComparison.Ordinal);
        Assert.Contains(RowTail("10.1.0.2", "10.2.0.2", $"{_bed.Udp4.ClientPort} -> 5353", "SNAT " + Endpoint(_bed.Udp4.SeenByServer)), output, StringComparison.Ordinal);
        Assert.Equal("10.2.0.1", _bed.Tcp4.SeenByServer.Address.ToString());
    }

    [Fact]
    public void Forwarded_port_shows_the_real_destination()
    {
        string output = NetstateInRouter("-Mn").Stdout;

        Assert.Contains(RowTail("10.1.0.2", "10.1.0.1", $"{_bed.Dnat.ClientPort} -> 9090", "DNAT " + Endpoint(_bed.Dnat.RealDestination)), output, StringComparison.Ordinal);
        Assert.Equal("10.2.0.2:8081", Endpoint(_bed.Dnat.RealDestination));
    }

    [Fact]
    public void Extended_listing_shows_state_and_status()
    {
        string output = NetstateInRouter("-Mne", "-4", "-t").Stdout;

        string[] rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[2..];
        Assert.Equal(2, rows.Length);
        Assert.All(rows, r => Assert.Matches(@"^tcp +\d+:\d\d ESTABLISHED ASSURED +0 +0 10\.1\.0\.2 ", r));
    }

    [Fact]
    public void Nated_entries_agree_with_conntrack_tool()
    {
        string conntrack = Tools.Require("conntrack", "conntrack");
        for (int attempt = 0; ; attempt++)
        {
            ProcessResult tool = _bed.Router.Exec(conntrack, "-L", "--any-nat");
            string output = NetstateInRouter("-Mn").Stdout;
            Assert.True(tool.ExitCode == 0, $"conntrack -L failed: {tool.Stderr}");

            string[] expected = [.. tool.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ExpectedTail)];
            string[] rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[2..];
            bool same = expected.Length == rows.Length && expected.All(e => output.Contains(e, StringComparison.Ordinal));
            if (same)
            {
                Assert.True(expected.Length >= 4, $"expected at least the bed's 4 NATed connections, conntrack shows:\n{tool.Stdout}");
                return;
            }
            // An entry that expired or appeared between the two listings: look again.
            if (attempt == 3)
                Assert.Fail($"conntrack -L --any-nat:\n{tool.Stdout}\nnetstate -Mn:\n{output}");
            Thread.Sleep(300);
        }
    }

    [Fact]
    public void All_flag_adds_the_untranslated_connections()
    {
        // A UDP packet to the router itself is tracked but not translated.
        _bed.Client.Run(() =>
        {
            using var udp = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
            udp.SendTo("x"u8.ToArray(), new IPEndPoint(IPAddress.Parse("10.1.0.1"), 53));
        });

        string all = NetstateInRouter("-Mna").Stdout;
        string nat = NetstateInRouter("-Mn").Stdout;

        Assert.StartsWith("Tracked connections (conntrack)\n", all, StringComparison.Ordinal);
        Assert.Matches(@"udp +\d+:\d\d 10\.1\.0\.2 +10\.1\.0\.1 +\d+ -> 53 +-\n", all);
        Assert.DoesNotMatch(@"-> 53 ", nat);
    }

    [Fact]
    public void Without_conntrack_the_error_says_what_to_do()
    {
        string empty = Directory.CreateTempSubdirectory("netstate-noconntrack-").FullName;
        try
        {
            ProcessResult result = Tools.Netstate(_bed.Router, "-M", "--proc-root", empty);

            Assert.Equal(1, result.ExitCode);
            Assert.Equal("", result.Stdout);
            Assert.Equal($"netstate: connection tracking is not loaded in this network namespace ({empty}/net/nf_conntrack does not exist), so there are no NATed connections to show (a NAT rule loads it, e.g. nft masquerade or iptables -t nat -j MASQUERADE; so does modprobe nf_conntrack)\n", result.Stderr);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    /// <summary>What netstate should print for one line of conntrack -L: source, destination, ports and translation.</summary>
    private static string ExpectedTail(string line)
    {
        MatchCollection fields = TupleField().Matches(line);
        string Field(int tuple, string key) => fields.Where(m => m.Groups[1].Value == key).ElementAt(tuple).Groups[2].Value;
        string Host(string text) => IPAddress.Parse(text).ToString();
        string Join(string host, string port) => (host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host) + ":" + port;

        string origSrc = Host(Field(0, "src")), origDst = Host(Field(0, "dst")), sport = Field(0, "sport"), dport = Field(0, "dport");
        string replySrc = Host(Field(1, "src")), replyDst = Host(Field(1, "dst")), replySport = Field(1, "sport"), replyDport = Field(1, "dport");
        var translation = new List<string>();
        if (replyDst != origSrc || replyDport != sport)
            translation.Add("SNAT " + Join(replyDst, replyDport));
        if (replySrc != origDst || replySport != dport)
            translation.Add("DNAT " + Join(replySrc, replySport));
        return RowTail(origSrc, origDst, $"{sport} -> {dport}", string.Join(' ', translation));
    }

    [GeneratedRegex(@"\b(src|dst|sport|dport)=(\S+)")]
    private static partial Regex TupleField();
}
