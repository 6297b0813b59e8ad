using Netstate.Cli.Rendering;
using Netstate.Core.Kernel;
using Netstate.Core.Model;
using Netstate.Core.Sources.Linux;

namespace Netstate.Cli.Tests;

/// <summary>
/// netstate -r on the tables captured in Fixtures/routes, against what netstat printed for the very
/// same files (capture.sh runs both at one moment).
/// </summary>
public sealed class RouteTableTests
{
    private static string Fixtures => Path.Combine(AppContext.BaseDirectory, "Fixtures", "routes");

    private static (ReturnCode Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        ReturnCode code = NetstateApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("netstat-rn.txt", "-rn")]
    [InlineData("netstat-rn.txt", "--route --numeric")]
    [InlineData("netstat-rne.txt", "-rne")]
    [InlineData("netstat-rnee.txt", "-rnee")]
    [InlineData("netstat-rnee.txt", "-r -n -e -e")]
    [InlineData("netstat-rn6.txt", "-rn6")]
    [InlineData("netstat-rn6.txt", "-rnA inet6")]
    [InlineData("netstat-rn6.txt", "-rn --inet6")]
    public void Numeric_tables_are_byte_identical_to_netstat(string expectedFile, string commandLine)
    {
        (ReturnCode code, string stdout, string stderr) = Run([.. commandLine.Split(' '), "--proc-root", Fixtures]);

        Assert.Equal(ReturnCode.Success, code);
        Assert.Equal("", stderr);
        Assert.Equal(File.ReadAllText(Path.Combine(Fixtures, expectedFile)), stdout);
    }

    [Fact]
    public void Both_families_print_ipv4_then_ipv6()
    {
        (ReturnCode code, string stdout, _) = Run("-rn", "-4", "-6", "--proc-root", Fixtures);

        Assert.Equal(ReturnCode.Success, code);
        Assert.Equal(File.ReadAllText(Path.Combine(Fixtures, "netstat-rn.txt")) + File.ReadAllText(Path.Combine(Fixtures, "netstat-rn6.txt")), stdout);
    }

    /// <summary>Names come from a fake lookup here: the networks database names 169.254.0.0, nothing else has a name.</summary>
    private sealed class FakeNames(Dictionary<string, string> hosts) : IRouteNameLookup
    {
        public string? HostName(InetAddress address) => hosts.GetValueOrDefault(address.ToString());

        public string? NetworkName(InetAddress address) => address.ToString() == "169.254.0.0" ? "link-local" : null;
    }

    private static string RenderIpv4(IRouteNameLookup? names, int extend)
    {
        using var output = new StringWriter();
        var routes = RouteTableReader.ReadIpv4(new ProcRoot(Fixtures)).Routes!;
        new RouteTableRenderer(output, names).WriteIpv4(routes, RouteTableRenderer.Ipv4LayoutFor(extend));
        return output.ToString();
    }

    private static string RenderIpv6(IRouteNameLookup? names)
    {
        using var output = new StringWriter();
        new RouteTableRenderer(output, names).WriteIpv6(RouteTableReader.ReadIpv6(new ProcRoot(Fixtures)).Routes!);
        return output.ToString();
    }

    [Fact]
    public void Names_follow_netstat_default_networks_and_unnamed_hosts()
    {
        Assert.Equal(File.ReadAllText(Path.Combine(Fixtures, "netstat-r.txt")), RenderIpv4(new FakeNames([]), extend: 0));
        Assert.Equal(File.ReadAllText(Path.Combine(Fixtures, "netstat-r6.txt")), RenderIpv6(new FakeNames([])));
    }

