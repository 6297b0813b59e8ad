using System.Collections.Concurrent;
using System.Diagnostics;
using Netstate.Cli.Arguments;
using Netstate.Cli.Rendering;
using Netstate.Core.Model;
using Netstate.Core.Names;
using static Netstate.Cli.Tests.TestSockets;

namespace Netstate.Cli.Tests;

/// <summary>
/// The Windows layout without -n: Local Address numeric, Foreign Address as Windows netstat (Vista and
/// later) names it. The resolver is a stand-in that answers from a table and records what it was asked.
/// </summary>
public sealed class WindowsNamesTests
{
    private static readonly ThisComputer Computer = new("DESKTOP-FSHSTS", "DESKTOP-FSHSTS.corp.example.com",
        new HashSet<InetAddress> { Address("192.168.1.20"), Address("2001:db8::20") });

    private static readonly ServiceNames Services = ServiceNames.Parse(
        "epmap           135/tcp   loc-srv\nhttps           443/tcp   MCom\nhttps           443/udp   MCom\nms-wbt-server   3389/tcp\n", "");

    private static readonly Dictionary<string, string> Ptr = new()
    {
        ["142.250.180.14"] = "lhr25s34-in-f14.1e100.net",
        ["2001:db8::1"] = "gw.example.net",
    };

    /// <summary>Rows of every kind a names run meets: listeners, a loopback pair, an own-address peer, resolved, unresolved, IPv6, UDP.</summary>
    private static List<SocketEntry> Entries() =>
    [
        Tcp("0.0.0.0", 135, "0.0.0.0", 0, TcpState.Listen),
        Tcp("127.0.0.1", 9010, "127.0.0.1", 55452, TcpState.Established),
        Tcp("192.168.1.20", 50123, "142.250.180.14", 443, TcpState.Established),
        Tcp("192.168.1.20", 50124, "93.184.216.34", 443, TcpState.Established),
        Tcp("192.168.1.20", 50125, "93.184.216.34", 8081, TcpState.SynSent),
        Tcp("192.168.1.20", 445, "192.168.1.20", 50200, TcpState.Established),
        Tcp("::", 135, "::", 0, TcpState.Listen),
        Tcp("2001:db8::20", 50500, "2001:db8::1", 3389, TcpState.Established),
        Tcp("::1", 49670, "::1", 49671, TcpState.TimeWait),
        Inet(Protocol.Udp, "0.0.0.0", 5353, "0.0.0.0", 0, 7),
    ];

