using System.Globalization;
using Netstate.Core.Platform.Windows;

namespace Netstate.Cli.Rendering;

/// <summary>
/// Windows netstat -s, section by section: "IPv4 Statistics" with "  Packets Received   = N" lines,
/// the ICMP tables with Received and Sent columns, "TCP Statistics for IPv4", "UDP Statistics for IPv4",
/// in Windows netstat's words, order and column positions.
/// </summary>
internal sealed class WindowsStatisticsRenderer
{
    /// <summary>Where '=' stands: after a label padded to 35 characters (IP), 36 (TCP) or 22 (UDP).</summary>
    private const int IpLabelWidth = 35;
    private const int TcpLabelWidth = 36;
    private const int UdpLabelWidth = 22;

    /// <summary>The ICMP table: labels padded to 26, the Received column to 12.</summary>
    private const int IcmpLabelWidth = 26;
    private const int IcmpReceivedWidth = 12;

    /// <summary>ICMPv4's rows: Windows netstat's label and the ICMP type (-1 for messages, -2 for errors).</summary>
    private static readonly (string Label, int Type)[] Icmp4Rows =
    [
        ("Messages", -1), ("Errors", -2), ("Destination Unreachable", 3), ("Time Exceeded", 11), ("Parameter Problems", 12),
        ("Source Quenches", 4), ("Redirects", 5), ("Echo Replies", 0), ("Echos", 8), ("Timestamps", 13), ("Timestamp Replies", 14),
        ("Address Masks", 17), ("Address Mask Replies", 18), ("Router Solicitations", 10), ("Router Advertisements", 9),
    ];

    /// <summary>ICMPv6's rows (types of RFC 4443, 2710 and 4861).</summary>
    private static readonly (string Label, int Type)[] Icmp6Rows =
    [
        ("Messages", -1), ("Errors", -2), ("Destination Unreachable", 1), ("Packet Too Big", 2), ("Time Exceeded", 3),
        ("Parameter Problems", 4), ("Echos", 128), ("Echo Replies", 129), ("MLD Queries", 130), ("MLD Reports", 131),
        ("MLD Dones", 132), ("Router Solicitations", 133), ("Router Advertisements", 134), ("Neighbor Solicitations", 135),
        ("Neighbor Advertisements", 136), ("Redirects", 137), ("Router Renumberings", 138),
    ];

    private readonly TextWriter _out;

    public WindowsStatisticsRenderer(TextWriter output) => _out = output;

    /// <summary>The section's title as Windows netstat prints it.</summary>
    internal static string Title(StatisticsKind kind, bool ipv6) => kind switch
    {
        StatisticsKind.Ip => ipv6 ? "IPv6 Statistics" : "IPv4 Statistics",
        StatisticsKind.Icmp => ipv6 ? "ICMPv6 Statistics" : "ICMPv4 Statistics",
        StatisticsKind.Tcp => ipv6 ? "TCP Statistics for IPv6" : "TCP Statistics for IPv4",
        _ => ipv6 ? "UDP Statistics for IPv6" : "UDP Statistics for IPv4",
    };

    public void Write(ProtocolCounters counters)
    {
        ArgumentNullException.ThrowIfNull(counters);
        switch (counters)
        {
            case IpCounters ip:
                Heading(Title(StatisticsKind.Ip, ip.Ipv6));
                Line("Packets Received", ip.InReceives, IpLabelWidth);
                Line("Received Header Errors", ip.InHdrErrors, IpLabelWidth);
                Line("Received Address Errors", ip.InAddrErrors, IpLabelWidth);
                Line("Datagrams Forwarded", ip.ForwDatagrams, IpLabelWidth);
                Line("Unknown Protocols Received", ip.InUnknownProtos, IpLabelWidth);
                Line("Received Packets Discarded", ip.InDiscards, IpLabelWidth);
                Line("Received Packets Delivered", ip.InDelivers, IpLabelWidth);
                Line("Output Requests", ip.OutRequests, IpLabelWidth);
                Line("Routing Discards", ip.RoutingDiscards, IpLabelWidth);
                Line("Discarded Output Packets", ip.OutDiscards, IpLabelWidth);
                Line("Output Packet No Route", ip.OutNoRoutes, IpLabelWidth);
                Line("Reassembly Required", ip.ReasmReqds, IpLabelWidth);
                Line("Reassembly Successful", ip.ReasmOks, IpLabelWidth);
                Line("Reassembly Failures", ip.ReasmFails, IpLabelWidth);
                Line("Datagrams Successfully Fragmented", ip.FragOks, IpLabelWidth);
                Line("Datagrams Failing Fragmentation", ip.FragFails, IpLabelWidth);
                Line("Fragments Created", ip.FragCreates, IpLabelWidth);
                break;
            case IcmpCounters icmp:
                Heading(Title(StatisticsKind.Icmp, icmp.Ipv6));
                _out.WriteLine(new string(' ', 2 + IcmpLabelWidth) + "Received".PadRight(IcmpReceivedWidth) + "Sent");
                foreach ((string label, int type) in icmp.Ipv6 ? Icmp6Rows : Icmp4Rows)
                {
                    (ulong received, ulong sent) = type switch
                    {
                        -1 => (icmp.InMessages, icmp.OutMessages),
                        -2 => (icmp.InErrors, icmp.OutErrors),
                        _ => (icmp.InTypes[type], icmp.OutTypes[type]),
                    };
                    _out.WriteLine("  " + label.PadRight(IcmpLabelWidth) + Number(received).PadRight(IcmpReceivedWidth) + Number(sent));
                }
                break;
            case TcpCounters tcp:
                Heading(Title(StatisticsKind.Tcp, tcp.Ipv6));
                Line("Active Opens", tcp.ActiveOpens, TcpLabelWidth);
                Line("Passive Opens", tcp.PassiveOpens, TcpLabelWidth);
                Line("Failed Connection Attempts", tcp.AttemptFails, TcpLabelWidth);
                Line("Reset Connections", tcp.EstabResets, TcpLabelWidth);
                Line("Current Connections", tcp.CurrEstab, TcpLabelWidth);
                Line("Segments Received", tcp.InSegs, TcpLabelWidth);
                Line("Segments Sent", tcp.OutSegs, TcpLabelWidth);
                Line("Segments Retransmitted", tcp.RetransSegs, TcpLabelWidth);
                break;
            case UdpCounters udp:
                Heading(Title(StatisticsKind.Udp, udp.Ipv6));
                Line("Datagrams Received", udp.InDatagrams, UdpLabelWidth);
                Line("No Ports", udp.NoPorts, UdpLabelWidth);
                Line("Receive Errors", udp.InErrors, UdpLabelWidth);
                Line("Datagrams Sent", udp.OutDatagrams, UdpLabelWidth);
                break;
            default:
                throw new ArgumentException($"no layout for {counters.GetType().Name}", nameof(counters));
        }
    }

    private void Heading(string title)
    {
        _out.WriteLine();
        _out.WriteLine(title);
        _out.WriteLine();
    }

    private void Line(string label, ulong value, int width) => _out.WriteLine("  " + label.PadRight(width) + "= " + Number(value));

    private static string Number(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