    [Fact]
    public void Host_names_are_cut_to_15_characters_and_escaped()
    {
        string text = RenderIpv4(new FakeNames(new() { ["10.9.0.254"] = "gateway.example.org", ["10.30.0.7"] = "evil\u001b[2J" }), extend: 0);

        Assert.Contains("default         gateway.example 0.0.0.0         UG        0 0          0 veth0\n", text, StringComparison.Ordinal);
        Assert.Contains("evil\\x1B[2J     0.0.0.0 ", text, StringComparison.Ordinal);
        // A network route's address is asked of the networks database, never of the hosts.
        Assert.Contains("10.20.0.0       10.9.0.2 ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Ipv6_host_names_replace_numbers_and_are_not_cut()
    {
        string text = RenderIpv6(new FakeNames(new() { ["2001:db8:9::fe"] = "a-rather-long-router-name.example" }));

        Assert.Contains("[::]/0                         a-rather-long-router-name.example UG   1024 1      0 veth0\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(3, 0)]
    [InlineData(4, 1)]
    public void The_layout_follows_netstat_e_counter(int extend, int layout) =>
        Assert.Equal(layout, RouteTableRenderer.Ipv4LayoutFor(extend));

    [Fact]
    public void Three_e_print_only_the_title_as_netstat_does()
    {
        (ReturnCode code, string stdout, _) = Run("-rneee", "--proc-root", Fixtures);

        Assert.Equal(ReturnCode.Success, code);
        Assert.Equal("Kernel IP routing table\n", stdout);
    }

    [Theory]
    [InlineData(RouteFlags.Up | RouteFlags.Gateway, "UG")]
    [InlineData(RouteFlags.Up | RouteFlags.Gateway | RouteFlags.Reject | RouteFlags.Host, "!H")]
    [InlineData(RouteFlags.Up | RouteFlags.Host | RouteFlags.Dynamic | RouteFlags.Modified, "UHDM")]
    [InlineData(RouteFlags.Up | RouteFlags.Mtu | RouteFlags.Window | RouteFlags.InitialRtt, "Uuwi")]
    public void Ipv4_flags_are_spelled_as_netstat_spells_them(object flags, string text) =>
        Assert.Equal(text, RouteTableRenderer.Ipv4FlagText((RouteFlags)flags)); // boxed: RouteFlags is internal to Netstate.Core

    [Theory]
    [InlineData(RouteFlags.Up | RouteFlags.Reject | RouteFlags.NoNextHop, "U!n")]
    [InlineData(RouteFlags.Up | RouteFlags.Gateway | RouteFlags.Default | RouteFlags.AddrConf | RouteFlags.Expires, "UGDAe")]
    public void Ipv6_flags_are_spelled_as_netstat_spells_them(object flags, string text) =>
        Assert.Equal(text, RouteTableRenderer.Ipv6FlagText((RouteFlags)flags));

    [Fact]
    public void Routes_that_are_not_up_and_ipv6_cache_entries_are_not_shown()
    {
        using var tree = new TempTree();
        tree.WriteText("net/route", "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
            + "eth0\t0000A8C0\t00000000\t0000\t0\t0\t0\t00FFFFFF\t0\t0\t0\n");
        tree.WriteText("net/ipv6_route",
            "20010db8000000000000000000000001 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000001 00000000 01000001     eth0\n");

        (_, string stdout, _) = Run("-rn", "-4", "-6", "--proc-root", tree.Root);

        Assert.Equal("Kernel IP routing table\nDestination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n"
            + "Kernel IPv6 routing table\nDestination                    Next Hop                   Flag Met Ref  Use If\n", stdout);
    }

    [Fact]
    public void Interface_names_with_control_characters_are_escaped()
    {
        using var tree = new TempTree();
        tree.WriteText("net/route", "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
            + "e\u001b[2J\t0000A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n");

        (_, string stdout, _) = Run("-rn", "--proc-root", tree.Root);

        Assert.DoesNotContain('\u001b', stdout);
        Assert.EndsWith(" e\\x1B[2J\n", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_lines_are_skipped_with_one_warning_each()
    {
        using var tree = new TempTree();
        tree.WriteText("net/route", "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
            + "eth0\tnonsense\n"
            + "eth0\t0000A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n");

        (ReturnCode code, string stdout, string stderr) = Run("-rn", "--proc-root", tree.Root);

        Assert.Equal(ReturnCode.Success, code);
        Assert.EndsWith("192.168.0.0     0.0.0.0         255.255.255.0   U         0 0          0 eth0\n", stdout, StringComparison.Ordinal);
        Assert.StartsWith("netstate: warning: ", stderr, StringComparison.Ordinal);
        Assert.Contains("route line 1: bad destination", stderr, StringComparison.Ordinal);
        Assert.Equal(1, stderr.Count(c => c == '\n'));
    }

    [Fact]
    public void A_missing_table_prints_netstats_line_and_exits_1()
    {
        using var tree = new TempTree();
        tree.WriteText("net/ipv6_route", "");

        (ReturnCode code, string stdout, string stderr) = Run("-rn", "--proc-root", tree.Root);

        Assert.Equal(ReturnCode.Failure, code);
        Assert.Equal("INET (IPv4) not configured in this system.\n", stdout);
        Assert.StartsWith("netstate: cannot read ", stderr, StringComparison.Ordinal);
        Assert.Equal(1, stderr.Count(c => c == '\n'));
    }
}
