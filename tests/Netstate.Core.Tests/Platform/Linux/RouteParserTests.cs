using System.Text;
using Netstate.Core.Kernel;
using Netstate.Core.Model;
using Netstate.Core.Platform.Linux;
using Netstate.Core.Platform.Linux.Kernel;

namespace Netstate.Core.Tests;

/// <summary>/proc/net/route and /proc/net/ipv6_route, on the capture in Fixtures/routes (see its capture.sh).</summary>
public sealed class RouteParserTests
{
    private static (List<Ipv4Route> Routes, ParseProblems Problems) Ipv4(ReadOnlySpan<byte> text)
    {
        var routes = new List<Ipv4Route>();
        var problems = new ParseProblems();
        ProcNetRouteParser.ParseIpv4(text, "route", routes, problems);
        return (routes, problems);
    }

    private static (List<Ipv6Route> Routes, ParseProblems Problems) Ipv6(ReadOnlySpan<byte> text)
    {
        var routes = new List<Ipv6Route>();
        var problems = new ParseProblems();
        ProcNetRouteParser.ParseIpv6(text, "ipv6_route", routes, problems);
        return (routes, problems);
    }

    private static InetAddress Ip(string text) => InetAddress.FromIPAddress(System.Net.IPAddress.Parse(text));

    private const string Header = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT                                                       \n";

    [Fact]
    public void The_captured_ipv4_table_reads_every_route()
    {
        (List<Ipv4Route> routes, ParseProblems problems) = Ipv4(Fixture.Bytes("routes/net/route"));

        Assert.Equal(0, problems.Count);
        Assert.Equal(9, routes.Count);
        Ipv4Route gateway = routes[0];
        Assert.Equal("veth0", gateway.Interface);
        Assert.Equal(InetAddress.AnyV4, gateway.Destination);
        Assert.Equal(Ip("10.9.0.254"), gateway.Gateway);
        Assert.Equal(RouteFlags.Up | RouteFlags.Gateway, gateway.Flags);
        Assert.Equal(InetAddress.AnyV4, gateway.Mask);

        Ipv4Route metric = routes.Single(r => r.Destination == Ip("10.20.0.0"));
        Assert.Equal(5u, metric.Metric);
        Assert.Equal(Ip("255.255.0.0"), metric.Mask);
        Assert.Equal(Ip("10.9.0.2"), metric.Gateway);

        Ipv4Route host = routes.Single(r => r.Destination == Ip("10.30.0.7"));
        Assert.Equal(RouteFlags.Up | RouteFlags.Host, host.Flags);
        Assert.Equal(Ip("255.255.255.255"), host.Mask);
        Assert.False(host.HasHostBits);

        Ipv4Route unreachable = routes.Single(r => r.Destination == Ip("10.40.0.0"));
        Assert.Equal("*", unreachable.Interface);
        Assert.Equal(RouteFlags.Up | RouteFlags.Reject, unreachable.Flags);

        Ipv4Route tuned = routes.Single(r => r.Destination == Ip("10.50.0.0"));
        Assert.Equal((1440, 8000, 30), (tuned.Mtu, tuned.Window, tuned.InitialRtt));
        Assert.Equal(1000u, routes.Single(r => r.Destination == Ip("169.254.0.0")).Metric);
    }

    [Fact]
    public void The_captured_ipv6_table_reads_every_route()
    {
        (List<Ipv6Route> routes, ParseProblems problems) = Ipv6(Fixture.Bytes("routes/net/ipv6_route"));

        Assert.Equal(0, problems.Count);
        Assert.Equal(14, routes.Count);
        Ipv6Route via = routes.Single(r => r.Destination == Ip("2001:db8:20::"));
        Assert.Equal(48, via.PrefixLength);
        Assert.Equal(Ip("2001:db8:9::2"), via.NextHop);
        Assert.Equal(7u, via.Metric);
        Assert.Equal(RouteFlags.Up | RouteFlags.Gateway, via.Flags);
        Assert.Equal("veth0", via.Interface);

        Ipv6Route last = routes[^1];
        Assert.Equal(InetAddress.AnyV6, last.Destination);
        Assert.Equal(0, last.PrefixLength);
        Assert.Equal(uint.MaxValue, last.Metric);
        Assert.Equal(RouteFlags.Reject | RouteFlags.NoNextHop, last.Flags);
        Assert.Equal("lo", last.Interface);

        Ipv6Route local = routes.Single(r => r.Destination == Ip("::1"));
        Assert.Equal(128, local.PrefixLength);
        Assert.True(local.Flags.HasFlag(RouteFlags.Local));
    }

