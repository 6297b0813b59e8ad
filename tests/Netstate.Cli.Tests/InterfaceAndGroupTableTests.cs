using Netstate.Cli.Arguments;
using Netstate.Cli.Commands;
using Netstate.Cli.Rendering;
using Netstate.Core.Kernel;
using Netstate.Core.Model;

namespace Netstate.Cli.Tests;

/// <summary>
/// netstat -i and -g rendered from the captured kernel files in Fixtures/interfaces, compared with
/// what net-tools netstat printed for the same kernel state (netstat-ia.txt, netstat-gn.txt).
/// </summary>
public sealed class InterfaceAndGroupTableTests
{
    private static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "interfaces", name);

    private static (ReturnCode Code, string Out, string Err) RunInterfaces(string commandLine, string procRoot, IInterfaceDetails details)
    {
        NetstatOptions options = NetstatArgumentParser.Parse([.. commandLine.Split(' '), "--proc-root", procRoot]);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        ReturnCode code = new InterfaceTableCommand(options, stdout, stderr, details).Run();
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static (ReturnCode Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        ReturnCode code = NetstateApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static TempTree CapturedProc()
    {
        var tree = new TempTree();
        foreach (string name in new[] { "dev", "igmp", "igmp6" })
            tree.WriteBytes("net/" + name, File.ReadAllBytes(FixturePath(name)));
        return tree;
    }

    [Fact]
    public void Ia_matches_netstat_byte_for_byte_on_the_capture()
    {
        using TempTree proc = CapturedProc();

        (ReturnCode code, string stdout, string stderr) = RunInterfaces("-ia", proc.Root, CapturedDetails.Load(FixturePath("flags.txt")));

        Assert.Equal(ReturnCode.Success, code);
        Assert.Equal("", stderr);
        Assert.Equal(File.ReadAllText(FixturePath("netstat-ia.txt")), stdout);
    }

    [Fact]
    public void I_without_a_leaves_out_interfaces_that_are_down()
    {
        using TempTree proc = CapturedProc();
        string expected = string.Concat(File.ReadAllLines(FixturePath("netstat-ia.txt"))
            .Where(l => !l.StartsWith("abcdefghijklmno", StringComparison.Ordinal) && !l.StartsWith("odd.name-x", StringComparison.Ordinal))
            .Select(l => l + "\n"));

        (_, string stdout, _) = RunInterfaces("-i", proc.Root, CapturedDetails.Load(FixturePath("flags.txt")));

        Assert.Equal(expected, stdout);
    }

    [Fact]
    public void Ic_prints_the_title_once_and_the_header_every_round()
    {
        using TempTree proc = CapturedProc();

        (_, string stdout, _) = RunInterfaces("-ic 0.01 --count 2", proc.Root, CapturedDetails.Load(FixturePath("flags.txt")));

        Assert.Equal(1, CountOf(stdout, InterfaceTableRenderer.Title));
        Assert.Equal(2, CountOf(stdout, "Iface             MTU"));
    }

    [Fact]
    public void Vanished_interface_is_one_escaped_line_on_stderr_and_the_rest_still_shows()
    {
        using TempTree proc = CapturedProc();
        proc.WriteText("net/dev", File.ReadAllText(FixturePath("dev")) + "e\u001b]0;x\u0007: 1 2 0 0 0 0 0 0 1 2 0 0 0 0 0 0\n");

        (ReturnCode code, string stdout, string stderr) = RunInterfaces("-ia", proc.Root, CapturedDetails.Load(FixturePath("flags.txt")));

        Assert.Equal(ReturnCode.Success, code);
        Assert.Equal("netstate: e\\x1B]0;x\\x07: error fetching interface information: Device not found\n", stderr);
        Assert.Contains("veth10", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Row_formats_follow_net_tools()
    {
        using var output = new StringWriter();
        var renderer = new InterfaceTableRenderer(output);
        renderer.WriteRow(new InterfaceRow("e\u001bx", InterfaceState.None, 1500, new InterfaceCounters("e\u001bx")
        {
            RxPackets = 123456789, RxErrors = 1, RxFrameErrors = 2, RxDropped = 3, RxFifoErrors = 4,
            TxPackets = 5, TxErrors = 6, TxDropped = 7, TxFifoErrors = 8,
        }));
        renderer.WriteRow(new InterfaceRow("p2p0", InterfaceState.Up | InterfaceState.PointToPoint | InterfaceState.NoArp | InterfaceState.Promiscuous
            | InterfaceState.AllMulticast | InterfaceState.Master | InterfaceState.Slave | InterfaceState.Dynamic | InterfaceState.Debug
            | InterfaceState.NoTrailers, -1, null));

        Assert.Equal(
            "e\\x1Bx           1500 123456789      1      3 4             5      6      7      8 [NO FLAGS]\n" +
            "p2p0               -1      - no statistics available -                        ADdPNOPsmU\n",
            output.ToString());
    }

    [Fact]
    public void Gn_matches_netstat_byte_for_byte_on_the_capture()
    {
        using TempTree proc = CapturedProc();

        (ReturnCode code, string stdout, string stderr) = Run("-gn", "--proc-root", proc.Root);

        Assert.Equal(ReturnCode.Success, code);
        Assert.Equal("", stderr);
        Assert.Equal(File.ReadAllText(FixturePath("netstat-gn.txt")), stdout);
    }

    [Theory]
    [InlineData("-4", false)]
    [InlineData("-6", true)]
    public void G_with_one_family_keeps_only_its_groups(string family, bool v6)
    {
        using TempTree proc = CapturedProc();
        proc.WriteText("net/tcp", "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n");
        proc.WriteText("net/tcp6", "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n");

        (ReturnCode code, string stdout, _) = Run("-gn", family, "--proc-root", proc.Root);

        Assert.Equal(ReturnCode.Success, code);
        string groups = stdout[stdout.IndexOf(GroupTableRenderer.Header, StringComparison.Ordinal)..];
        string[] rows = groups[GroupTableRenderer.Header.Length..].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(v6 ? 13 : 5, rows.Length);
        Assert.All(rows, r => Assert.Equal(v6, r.Contains("::", StringComparison.Ordinal)));
        // -4/-6 select the socket tables too, so netstat prints the internet sockets first.
        Assert.StartsWith("Active Internet connections (w/o servers)\n", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void G_escapes_device_names_and_reports_bad_lines()
    {
        using TempTree proc = CapturedProc();
        proc.WriteText("net/igmp6", "7    e\u001b[31mvil      ff020000000000000000000000000001     2 0000000C 0\nbogus\n");

        (ReturnCode code, string stdout, string stderr) = Run("-gn", "--proc-root", proc.Root);

        Assert.Equal(ReturnCode.Success, code);
        Assert.Contains("e\\x1B[31mvil    2      ff02::1\n", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', stdout);
        Assert.StartsWith($"netstate: {proc.Root}/net/igmp6 line 1: interface index is not a number", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void G_without_the_ipv4_table_is_one_error_line_and_exit_1()
    {
        using var proc = new TempTree();
        proc.WriteText("net/igmp6", "");

        (ReturnCode code, string stdout, string stderr) = Run("-gn", "--proc-root", proc.Root);

        Assert.Equal(ReturnCode.Failure, code);
        Assert.Equal(GroupTableRenderer.Header, stdout);
        Assert.StartsWith($"netstate: cannot read {proc.Root}/net/igmp (No such file or directory)", stderr, StringComparison.Ordinal);
        Assert.Equal(1, stderr.Count(c => c == '\n'));
    }

    [Fact]
    public void Group_lookup_follows_net_tools_host_rule()
    {
        Assert.True(GroupTableRenderer.NeedsLookup(InetAddress.FromV4([224, 0, 0, 1])));
        Assert.False(GroupTableRenderer.NeedsLookup(InetAddress.FromV4([239, 1, 2, 0])));
        Assert.True(GroupTableRenderer.NeedsLookup(InetAddress.FromV6([0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])));
    }

    [Fact]
    public void Ie_prints_one_block_per_up_interface_with_its_ipv6_addresses()
    {
        using TempTree proc = CapturedProc();
        proc.WriteBytes("net/if_inet6", File.ReadAllBytes(FixturePath("if_inet6")));

        (ReturnCode code, string stdout, string stderr) = RunInterfaces("-ie", proc.Root, CapturedDetails.Load(FixturePath("flags.txt")));

        Assert.Equal(ReturnCode.Success, code);
        Assert.Equal("", stderr);
        Assert.StartsWith("Kernel Interface table\nlo: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536\n", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Iface", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("abcdefghijklmno", stdout, StringComparison.Ordinal);
        string veth10 = stdout[stdout.IndexOf("veth10:", StringComparison.Ordinal)..];
        Assert.StartsWith(
            "veth10: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 9000\n" +
            "        inet6 fe80::58a8:16ff:feb1:ecd4  prefixlen 64  scopeid 0x20<link>\n" +
            "        inet6 2001:db8::5  prefixlen 64  scopeid 0x0<global>\n" +
            "        ether 02:00:00:00:00:06  txqueuelen 1000  (Ethernet)\n" +
            "        RX packets ", veth10, StringComparison.Ordinal);
        Assert.Contains("        inet6 1.2.3.4  prefixlen 128  scopeid 0x0<global>\n", stdout, StringComparison.Ordinal);
        Assert.Contains("lo:7: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536\n        loop  txqueuelen 1000  (Local Loopback)\n\n", stdout, StringComparison.Ordinal);
        Assert.EndsWith("\n\n", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Iea_adds_the_interfaces_that_are_down()
    {
        using TempTree proc = CapturedProc();

        (ReturnCode code, string stdout, _) = RunInterfaces("--interfaces --extend --all", proc.Root, CapturedDetails.Load(FixturePath("flags.txt")));

        Assert.Equal(ReturnCode.Success, code);
        string[] names = stdout.Split('\n').Where(l => l.Contains(": flags=", StringComparison.Ordinal)).Select(l => l[..l.IndexOf(": flags=", StringComparison.Ordinal)]).ToArray();
        Assert.Equal(["abcdefghijklmno", "lo", "lo:7", "odd.name-x", "veth2", "veth10"], names);
    }

    [Fact]
    public void Block_follows_net_tools_ife_print_long()
    {
        using var output = new StringWriter();
        var renderer = new IfconfigRenderer(output);
        var counters = new InterfaceCounters("e\u001bx")
        {
            RxPackets = 1, RxBytes = 1025, RxErrors = 2, RxDropped = 3, RxFifoErrors = 4, RxFrameErrors = 5,
            TxPackets = 6, TxBytes = 1024, TxErrors = 7, TxDropped = 8, TxFifoErrors = 9, TxCarrierErrors = 10, Collisions = 11,
        };
        var v4 = new InterfaceIpv4Address(InetAddress.FromV4([10, 0, 0, 1]), null, InetAddress.FromV4([10, 0, 0, 255]), InetAddress.FromV4([10, 0, 0, 2]));
        var map = new InterfaceMap(0xd0000, 0xdffff, 0x300, 11, 3, 2);
        var config = new InterfaceConfiguration(778, [10, 1, 2, 3, 9, 9, 9, 9, 7, 7, 7, 7, 7, 7], 500, map, v4);
        byte[] v6 = [0xfe, 0xc0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
        IReadOnlyList<Ipv6InterfaceAddress> ipv6 =
        [
            new(InetAddress.FromV6(v6), 9, 10, 0x40, 0, "e\u001bx"),
            new(InetAddress.FromV6(v6), 9, 96, 0x80, 0, "e\u001bx"),
            new(InetAddress.FromV6(v6), 9, 64, 0x30, 0, "e\u001bx"),
            new(InetAddress.FromV6(v6), 9, 64, 0x01, 0, "e\u001bx"),
        ];
        InterfaceState flags = InterfaceState.Up | InterfaceState.PointToPoint | InterfaceState.Broadcast | InterfaceState.Dynamic
            | InterfaceState.PortSelect | InterfaceState.AutoMedia;

        renderer.WriteBlock(new InterfaceRow("e\u001bx", flags, 1476, counters), config, ipv6);

        Assert.Equal(
            "e\\x1Bx: flags=-8173<UP,BROADCAST,POINTOPOINT,DYNAMIC>  mtu 1476\n" +
            "        inet 10.0.0.1  netmask [NONE SET]  broadcast 10.0.0.255  destination 10.0.0.2\n" +
            "        inet6 fec0::1  prefixlen 10  scopeid 0x40<site>\n" +
            "        inet6 fec0::1  prefixlen 96  scopeid 0x80<compat,global>\n" +
            "        inet6 fec0::1  prefixlen 64  scopeid 0x30<link,host>\n" +
            "        inet6 fec0::1  prefixlen 64  scopeid 0x1\n" +
            "        unspec 0A-01-02-03-09-09-09-09-00-00-00-00-00-00-00-00  txqueuelen 500  (UNSPEC)\n" +
            "        media 10baseTautoselect\n" +
            "        RX packets 1  bytes 1025 (1.0 KiB)\n" +
            "        RX errors 2  dropped 3  overruns 4  frame 5\n" +
            "        TX packets 6  bytes 1024 (1024.0 B)\n" +
            "        TX errors 7  dropped 8 overruns 9  carrier 10  collisions 11\n" +
            "        device interrupt 11  base 0x300  memory 0xd0000-dffff    dma 0x3\n" +
            "\n",
            output.ToString());
    }

    [Theory]
    [InlineData(0, InterfaceState.None, 772, "x: flags=0<  mtu 0\n        loop  (Local Loopback)\n\n")]
    [InlineData(0x2000, InterfaceState.PortSelect, 768, "x: flags=8192  mtu 0\n        tunnel   (IPIP Tunnel)\n        media unknown\n\n")]
    [InlineData(0x8, InterfaceState.Loopback, 776, "x: flags=8<LOOPBACK>  mtu 0\n        sit  (IPv6-in-IPv4)\n\n")]
    public void Flags_without_names_and_link_types_without_addresses(int raw, object flagValue, int type, string expected)
    {
        // The flags come boxed: InterfaceState is internal to Netstate.Core, and a public test method cannot name it.
        var flags = (InterfaceState)flagValue;
        Assert.Equal(raw, (int)flags);
        using var output = new StringWriter();

        new IfconfigRenderer(output).WriteBlock(new InterfaceRow("x", flags, 0, null), new InterfaceConfiguration(type, new byte[14], -1, default, null), []);

        Assert.Equal(expected, output.ToString());
    }

    [Theory]
    [InlineData(0UL, "0.0 B")]
    [InlineData(1024UL, "1024.0 B")]
    [InlineData(1025UL, "1.0 KiB")]
    [InlineData(1425UL, "1.3 KiB")]
    [InlineData(148625218UL, "141.7 MiB")]
    [InlineData(1099511627777UL, "1.0 TiB")]
    [InlineData(ulong.MaxValue, "16.0 EiB")]
    public void Byte_counts_use_net_tools_binary_units(ulong bytes, string expected) =>
        Assert.Equal(expected, IfconfigRenderer.HumanBytes(bytes));

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, StringComparison.Ordinal))
            count++;
        return count;
    }

    /// <summary>Flags and MTU as the capture recorded them (flags.txt: name, SIOCGIFFLAGS value, SIOCGIFMTU value).</summary>
    private sealed class CapturedDetails : IInterfaceDetails
    {
        private readonly Dictionary<string, (InterfaceState, int)> _known = [];

        public static CapturedDetails Load(string path)
        {
            var details = new CapturedDetails();
            foreach (string[] parts in File.ReadAllLines(path).Select(l => l.Split(' ')))
                details._known[parts[0]] = ((InterfaceState)Convert.ToInt32(parts[1], 16), int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
            return details;
        }

        public bool TryGet(string name, out InterfaceState flags, out int mtu, out string? failure)
        {
            bool found = _known.TryGetValue(name, out (InterfaceState, int) value);
            (flags, mtu) = value;
            failure = found ? null : "Device not found";
            return found;
        }

        public IReadOnlyList<string> AddressLabels() => [.. _known.Keys.Where(k => k.Contains(':', StringComparison.Ordinal))];

        /// <summary>lo and its labels are loopback; every other name gets an Ethernet address ending in its length.</summary>
        public InterfaceConfiguration Configuration(string name) => name.StartsWith("lo", StringComparison.Ordinal)
            ? new InterfaceConfiguration(772, new byte[14], 1000, default, null)
            : new InterfaceConfiguration(1, [2, 0, 0, 0, 0, (byte)name.Length, 0, 0, 0, 0, 0, 0, 0, 0], 1000, default, null);
    }
}
