using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Netstate.IntegrationTests.TestBed;
using Xunit.Abstractions;
using static Netstate.IntegrationTests.TestBed.NetstatStatisticsDifferences;

namespace Netstate.IntegrationTests;

/// <summary>
/// A private network namespace (its counters start at zero and only this bed moves them) after
/// real traffic on loopback: TCP connections over IPv4 and IPv6 with data both ways and orderly
/// closes, a refused connection (RST), UDP and UDP-Lite datagrams, UDP to closed ports (ICMP and
/// ICMPv6 port unreachable) and pings over both families.
/// </summary>
public sealed class StatisticsBed : IDisposable
{
    public StatisticsBed()
    {
        Namespace = new NetworkNamespace();
        Namespace.Run(MakeTraffic);
        // Let delayed ACKs and FIN exchanges finish before anything is compared.
        Thread.Sleep(500);
    }

    public NetworkNamespace Namespace { get; }

    private static void MakeTraffic()
    {
        Converse(IPAddress.Loopback, 3);
        Converse(IPAddress.IPv6Loopback, 2);
        using (var refused = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            Assert.Throws<SocketException>(() => refused.Connect(IPAddress.Loopback, 9));

        Datagrams(() => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp), IPAddress.Loopback, 5);
        Datagrams(() => new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp), IPAddress.IPv6Loopback, 4);
        Datagrams(RawSockets.OpenUdpLite, IPAddress.Loopback, 2);
        Datagrams(RawSockets.OpenUdpLite6, IPAddress.IPv6Loopback, 3);

        using var ping = new Ping();
        Assert.Equal(IPStatus.Success, ping.Send(IPAddress.Loopback, 2000).Status);
        Assert.Equal(IPStatus.Success, ping.Send(IPAddress.IPv6Loopback, 2000).Status);
    }

    /// <summary>Connections that each carry data both ways and close in order (client first).</summary>
    private static void Converse(IPAddress address, int connections)
    {
        using var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(address, 0));
        listener.Listen(8);
        byte[] data = new byte[3000];
        byte[] buffer = new byte[8192];
        for (int i = 0; i < connections; i++)
        {
            using var client = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            client.Connect(listener.LocalEndPoint!);
            using Socket server = listener.Accept();
            client.Send(data);
            ReceiveExactly(server, buffer, data.Length);
            server.Send(data.AsSpan(0, 100));
            ReceiveExactly(client, buffer, 100);
            client.Shutdown(SocketShutdown.Send);
            Assert.Equal(0, server.Receive(buffer));
            server.Shutdown(SocketShutdown.Send);
            Assert.Equal(0, client.Receive(buffer));
        }
    }

    private static void ReceiveExactly(Socket socket, byte[] buffer, int count)
    {
        for (int got = 0; got < count;)
            got += socket.Receive(buffer, got, count - got, SocketFlags.None);
    }

    /// <summary>Datagrams to a bound receiver, all read, then one to a port nobody holds (ICMP port unreachable).</summary>
    private static void Datagrams(Func<Socket> open, IPAddress address, int count)
    {
        using Socket receiver = open();
        using Socket sender = open();
        receiver.Bind(new IPEndPoint(address, 0));
        byte[] buffer = new byte[64];
        for (int i = 0; i < count; i++)
        {
            sender.SendTo("datagram"u8, receiver.LocalEndPoint!);
            receiver.Receive(buffer);
        }
        sender.SendTo("nobody"u8, new IPEndPoint(address, 9));
    }

    public void Dispose() => Namespace.Dispose();
}

/// <summary>
/// netstate -s against netstat -s on the same counters, line for line: the only lines allowed to
/// differ are those the documented differences (docs/differences/statistics.md) produce, and each
/// test checks which of them it saw.
/// </summary>
public sealed class StatisticsCompatibilityTests(StatisticsBed bed, ITestOutputHelper output) : IClassFixture<StatisticsBed>
{
    private static readonly Dictionary<string, string> CLocale = new() { ["LC_ALL"] = "C" };

