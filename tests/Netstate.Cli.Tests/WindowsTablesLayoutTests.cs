using System.Net;
using Netstate.Cli.Arguments;
using Netstate.Cli.Rendering;
using Netstate.Core.Model;
using Netstate.Core.Platform.Windows;

namespace Netstate.Cli.Tests;

/// <summary>Windows netstat -s, -r and -e: the command line and the layouts, line for line, on Linux.</summary>
public sealed class WindowsTablesLayoutTests
{
    private static NetstatOptions Parse(params string[] args) => WindowsNetstatArgumentParser.Parse(args);

    [Fact]
    public void Dash_s_alone_shows_every_section_in_windows_order()
    {
        NetstatOptions options = Parse("-s");

        Assert.Equal((Mode.Statistics, OutputFormat.Windows, (string?)null), (options.Mode, options.Format, options.WindowsProtocol));
        Assert.Equal(["IPv4 Statistics", "IPv6 Statistics", "ICMPv4 Statistics", "ICMPv6 Statistics", "TCP Statistics for IPv4", "TCP Statistics for IPv6", "UDP Statistics for IPv4", "UDP Statistics for IPv6"],
            WindowsNetstatArgumentParser.StatisticsSections(null).Select(s => WindowsStatisticsRenderer.Title(s.Kind, s.Ipv6)));
    }

    [Theory]
    [InlineData("tcp", "TCP Statistics for IPv4", true)]
    [InlineData("TCPv6", "TCP Statistics for IPv6", true)]
    [InlineData("udpv6", "UDP Statistics for IPv6", true)]
    [InlineData("ip", "IPv4 Statistics", false)]
    [InlineData("IPv6", "IPv6 Statistics", false)]
    [InlineData("icmp", "ICMPv4 Statistics", false)]
    [InlineData("icmpv6", "ICMPv6 Statistics", false)]
    public void Dash_s_with_p_shows_that_protocol_and_for_tcp_and_udp_its_connections(string protocol, string title, bool listsConnections)
    {
        NetstatOptions options = Parse("-s", "-p", protocol);

        var section = Assert.Single(WindowsNetstatArgumentParser.StatisticsSections(options.WindowsProtocol));
        Assert.Equal(title, WindowsStatisticsRenderer.Title(section.Kind, section.Ipv6));
        Assert.Equal(listsConnections, WindowsNetstatArgumentParser.StatisticsListSockets(options.WindowsProtocol));
        Assert.Equal(Mode.Statistics, Parse("-sp", protocol).Mode);
    }

    [Fact]
    public void Dash_s_p_tcp_lists_ipv4_tcp_only_after_the_statistics()
    {
        Assert.Equal(SocketTables.Tcp4, Parse("-s", "-p", "tcp").Tables);
        Assert.Equal(SocketTables.Udp6, Parse("-sp", "udpv6").Tables);
    }

    [Fact]
    public void Dash_e_with_s_is_the_interface_statistics_then_the_protocol_statistics_and_r_is_the_route_table()
    {
        NetstatOptions both = Parse("-es");
        NetstatOptions routes = Parse("-r");
        NetstatOptions interfaces = Parse("-e");

        Assert.Equal((Mode.Interfaces, true), (both.Mode, both.WindowsStatistics));
        Assert.Equal((Mode.Interfaces, false), (interfaces.Mode, interfaces.WindowsStatistics));
        Assert.Equal((Mode.Route, OutputFormat.Windows), (routes.Mode, routes.Format));
        Assert.Equal("TCP", Parse("-e", "-s", "-p", "tcp").WindowsProtocol);
    }

    [Fact]
    public void The_ip_section_puts_equals_signs_in_windows_column()
    {
        string text = Render(w => w.Write(new IpCounters(false) { InReceives = 8325364, FragCreates = 7 }));

        string[] lines = text.Split('\n');
        Assert.Equal(["", "IPv4 Statistics", "", "  Packets Received                   = 8325364", "  Received Header Errors             = 0"], lines[..5]);
        Assert.Contains("  Datagrams Successfully Fragmented  = 0", lines);
        Assert.Equal("  Fragments Created                  = 7", lines[19]);
        Assert.Equal(21, lines.Length);
    }

    [Fact]
    public void The_icmp_sections_have_received_and_sent_columns_and_each_familys_types()
    {
        var input = new ulong[256];
        var output = new ulong[256];
        input[3] = 12;
        output[3] = 45;
        input[0] = 5;
        output[8] = 5;
        string v4 = Render(w => w.Write(new IcmpCounters(false, 123, 1, input, 456, 0, output)));
        input[135] = 9;
        output[136] = 10;
        string v6 = Render(w => w.Write(new IcmpCounters(true, 20, 0, input, 21, 0, output)));

        string[] lines = v4.Split('\n');
        Assert.Equal(["", "ICMPv4 Statistics", "", "                            Received    Sent", "  Messages                  123         456", "  Errors                    1           0",
            "  Destination Unreachable   12          45"], lines[..7]);
        Assert.Contains("  Echo Replies              5           0", lines);
        Assert.Contains("  Echos                     0           5", lines);
        Assert.Equal("  Router Advertisements     0           0", lines[^2]);
        Assert.Contains("  Neighbor Solicitations    9           0", v6.Split('\n'));
        Assert.Contains("  Neighbor Advertisements   0           10", v6.Split('\n'));
        Assert.Equal("  Router Renumberings       0           0", v6.Split('\n')[^2]);
    }

