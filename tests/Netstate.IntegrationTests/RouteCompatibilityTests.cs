using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// A private namespace with a veth pair and one route of every kind netstat -r tells apart: a
/// default route, a network via a gateway with a metric, a host route (UH), a network named in
/// /etc/networks, a route with MSS/window/irtt, unreachable and prohibit routes (!), a blackhole
/// (no device, "*"), and the IPv6 counterparts. Both tools run in a private mount namespace where
/// /etc/hosts, /etc/networks and /etc/resolv.conf are the bed's own, so names are the same for both
/// and no lookup leaves the machine (the DNS server is 127.0.0.1, where nothing listens).
/// </summary>
public sealed class RouteBed : IDisposable
{
    public RouteBed()
    {
        Namespace = new NetworkNamespace();
        Ip("link", "add", "veth0", "type", "veth", "peer", "name", "veth1");
        Ip("link", "set", "veth0", "up");
        Ip("link", "set", "veth1", "up");
        Ip("addr", "add", "10.9.0.1/24", "dev", "veth0");
        Ip("-6", "addr", "add", "2001:db8:9::1/64", "dev", "veth0", "nodad");
        Ip("route", "add", "default", "via", "10.9.0.254");
        Ip("route", "add", "10.20.0.0/16", "via", "10.9.0.2", "metric", "5");
        Ip("route", "add", "10.30.0.7/32", "dev", "veth0");
        Ip("route", "add", "169.254.0.0/16", "dev", "veth0", "metric", "1000");
        Ip("route", "add", "10.50.0.0/24", "dev", "veth0", "advmss", "1400", "window", "8000", "rtt", "30ms");
        Ip("route", "add", "unreachable", "10.40.0.0/16");
        Ip("route", "add", "prohibit", "10.41.0.0/16", "metric", "9");
        Ip("route", "add", "blackhole", "10.42.0.0/16");
        Ip("-6", "route", "add", "default", "via", "2001:db8:9::fe");
        Ip("-6", "route", "add", "2001:db8:20::/48", "via", "2001:db8:9::2", "metric", "7");
        Ip("-6", "route", "add", "2001:db8:30::7/128", "dev", "veth0");
        Ip("-6", "route", "add", "unreachable", "2001:db8:40::/48");
        File.WriteAllText(Path.Combine(Directory, "hosts"),
            "127.0.0.1 localhost\n10.9.0.254 gateway-with-a-long-name.example\n10.30.0.7 hostroute\n2001:db8:9::fe router6.example\n");
        File.WriteAllText(Path.Combine(Directory, "networks"), "testnet 10.20.0.0\nlink-local 169.254.0.0\n");
        File.WriteAllText(Path.Combine(Directory, "resolv.conf"), "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n");
    }

    public NetworkNamespace Namespace { get; }

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("netstate-routes-").FullName;

    /// <summary>Runs a program in the namespace with the bed's hosts, networks and resolv.conf mounted over /etc.</summary>
    public ProcessResult Exec(params string[] command)
    {
        const string Script = "for f in hosts networks resolv.conf; do mount --bind \"$0/$f\" /etc/$f || exit 99; done; exec \"$@\"";
        return Namespace.Run(() => ProcessResult.Run(Tools.Require("unshare", "util-linux"), ["-m", "sh", "-c", Script, Directory, .. command]));
    }

    private void Ip(params string[] arguments)
    {
        ProcessResult result = Namespace.Exec(Tools.Require("ip", "iproute2"), arguments);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed: {result.Stderr}");
    }

    public void Dispose()
    {
        Namespace.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

/// <summary>netstate -r against netstat -r on the same kernel tables, line for line.</summary>
public sealed class RouteCompatibilityTests(RouteBed bed) : IClassFixture<RouteBed>
{
    [Theory]
    [InlineData("-r")]
    [InlineData("-rn")]
    [InlineData("-re")]
    [InlineData("-rne")]
    [InlineData("-ree")]
    [InlineData("-rnee")]
    [InlineData("-rneee")]
    [InlineData("-r6")]
    [InlineData("-rn6")]
    [InlineData("-rnA inet6")]
    [InlineData("-rne6")]
    [InlineData("-rn -4 -6")]
    [InlineData("-r -4 -6")]
    [InlineData("--route --numeric --extend")]
    public void Output_is_byte_identical_to_netstat(string commandLine)
    {
        string[] arguments = commandLine.Split(' ');
        // IPv6 reference counts are live: compare against netstat runs just before and just after.
        ProcessResult before = default!, netstate = default!, after = default!;
        for (int attempt = 0; attempt < 5; attempt++)
        {
            before = bed.Exec([Tools.Require("netstat", "net-tools"), .. arguments]);
            netstate = bed.Exec([Tools.NetstateBinary, .. arguments]);
            after = bed.Exec([Tools.Require("netstat", "net-tools"), .. arguments]);
            if (netstate.Stdout == before.Stdout || netstate.Stdout == after.Stdout)
                break;
        }

        Assert.Equal(0, before.ExitCode);
        Assert.Equal(0, netstate.ExitCode);
        Assert.Equal("", netstate.Stderr);
        Assert.True(before.Stdout.Split('\n').Length > 4 || commandLine == "-rneee", $"the bed should show routes:\n{before.Stdout}");
        string expected = netstate.Stdout == after.Stdout ? after.Stdout : before.Stdout;
        Assert.Equal(expected.Split('\n'), netstate.Stdout.Split('\n'));
    }

    [Fact]
    public void The_bed_exercises_names_gateways_hosts_and_reject_routes()
    {
        string ipv4 = bed.Exec(Tools.NetstateBinary, "-r").Stdout;
        string ipv6 = bed.Exec(Tools.NetstateBinary, "-r6").Stdout;

        Assert.Contains("default         gateway-with-a- 0.0.0.0         UG ", ipv4, StringComparison.Ordinal);
        Assert.Contains("testnet         10.9.0.2        255.255.0.0     UG ", ipv4, StringComparison.Ordinal);
        Assert.Contains("hostroute       0.0.0.0         255.255.255.255 UH ", ipv4, StringComparison.Ordinal);
        Assert.Contains("link-local      0.0.0.0 ", ipv4, StringComparison.Ordinal);
        Assert.Contains("10.40.0.0       -               255.255.0.0     !         - -          - -\n", ipv4, StringComparison.Ordinal);
        Assert.Contains(" *\n", ipv4, StringComparison.Ordinal);
        Assert.Contains("[::]/0                         router6.example            UG ", ipv6, StringComparison.Ordinal);
        Assert.Contains("!n", ipv6, StringComparison.Ordinal);
    }
}