    private ProcessResult Netstat(params string[] arguments) =>
        bed.Namespace.Run(() => ProcessResult.Run(Tools.Require("netstat", "net-tools"), arguments, CLocale));

    /// <summary>
    /// <paramref name="shown"/>: the tables netstate prints ("*" for all); <paramref name="kinds"/>:
    /// the differences this bed must show for the flags (others must not occur; the missed-sentence
    /// kind depends on which rare TCP events happened, so it is allowed but not required here).
    /// </summary>
    [Theory]
    [InlineData("-s", "*", "HiddenConfiguration CarriedIndent")]
    [InlineData("--statistics", "*", "HiddenConfiguration CarriedIndent")]
    [InlineData("-s -4", "*", "HiddenConfiguration CarriedIndent")]
    [InlineData("-st", "Tcp TcpExt MPTcpExt", "UnselectedTable")]
    [InlineData("-s --tcp", "Tcp TcpExt MPTcpExt", "UnselectedTable")]
    [InlineData("-su", "Udp", "UnselectedTable")]
    [InlineData("-sw", "Ip Icmp IcmpMsg IpExt", "UnselectedTable HiddenConfiguration CarriedIndent")]
    [InlineData("-sU", "UdpLite", "UnselectedTable")]
    [InlineData("-stu", "Tcp Udp TcpExt MPTcpExt", "UnselectedTable")]
    [InlineData("-s -6", "*", "HistogramTitleIndent")]
    [InlineData("-s -A inet6", "*", "HistogramTitleIndent")]
    [InlineData("-st -6", "Tcp", "UnselectedTable")]
    [InlineData("-su -6", "Udp6", "UnselectedTable")]
    [InlineData("-sw -6", "Ip6 Icmp6", "UnselectedTable HistogramTitleIndent")]
    [InlineData("-sU -6", "UdpLite6", "")]
    public void Output_matches_netstat_but_for_the_documented_differences(string commandLine, string shown, string kinds)
    {
        string[] arguments = commandLine.Split(' ');
        HashSet<string>? tables = shown == "*" ? null : [.. shown.Split(' ')];
        Expectation expected = default!;
        ProcessResult netstate = default!;
        // Counters can still move (a TIME_WAIT ending): accept a match with netstat run just before or just after.
        for (int attempt = 0; attempt < 5; attempt++)
        {
            ProcessResult before = Netstat(arguments);
            netstate = Tools.Netstate(bed.Namespace, arguments);
            ProcessResult after = Netstat(arguments);
            Assert.Equal(0, before.ExitCode);
            Assert.Equal("", before.Stderr);
            expected = Apply(before.Stdout, tables);
            if (Matches(expected, netstate))
                break;
            expected = Apply(after.Stdout, tables);
            if (Matches(expected, netstate))
                break;
        }

        output.WriteLine(expected.Describe());
        Assert.Equal(0, netstate.ExitCode);
        Assert.Equal("", netstate.Stderr);
        Assert.Equal(expected.Lines, netstate.Stdout.Split('\n'));
        AssertKinds(expected, kinds);
        Assert.True(netstate.Stdout.Split('\n').Length > 3, "the bed should produce counters");
    }