    [Fact]
    public void Empty_and_header_only_files_have_no_routes_and_no_problems()
    {
        Assert.Empty(Ipv4([]).Routes);
        Assert.Equal(0, Ipv4([]).Problems.Count);
        Assert.Empty(Ipv4(Encoding.ASCII.GetBytes(Header)).Routes);
        Assert.Equal(0, Ipv4(Encoding.ASCII.GetBytes(Header)).Problems.Count);
        Assert.Empty(Ipv6([]).Routes);
    }

    [Fact]
    public void A_line_without_irtt_is_read_as_netstat_reads_it()
    {
        (List<Ipv4Route> routes, ParseProblems problems) = Ipv4(Encoding.ASCII.GetBytes(Header + "eth0\t0000A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\n"));

        Assert.Equal(0, problems.Count);
        Assert.Equal(Ip("192.168.0.0"), Assert.Single(routes).Destination);
        Assert.Equal(0, routes[0].InitialRtt);
    }

    [Theory]
    [InlineData("eth0\t0000A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\n", "bad Window")]
    [InlineData("eth0\tZZZZZZZZ\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n", "bad destination")]
    [InlineData("eth0\t0000A8C\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n", "bad destination")]
    [InlineData("eth0\t0000A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\t7\n", "more fields than expected")]
    [InlineData("eth0\t0000A8C0\t00000000\t000000001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n", "bad flags")]
    [InlineData("eth0\t0000A8C0\t00000000\t0001\t0\t0\t99999999999\t00FFFFFF\t0\t0\t0\n", "bad Metric")]
    [InlineData("a-name-of-sixteen\t0000A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n", "interface name longer than 15 bytes")]
    public void Malformed_ipv4_lines_become_problems_with_their_line_number(string line, string reason)
    {
        string good = "eth0\t00000000\t0100A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n";
        var routes = new List<Ipv4Route>();
        var problems = new ParseProblems();
        ProcNetRouteParser.ParseIpv4(Encoding.ASCII.GetBytes(Header + good + line + good), "route", routes, problems);

        Assert.Equal(2, routes.Count);
        Assert.Equal(1, problems.Count);
        SourceNote note = Assert.Single(problems.ToNotes("route"));
        Assert.StartsWith($"route line 2: {reason}; line skipped: ", note.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unexpected_header_is_reported_but_the_rows_are_still_read()
    {
        (List<Ipv4Route> routes, ParseProblems problems) = Ipv4("Iface\tSomething\n"u8.ToArray().Concat("eth0\t00000000\t0100A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"u8.ToArray()).ToArray());

        Assert.Single(routes);
        Assert.Equal(1, problems.Count);
    }

    [Theory]
    [InlineData("fe80000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001 eth0", "bad destination")]
    [InlineData("fe800000000000000000000000000000 81 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001 eth0", "bad destination prefix length")]
    [InlineData("fe800000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001", "no interface")]
    [InlineData("fe800000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 0000000g 00000001 eth0", "bad use count")]
    [InlineData("fe800000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001 eth0 extra", "more fields than expected")]
    public void Malformed_ipv6_lines_become_problems(string line, string reason)
    {
        string good = "fe800000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0\n";
        var routes = new List<Ipv6Route>();
        var problems = new ParseProblems();
        ProcNetRouteParser.ParseIpv6(Encoding.ASCII.GetBytes(good + line + "\n" + good), "ipv6_route", routes, problems);

        Assert.Equal(2, routes.Count);
        SourceNote note = Assert.Single(problems.ToNotes("ipv6_route"));
        Assert.StartsWith($"ipv6_route line 2: {reason}; line skipped: ", note.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Control_characters_in_a_bad_line_are_escaped_in_the_note()
    {
        (_, ParseProblems problems) = Ipv6("\u001b[31mevil\n"u8);

        SourceNote note = Assert.Single(problems.ToNotes("ipv6_route"));
        Assert.DoesNotContain('\u001b', note.Message);
        Assert.Contains("\\x1B[31mevil", note.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_reader_reports_a_missing_file_as_unavailable()
    {
        using TempDirectory root = Fixture.CreateTempDirectory();

        RouteTableRead<Ipv4Route> read = RouteTableReader.ReadIpv4(new ProcRoot(root.Path));

        Assert.Null(read.Routes);
        Assert.Equal(SourceNoteKind.Unavailable, Assert.Single(read.Notes).Kind);
    }

    [Fact]
    public void The_reader_reads_a_replayed_tree()
    {
        var root = new ProcRoot(Fixture.PathOf("routes"));

        Assert.Equal(9, RouteTableReader.ReadIpv4(root).Routes!.Count);
        Assert.Equal(14, RouteTableReader.ReadIpv6(root).Routes!.Count);
    }
}