    [Fact]
    public void Without_n_the_local_address_is_numeric_and_the_foreign_address_a_name_and_a_service()
    {
        (string[] rows, FakeResolver resolver) = Render(fullNames: false);

        Assert.Equal(
        [
            "  TCP    0.0.0.0:135            DESKTOP-FSHSTS:0       LISTENING",
            "  TCP    127.0.0.1:9010         DESKTOP-FSHSTS:55452   ESTABLISHED",
            "  TCP    192.168.1.20:50123     lhr25s34-in-f14:https  ESTABLISHED",
            // Not named in time, or not at all: the host stays a number, the port still a service where the file has one.
            "  TCP    192.168.1.20:50124     93.184.216.34:https    ESTABLISHED",
            "  TCP    192.168.1.20:50125     93.184.216.34:8081     SYN_SENT",
            "  TCP    192.168.1.20:445       DESKTOP-FSHSTS:50200   ESTABLISHED",
            "  TCP    [::]:135               DESKTOP-FSHSTS:0       LISTENING",
            "  TCP    [2001:db8::20]:50500   gw:ms-wbt-server       ESTABLISHED",
            "  TCP    [::1]:49670            DESKTOP-FSHSTS:49671   TIME_WAIT",
            "  UDP    0.0.0.0:5353           *:*",
        ], rows);
        // This computer's addresses (unspecified, loopback, its own) are named without a lookup; the rest are asked once each.
        Assert.Equal(["142.250.180.14", "2001:db8::1", "93.184.216.34"], resolver.Asked.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void With_f_the_foreign_host_is_the_fully_qualified_name()
    {
        (string[] rows, _) = Render(fullNames: true);

        Assert.Equal("  TCP    0.0.0.0:135            DESKTOP-FSHSTS.corp.example.com:0 LISTENING", rows[0]);
        Assert.Equal("  TCP    192.168.1.20:50123     lhr25s34-in-f14.1e100.net:https ESTABLISHED", rows[2]);
        Assert.Equal("  TCP    192.168.1.20:50124     93.184.216.34:https    ESTABLISHED", rows[3]);
        Assert.Equal("  TCP    [2001:db8::20]:50500   gw.example.net:ms-wbt-server ESTABLISHED", rows[7]);
    }

    [Fact]
    public void With_n_every_column_stays_numeric()
    {
        NetstatOptions options = WindowsNetstatArgumentParser.Parse(["-anf"]);
        var output = new StringWriter { NewLine = "\n" };

        // -n is no names object at all (SocketListCommand makes none when hosts and ports are both numeric).
        Assert.True(options.NumericHosts && options.NumericPorts && options.WindowsFullNames);
        new WindowsNetstatRenderer(output, pids: false, executables: false).WriteSockets(new SocketListing(Entries(), null, DateTimeOffset.UnixEpoch));

        string[] rows = output.ToString().Split('\n')[4..^1];
        Assert.Equal("  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING", rows[0]);
        Assert.Equal("  TCP    127.0.0.1:9010         127.0.0.1:55452        ESTABLISHED", rows[1]);
        Assert.Equal("  TCP    192.168.1.20:50123     142.250.180.14:443     ESTABLISHED", rows[2]);
        Assert.Equal("  TCP    [2001:db8::20]:50500   [2001:db8::1]:3389     ESTABLISHED", rows[7]);
    }

    [Theory]
    [InlineData(new[] { "-a" }, false, false)]
    [InlineData(new[] { "-af" }, false, true)]
    [InlineData(new[] { "/a", "/F" }, false, true)]
    [InlineData(new[] { "-an" }, true, false)]
    public void Dash_n_makes_hosts_and_ports_numeric_and_f_asks_for_full_names(string[] args, bool numeric, bool fullNames)
    {
        NetstatOptions options = WindowsNetstatArgumentParser.Parse(args);

        Assert.Equal((numeric, numeric, fullNames), (options.NumericHosts, options.NumericPorts, options.WindowsFullNames));
    }

    [Fact]
    public void Numeric_hosts_alone_keep_the_address_and_still_name_the_port()
    {
        var names = new WindowsAddressText(Services, hosts: null, fullNames: false, Computer);

        Assert.Equal("142.250.180.14:https", names.Foreign(At("142.250.180.14", 443)));
        Assert.Equal("0.0.0.0:0", names.Foreign(At("0.0.0.0", 0)));
        Assert.Equal("[::1]:49671", names.Foreign(At("::1", 49671)));
        Assert.False(names.NeedsLookup(Address("93.184.216.34")));
    }

    [Fact]
    public void This_computer_is_the_unspecified_loopback_and_own_addresses()
    {
        Assert.All(["0.0.0.0", "::", "127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1", "192.168.1.20", "::ffff:192.168.1.20", "2001:db8::20"],
            a => Assert.True(Computer.Is(Address(a)), a));
        Assert.All(["192.168.1.21", "10.0.0.1", "2001:db8::21", "::ffff:10.0.0.1", "fe80::1"],
            a => Assert.False(Computer.Is(Address(a)), a));
    }

    [Fact]
    public void Hostile_bytes_in_a_resolved_name_are_escaped_cut_or_whole()
    {
        var resolver = new FakeResolver(new Dictionary<string, string>
        {
            ["203.0.113.9"] = "evil\u001b[2J\u202E.x\ny.example",
        });
        var hosts = new HostNameResolver(resolver, TimeSpan.FromSeconds(10));
        hosts.ResolveAll([Address("203.0.113.9")]);

        Assert.Equal("evil\\x1B[2J\\u202E:https", new WindowsAddressText(Services, hosts, false, Computer).Foreign(At("203.0.113.9", 443)));
        Assert.Equal("evil\\x1B[2J\\u202E.x\\x0Ay.example:https", new WindowsAddressText(Services, hosts, true, Computer).Foreign(At("203.0.113.9", 443)));
    }

    [Fact]
    public void A_name_that_looks_like_an_address_is_not_cut_at_its_first_dot()
    {
        Assert.Equal("10.0.0.7", WindowsAddressText.FirstLabel("10.0.0.7"));
        Assert.Equal("lhr25s34-in-f14", WindowsAddressText.FirstLabel("lhr25s34-in-f14.1e100.net"));
        Assert.Equal(".odd", WindowsAddressText.FirstLabel(".odd"));
        Assert.Equal("plain", WindowsAddressText.FirstLabel("plain"));
    }

    [Fact]
    public void A_resolver_that_does_not_answer_costs_the_deadline_and_leaves_the_number()
    {
        var resolver = new FakeResolver([], delay: TimeSpan.FromSeconds(10));
        var hosts = new HostNameResolver(resolver, TimeSpan.FromMilliseconds(300));
        var names = new WindowsAddressText(Services, hosts, false, Computer);
        var clock = Stopwatch.StartNew();

        hosts.ResolveAll([Address("142.250.180.14"), Address("93.184.216.34")]);

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
        Assert.Equal(2, hosts.TimedOut);
        Assert.Equal("142.250.180.14:https", names.Foreign(At("142.250.180.14", 443)));
        Assert.Equal("DESKTOP-FSHSTS:55452", names.Foreign(At("127.0.0.1", 55452)));
    }

    /// <summary>Renders <see cref="Entries"/> the way SocketListCommand does: the lookups it would ask for, then the listing; returns the rows.</summary>
    private static (string[] Rows, FakeResolver Resolver) Render(bool fullNames)
    {
        var resolver = new FakeResolver(Ptr);
        var hosts = new HostNameResolver(resolver, TimeSpan.FromSeconds(10));
        var names = new WindowsAddressText(Services, hosts, fullNames, Computer);
        List<SocketEntry> entries = Entries();
        hosts.ResolveAll(entries.SelectMany(e => new[] { e.Local.Address, e.Remote.Address }).Where(names.NeedsLookup));
        var output = new StringWriter { NewLine = "\n" };

        new WindowsNetstatRenderer(output, pids: false, executables: false, names).WriteSockets(new SocketListing(entries, null, DateTimeOffset.UnixEpoch));

        string[] lines = output.ToString().Split('\n');
        Assert.Equal(["", "Active Connections", "", "  Proto  Local Address          Foreign Address        State"], lines[..4]);
        return (lines[4..^1], resolver);
    }

    /// <summary>A resolver answering from a table (or never, within <paramref name="delay"/>), recording each address asked.</summary>
    private sealed class FakeResolver(Dictionary<string, string> names, TimeSpan? delay = null) : ISystemNames
    {
        private readonly ConcurrentBag<string> _asked = [];

        public IEnumerable<string> Asked => _asked;

        public string? HostName(InetAddress address)
        {
            _asked.Add(address.ToString());
            if (delay is { } wait)
                Thread.Sleep(wait);
            return names.GetValueOrDefault(address.ToString());
        }

        public string? UserName(uint uid) => null;

        public uint? UserId(string name) => null;

        public string? InterfaceName(uint index) => null;

        public string? NetworkName(InetAddress network) => null;

        public (string? Services, string? Protocols) ReadServiceFiles(string? servicesPath, string? protocolsPath) => (null, null);
    }
}