    [Fact]
    public void The_bed_moved_the_counters_it_meant_to()
    {
        string ipv4 = Tools.Netstate(bed.Namespace, "-s").Stdout;
        string ipv6 = Tools.Netstate(bed.Namespace, "-s", "-6").Stdout;

        Assert.Matches(@"\n    [5-9] active connection openings\n    [5-9] passive connection openings\n    1 failed connection attempts\n", ipv4);
        Assert.Matches(@"\nUdp:\n    5 packets received\n    1 packets to unknown port received\n", ipv4);
        Assert.Contains("\nUdpLite:\n    InDatagrams: 2\n    NoPorts: 1\n    OutDatagrams: 3\n", ipv4, StringComparison.Ordinal);
        // Port unreachable for UDP and UDP-Lite, one ping (echo request and reply both ways through lo).
        Assert.Contains("    ICMP input histogram:\n        destination unreachable: 2\n        echo requests: 1\n        echo replies: 1\n", ipv4, StringComparison.Ordinal);
        Assert.Contains("\nIcmpMsg:\n    InType0: 1\n    InType3: 2\n    InType8: 1\n    OutType0: 1\n    OutType3: 2\n    OutType8: 1\n", ipv4, StringComparison.Ordinal);
        Assert.Contains("\nUdp6:\n    4 packets received\n    1 packets to unknown port received\n", ipv6, StringComparison.Ordinal);
        Assert.Contains("\nUdpLite6:\n    UdpLite6InDatagrams: 3\n    UdpLite6NoPorts: 1\n    UdpLite6OutDatagrams: 4\n", ipv6, StringComparison.Ordinal);
        Assert.Contains("    ICMP output histogram:\n        destination unreachable: 2\n        echo requests: 1\n        echo replies: 1\n", ipv6, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_families_print_netstats_ipv4_output_then_its_ipv6_tables_where_netstat_refuses()
    {
        ProcessResult refused = Netstat("-s", "-4", "-6");
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("netstat: No statistics support for specified address family: inet,inet6\n", refused.Stdout);

        string[] expected = default!;
        ProcessResult netstate = default!;
        for (int attempt = 0; attempt < 5; attempt++)
        {
            Expectation ipv4 = Apply(Netstat("-s").Stdout, null);
            Expectation ipv6 = Apply(Netstat("-s", "-6").Stdout, null);
            netstate = Tools.Netstate(bed.Namespace, "-s", "-4", "-6");
            // netstat -s -6 ends with the Tcp table, which the IPv4 part already showed.
            string[] ipv6Lines = ipv6.Lines[..Array.LastIndexOf(ipv6.Lines, "Tcp:")];
            expected = [.. ipv4.Lines[..^1], .. ipv6Lines, ""];
            if (netstate.Stdout.Split('\n').SequenceEqual(expected))
                break;
        }

        Assert.Equal(0, netstate.ExitCode);
        Assert.Equal(expected, netstate.Stdout.Split('\n'));
    }

    [Theory]
    [InlineData("-sx", "unix")]
    [InlineData("-s -A unix", "unix")]
    [InlineData("-s -A inet,unix", "inet,unix")]
    public void Unix_statistics_fail_in_both_tools(string commandLine, string family)
    {
        ProcessResult netstat = Netstat(commandLine.Split(' '));
        ProcessResult netstate = Tools.Netstate(bed.Namespace, commandLine.Split(' '));

        Assert.Equal(1, netstat.ExitCode);
        Assert.Equal($"netstat: No statistics support for specified address family: {family}\n", netstat.Stdout);
        Assert.Equal(2, netstate.ExitCode);
        Assert.Equal("", netstate.Stdout);
        Assert.Equal("netstate: -s has no statistics for unix sockets (it shows the inet counters, or inet6 with -6)\n", netstate.Stderr);
    }

    private static bool Matches(Expectation expected, ProcessResult netstate) => netstate.Stdout.Split('\n').SequenceEqual(expected.Lines);

    private static void AssertKinds(Expectation expected, string kinds)
    {
        HashSet<string> required = [.. kinds.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
        foreach (Kind kind in Enum.GetValues<Kind>())
        {
            if (required.Contains(kind.ToString()))
                Assert.True(expected.Count(kind) > 0, $"expected a difference of kind {kind}:\n{expected.Describe()}");
            else if (kind != Kind.MissedSentence)
                Assert.True(expected.Count(kind) == 0, $"unexpected difference of kind {kind}:\n{expected.Describe()}");
        }
    }
}
