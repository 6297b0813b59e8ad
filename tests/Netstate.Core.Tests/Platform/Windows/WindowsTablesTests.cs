using Netstate.Core.Model;
using Netstate.Core.Platform;
using Netstate.Core.Platform.Windows;

namespace Netstate.Core.Tests;

/// <summary>The statistics structures and the netioapi tables of -s, -r and -e, read from bytes laid out as the headers document.</summary>
public sealed class WindowsTablesTests
{
    [Fact]
    public void Ip_statistics_take_each_field_from_its_documented_offset()
    {
        var recorded = new RecordedIpHelper();
        recorded.Statistics[(StatisticsKind.Ip, false)] = RecordedIpHelper.IpStats();

        var ip = Assert.IsType<IpCounters>(recorded.Platform().ReadStatistics(StatisticsKind.Ip, ipv6: false));

        // Fields 0 and 1 (Forwarding, DefaultTTL) are not counters; InReceives is field 2, FragCreates field 19.
        Assert.Equal((3UL, 4UL, 5UL, 6UL, 7UL, 8UL, 9UL, 10UL), (ip.InReceives, ip.InHdrErrors, ip.InAddrErrors, ip.ForwDatagrams, ip.InUnknownProtos, ip.InDiscards, ip.InDelivers, ip.OutRequests));
        Assert.Equal((11UL, 12UL, 13UL), (ip.RoutingDiscards, ip.OutDiscards, ip.OutNoRoutes));
        // Field 13 is ReasmTimeout (a setting, not shown); reassembly counts are 14 to 16.
        Assert.Equal((15UL, 16UL, 17UL, 18UL, 19UL, 20UL), (ip.ReasmReqds, ip.ReasmOks, ip.ReasmFails, ip.FragOks, ip.FragFails, ip.FragCreates));
        Assert.False(ip.Ipv6);
    }

    [Fact]
    public void Icmp_statistics_keep_received_and_sent_counts_per_type()
    {
        var recorded = new RecordedIpHelper();
        recorded.Statistics[(StatisticsKind.Icmp, true)] = RecordedIpHelper.IcmpStats(40, 2, 30, 1, (128, 7, 9), (136, 11, 13), (255, 5, 6));

        var icmp = Assert.IsType<IcmpCounters>(recorded.Platform().ReadStatistics(StatisticsKind.Icmp, ipv6: true));

        Assert.Equal((40UL, 2UL, 30UL, 1UL), (icmp.InMessages, icmp.InErrors, icmp.OutMessages, icmp.OutErrors));
        Assert.Equal((7UL, 9UL, 11UL, 13UL, 5UL, 6UL, 0UL), (icmp.InTypes[128], icmp.OutTypes[128], icmp.InTypes[136], icmp.OutTypes[136], icmp.InTypes[255], icmp.OutTypes[255], icmp.InTypes[0]));
    }

    [Fact]
    public void Tcp_statistics_read_the_64_bit_form_past_its_padding_and_the_32_bit_form_by_its_length()
    {
        var recorded = new RecordedIpHelper();
        recorded.Statistics[(StatisticsKind.Tcp, false)] = RecordedIpHelper.TcpStats2(10, 20, 30, 40, 50, 0x1_0000_0001UL, 0x2_0000_0002UL, 60);
        recorded.Statistics[(StatisticsKind.Tcp, true)] = RecordedIpHelper.TcpStats(7, 8, 9, 10);

        var v4 = Assert.IsType<TcpCounters>(recorded.Platform().ReadStatistics(StatisticsKind.Tcp, ipv6: false));
        var v6 = Assert.IsType<TcpCounters>(recorded.Platform().ReadStatistics(StatisticsKind.Tcp, ipv6: true));

        Assert.Equal((10UL, 20UL, 30UL, 40UL, 50UL, 0x1_0000_0001UL, 0x2_0000_0002UL, 60UL), (v4.ActiveOpens, v4.PassiveOpens, v4.AttemptFails, v4.EstabResets, v4.CurrEstab, v4.InSegs, v4.OutSegs, v4.RetransSegs));
        Assert.Equal((7UL, 8UL, 9UL, 10UL), (v6.ActiveOpens, v6.InSegs, v6.OutSegs, v6.RetransSegs));
    }

    [Fact]
    public void Udp_statistics_read_both_forms()
    {
        var recorded = new RecordedIpHelper();
        recorded.Statistics[(StatisticsKind.Udp, false)] = RecordedIpHelper.UdpStats2(0x5_0000_0000UL, 2, 3, 0x6_0000_0000UL);
        recorded.Statistics[(StatisticsKind.Udp, true)] = RecordedIpHelper.UdpStats(11, 12, 13, 14);

        var v4 = Assert.IsType<UdpCounters>(recorded.Platform().ReadStatistics(StatisticsKind.Udp, ipv6: false));
        var v6 = Assert.IsType<UdpCounters>(recorded.Platform().ReadStatistics(StatisticsKind.Udp, ipv6: true));

        Assert.Equal((0x5_0000_0000UL, 2UL, 3UL, 0x6_0000_0000UL), (v4.InDatagrams, v4.NoPorts, v4.InErrors, v4.OutDatagrams));
        Assert.Equal((11UL, 12UL, 13UL, 14UL), (v6.InDatagrams, v6.NoPorts, v6.InErrors, v6.OutDatagrams));
    }

    [Fact]
    public void A_failed_call_is_a_platform_error_with_ip_helpers_words_and_a_wrong_size_is_refused()
    {
        var recorded = new RecordedIpHelper();
        recorded.Statistics[(StatisticsKind.Udp, false)] = new byte[24];

        var failed = Assert.Throws<PlatformUnavailableException>(() => recorded.Platform().ReadStatistics(StatisticsKind.Ip, ipv6: true));
        Assert.Contains("not supported", failed.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => recorded.Platform().ReadStatistics(StatisticsKind.Udp, ipv6: false));
    }