    [Fact]
    public void The_tcp_and_udp_sections_use_windows_words_and_columns()
    {
        string tcp = Render(w => w.Write(new TcpCounters(true) { ActiveOpens = 40012, CurrEstab = 45, InSegs = 0x1_0000_0000UL, RetransSegs = 3 }));
        string udp = Render(w => w.Write(new UdpCounters(false) { InDatagrams = 12345, NoPorts = 1, OutDatagrams = 999 }));

        Assert.Equal("\nTCP Statistics for IPv6\n\n  Active Opens                        = 40012\n  Passive Opens                       = 0\n  Failed Connection Attempts          = 0\n"
            + "  Reset Connections                   = 0\n  Current Connections                 = 45\n  Segments Received                   = 4294967296\n  Segments Sent                       = 0\n"
            + "  Segments Retransmitted              = 3\n", tcp);
        Assert.Equal("\nUDP Statistics for IPv4\n\n  Datagrams Received    = 12345\n  No Ports              = 1\n  Receive Errors        = 0\n  Datagrams Sent        = 999\n", udp);
    }

    [Fact]
    public void The_route_table_has_the_interface_list_on_link_gateways_netmasks_and_summed_metrics()
    {
        WindowsInterface[] interfaces =
        [
            new(12, "Intel(R) Ethernet \u001b[31m", [0x00, 0x15, 0x5d, 0x01, 0x02, 0x03]),
            new(1, "Software Loopback Interface 1", []),
            new(13, "WFP filter", [0x00, 0x15, 0x5d, 0x01, 0x02, 0x03]) { Filter = true },
        ];
        WindowsRoute[] routes =
        [
            new(12, Ip("192.168.1.0"), 24, Ip("0.0.0.0"), 256),
            new(12, Ip("0.0.0.0"), 0, Ip("192.168.1.1"), 0),
            new(1, Ip("127.0.0.0"), 8, Ip("0.0.0.0"), 256),
            new(1, Ip("::1"), 128, Ip("::"), 256),
            new(12, Ip("fe80::"), 64, Ip("::"), 256),
        ];
        WindowsAddress[] addresses = [new(12, Ip("192.168.1.100"), 24), new(1, Ip("127.0.0.1"), 8)];
        var metrics4 = new Dictionary<uint, uint> { [12] = 25, [1] = 75 };

        string text = RenderText(w =>
        {
            var r = new WindowsRouteRenderer(w);
            r.WriteInterfaceList(interfaces);
            r.WriteIpv4(routes, addresses, metrics4, []);
            r.WriteIpv6(routes, null);
        });

        string rule = new('=', 75);
        Assert.Equal([rule, "Interface List", " 12...00 15 5d 01 02 03 ......Intel(R) Ethernet \\x1B[31m", "  1...........................Software Loopback Interface 1", rule, "",
            "IPv4 Route Table", rule, "Active Routes:", "Network Destination        Netmask          Gateway       Interface  Metric",
            "          0.0.0.0          0.0.0.0      192.168.1.1   192.168.1.100     25",
            "        127.0.0.0        255.0.0.0          On-link       127.0.0.1    331",
            "      192.168.1.0    255.255.255.0          On-link   192.168.1.100    281",
            rule, "Persistent Routes:", "  None", "",
            "IPv6 Route Table", rule, "Active Routes:", " If Metric Network Destination      Gateway",
            "  1      - ::1/128                  On-link",
            " 12      - fe80::/64                On-link",
            rule, "Persistent Routes:"], text.Split('\n')[..25]);
    }

    [Fact]
    public void Interface_statistics_add_up_every_listed_interface()
    {
        WindowsInterface[] interfaces =
        [
            new(1, "lo", []) { InOctets = 3508640000, OutOctets = 389286000, InUcastPkts = 3023745, OutUcastPkts = 1601706, InNUcastPkts = 178, OutNUcastPkts = 49, InUnknownProtos = 2 },
            new(2, "eth", []) { InOctets = 283, OutOctets = 493, InDiscards = 1, OutErrors = 4 },
            new(3, "filter", []) { Filter = true, InOctets = 1_000_000 },
        ];

        string text = RenderText(w => new WindowsRouteRenderer(w).WriteInterfaceStatistics(interfaces));

        Assert.Equal("Interface Statistics\n\n                           Received            Sent\n\n"
            + "Bytes                    3508640283      389286493\n"
            + "Unicast packets             3023745        1601706\n"
            + "Non-unicast packets             178             49\n"
            + "Discards                          1              0\n"
            + "Errors                            0              4\n"
            + "Unknown protocols                 2\n", text);
    }

    [Fact]
    public void Persistent_routes_are_parsed_from_the_registry_value_names()
    {
        Assert.Equal(new PersistentRoute("10.0.0.0", "255.0.0.0", "192.168.1.1", "1"), PersistentRoute.Parse("10.0.0.0,255.0.0.0,192.168.1.1,1"));
        Assert.Null(PersistentRoute.Parse("garbage"));
    }

    private static InetAddress Ip(string text) => InetAddress.FromIPAddress(IPAddress.Parse(text));

    private static string Render(Action<WindowsStatisticsRenderer> write)
    {
        var output = new StringWriter { NewLine = "\n" };
        write(new WindowsStatisticsRenderer(output));
        return output.ToString();
    }

    private static string RenderText(Action<TextWriter> write)
    {
        var output = new StringWriter { NewLine = "\n" };
        write(output);
        return output.ToString();
    }
}