    [Fact]
    public void The_interface_table_gives_index_description_hardware_address_flags_and_counters()
    {
        var recorded = new RecordedIpHelper();
        recorded.Tables[NetworkTable.Interfaces] = RecordedIpHelper.Table(
            RecordedIpHelper.IfRow(1, "Software Loopback Interface 1", [], inOctets: 100, outOctets: 100),
            RecordedIpHelper.IfRow(12, "Intel(R) Ethernet", [0x00, 0x15, 0x5d, 0x01, 0x02, 0x03], inOctets: 0x1_0000_0000UL, inUcast: 2, inNUcast: 3, inDiscards: 4, inErrors: 5, inUnknown: 6,
                outOctets: 7, outUcast: 8, outNUcast: 9, outDiscards: 10, outErrors: 11),
            RecordedIpHelper.IfRow(13, "WFP Native MAC Layer LightWeight Filter-0000", [0x00, 0x15, 0x5d, 0x01, 0x02, 0x03], filter: true));

        List<WindowsInterface> rows = recorded.Platform().ReadWindowsInterfaces();

        Assert.Equal([(1u, "Software Loopback Interface 1", "", false), (12u, "Intel(R) Ethernet", "00155D010203", false), (13u, "WFP Native MAC Layer LightWeight Filter-0000", "00155D010203", true)],
            rows.Select(r => (r.Index, r.Description, Convert.ToHexString(r.PhysicalAddress), r.Filter)));
        WindowsInterface ethernet = rows[1];
        Assert.Equal((0x1_0000_0000UL, 2UL, 3UL, 4UL, 5UL, 6UL), (ethernet.InOctets, ethernet.InUcastPkts, ethernet.InNUcastPkts, ethernet.InDiscards, ethernet.InErrors, ethernet.InUnknownProtos));
        Assert.Equal((7UL, 8UL, 9UL, 10UL, 11UL), (ethernet.OutOctets, ethernet.OutUcastPkts, ethernet.OutNUcastPkts, ethernet.OutDiscards, ethernet.OutErrors));
    }

    [Fact]
    public void Routes_addresses_and_interface_metrics_come_from_their_documented_offsets()
    {
        var recorded = new RecordedIpHelper();
        recorded.Tables[NetworkTable.Routes6] = RecordedIpHelper.Table(
            RecordedIpHelper.RouteRow(1, "::1", 128, "::", 256),
            RecordedIpHelper.RouteRow(12, "::", 0, "fe80::1", 16));
        recorded.Tables[NetworkTable.Addresses4] = RecordedIpHelper.Table(RecordedIpHelper.AddressRow(12, "192.168.1.100", 24));
        recorded.Tables[NetworkTable.IpInterfaces4] = RecordedIpHelper.Table(RecordedIpHelper.IpInterfaceRow(false, 12, 25));
        WindowsPlatform platform = recorded.Platform();

        List<WindowsRoute> routes = platform.ReadWindowsRoutes(ipv6: true);
        WindowsAddress address = Assert.Single(platform.ReadWindowsIpv4Addresses());
        WindowsInterfaceMetric metric = Assert.Single(platform.ReadInterfaceMetrics(ipv6: false));

        Assert.Equal([(1u, "::1", 128, true, 256u), (12u, "::", 0, false, 16u)], routes.Select(r => (r.InterfaceIndex, r.Destination.ToString(), r.PrefixLength, r.OnLink, r.Metric)));
        Assert.Equal("fe80::1", routes[1].NextHop.ToString());
        Assert.Equal((12u, "192.168.1.100", 24), (address.InterfaceIndex, address.Address.ToString(), address.PrefixLength));
        Assert.Equal((12u, 25u), (metric.InterfaceIndex, metric.Metric));
    }

    [Fact]
    public void Own_addresses_are_both_families_unicast_tables_and_a_family_that_fails_adds_none()
    {
        var recorded = new RecordedIpHelper();
        recorded.Tables[NetworkTable.Addresses4] = RecordedIpHelper.Table(RecordedIpHelper.AddressRow(1, "127.0.0.1", 8), RecordedIpHelper.AddressRow(12, "192.168.1.100", 24));
        recorded.Tables[NetworkTable.Addresses6] = RecordedIpHelper.Table(RecordedIpHelper.AddressRow(12, "2001:db8::100", 64));

        Assert.Equal(["127.0.0.1", "192.168.1.100", "2001:db8::100"], recorded.Platform().ReadOwnAddresses().Select(a => a.ToString()).Order(StringComparer.Ordinal));
        recorded.Tables.Remove(NetworkTable.Addresses6);
        Assert.Equal(["127.0.0.1", "192.168.1.100"], recorded.Platform().ReadOwnAddresses().Select(a => a.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_table_whose_count_its_bytes_cannot_hold_is_refused_not_read_short()
    {
        var recorded = new RecordedIpHelper();
        byte[] table = RecordedIpHelper.Table(RecordedIpHelper.RouteRow(1, "127.0.0.0", 8, "0.0.0.0", 256));
        recorded.Tables[NetworkTable.Routes4] = table[..^1];

        var error = Assert.Throws<InvalidDataException>(() => recorded.Platform().ReadWindowsRoutes(ipv6: false));
        Assert.Contains("1 rows of 104 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_table_is_a_platform_error()
    {
        var error = Assert.Throws<PlatformUnavailableException>(() => new RecordedIpHelper().Platform().ReadWindowsInterfaces());

        Assert.Contains("not supported", error.Message, StringComparison.Ordinal);
    }
}
