using System.ComponentModel;
using System.Runtime.InteropServices;
using Netstate.Core.Platform.Windows.Interop;

namespace Netstate.Core.Platform.Windows;

/// <summary>The four statistics calls of Windows netstat -s.</summary>
internal enum StatisticsKind
{
    Ip,
    Icmp,
    Tcp,
    Udp,
}

/// <summary>One protocol's counters for one address family, as IP Helper gave them (widened to 64 bits).</summary>
internal abstract record ProtocolCounters(bool Ipv6);

/// <summary>MIB_IPSTATS: what Windows netstat shows under "IPv4 Statistics" / "IPv6 Statistics".</summary>
internal sealed record IpCounters(bool Ipv6) : ProtocolCounters(Ipv6)
{
    public ulong InReceives { get; init; }
    public ulong InHdrErrors { get; init; }
    public ulong InAddrErrors { get; init; }
    public ulong ForwDatagrams { get; init; }
    public ulong InUnknownProtos { get; init; }
    public ulong InDiscards { get; init; }
    public ulong InDelivers { get; init; }
    public ulong OutRequests { get; init; }
    public ulong RoutingDiscards { get; init; }
    public ulong OutDiscards { get; init; }
    public ulong OutNoRoutes { get; init; }
    public ulong ReasmReqds { get; init; }
    public ulong ReasmOks { get; init; }
    public ulong ReasmFails { get; init; }
    public ulong FragOks { get; init; }
    public ulong FragFails { get; init; }
    public ulong FragCreates { get; init; }
}

/// <summary>MIB_ICMP_EX: messages, errors and a count per ICMP type, received and sent.</summary>
internal sealed record IcmpCounters(bool Ipv6, ulong InMessages, ulong InErrors, ulong[] InTypes, ulong OutMessages, ulong OutErrors, ulong[] OutTypes) : ProtocolCounters(Ipv6);

/// <summary>MIB_TCPSTATS2 (or MIB_TCPSTATS where the 64-bit call is missing).</summary>
internal sealed record TcpCounters(bool Ipv6) : ProtocolCounters(Ipv6)
{
    public ulong ActiveOpens { get; init; }
    public ulong PassiveOpens { get; init; }
    public ulong AttemptFails { get; init; }
    public ulong EstabResets { get; init; }
    public ulong CurrEstab { get; init; }
    public ulong InSegs { get; init; }
    public ulong OutSegs { get; init; }
    public ulong RetransSegs { get; init; }
}

/// <summary>MIB_UDPSTATS2 (or MIB_UDPSTATS).</summary>
internal sealed record UdpCounters(bool Ipv6) : ProtocolCounters(Ipv6)
{
    public ulong InDatagrams { get; init; }
    public ulong NoPorts { get; init; }
    public ulong InErrors { get; init; }
    public ulong OutDatagrams { get; init; }
}

/// <summary>Where the statistics structures come from: the live system, or recorded bytes in tests.</summary>
internal interface IIpHelperStatistics
{
    /// <summary>The bytes of the structure the call fills (the 64-bit form where the system has it); throws <see cref="Win32Exception"/> when the call fails.</summary>
    byte[] Read(StatisticsKind kind, bool ipv6);
}

/// <summary>Turns the structures' bytes into counters; the length of the bytes tells the 32-bit from the 64-bit form.</summary>
internal static class ProtocolStatistics
{
    public static unsafe ProtocolCounters Parse(StatisticsKind kind, bool ipv6, ReadOnlySpan<byte> bytes) => (kind, bytes.Length) switch
    {
        (StatisticsKind.Ip, var n) when n == sizeof(MibIpStats) => Ip(ipv6, MemoryMarshal.Read<MibIpStats>(bytes)),
        (StatisticsKind.Icmp, var n) when n == sizeof(MibIcmpEx) => Icmp(ipv6, MemoryMarshal.Read<MibIcmpEx>(bytes)),
        (StatisticsKind.Tcp, var n) when n == sizeof(MibTcpStats2) => Tcp(ipv6, MemoryMarshal.Read<MibTcpStats2>(bytes)),
        (StatisticsKind.Tcp, var n) when n == sizeof(MibTcpStats) => Tcp(ipv6, MemoryMarshal.Read<MibTcpStats>(bytes)),
        (StatisticsKind.Udp, var n) when n == sizeof(MibUdpStats2) => Udp(ipv6, MemoryMarshal.Read<MibUdpStats2>(bytes)),
        (StatisticsKind.Udp, var n) when n == sizeof(MibUdpStats) => Udp(ipv6, MemoryMarshal.Read<MibUdpStats>(bytes)),
        _ => throw new InvalidDataException($"{kind} statistics of {bytes.Length} bytes match no structure IP Helper documents"),
    };

    private static IpCounters Ip(bool ipv6, in MibIpStats s) => new(ipv6)
    {
        InReceives = s.InReceives,
        InHdrErrors = s.InHdrErrors,
        InAddrErrors = s.InAddrErrors,
        ForwDatagrams = s.ForwDatagrams,
        InUnknownProtos = s.InUnknownProtos,
        InDiscards = s.InDiscards,
        InDelivers = s.InDelivers,
        OutRequests = s.OutRequests,
        RoutingDiscards = s.RoutingDiscards,
        OutDiscards = s.OutDiscards,
        OutNoRoutes = s.OutNoRoutes,
        ReasmReqds = s.ReasmReqds,
        ReasmOks = s.ReasmOks,
        ReasmFails = s.ReasmFails,
        FragOks = s.FragOks,
        FragFails = s.FragFails,
        FragCreates = s.FragCreates,
    };

    private static unsafe IcmpCounters Icmp(bool ipv6, MibIcmpEx s)
    {
        var input = new ulong[256];
        var output = new ulong[256];
        for (int type = 0; type < 256; type++)
        {
            input[type] = s.In.TypeCount[type];
            output[type] = s.Out.TypeCount[type];
        }
        return new IcmpCounters(ipv6, s.In.Msgs, s.In.Errors, input, s.Out.Msgs, s.Out.Errors, output);
    }

    private static TcpCounters Tcp(bool ipv6, in MibTcpStats2 s) =>
        Tcp(ipv6, s.ActiveOpens, s.PassiveOpens, s.AttemptFails, s.EstabResets, s.CurrEstab, s.InSegs, s.OutSegs, s.RetransSegs);

    private static TcpCounters Tcp(bool ipv6, in MibTcpStats s) =>
        Tcp(ipv6, s.ActiveOpens, s.PassiveOpens, s.AttemptFails, s.EstabResets, s.CurrEstab, s.InSegs, s.OutSegs, s.RetransSegs);

    private static TcpCounters Tcp(bool ipv6, ulong activeOpens, ulong passiveOpens, ulong attemptFails, ulong estabResets, ulong currEstab, ulong inSegs, ulong outSegs, ulong retransSegs) => new(ipv6)
    {
        ActiveOpens = activeOpens,
        PassiveOpens = passiveOpens,
        AttemptFails = attemptFails,
        EstabResets = estabResets,
        CurrEstab = currEstab,
        InSegs = inSegs,
        OutSegs = outSegs,
        RetransSegs = retransSegs,
    };

    private static UdpCounters Udp(bool ipv6, in MibUdpStats2 s) => Udp(ipv6, s.InDatagrams, s.NoPorts, s.InErrors, s.OutDatagrams);

    private static UdpCounters Udp(bool ipv6, in MibUdpStats s) => Udp(ipv6, s.InDatagrams, s.NoPorts, s.InErrors, s.OutDatagrams);

    private static UdpCounters Udp(bool ipv6, ulong inDatagrams, ulong noPorts, ulong inErrors, ulong outDatagrams) => new(ipv6)
    {
        InDatagrams = inDatagrams,
        NoPorts = noPorts,
        InErrors = inErrors,
        OutDatagrams = outDatagrams,
    };
}

/// <summary>The running system's statistics: the 64-bit TCP and UDP calls, or the 32-bit ones where iphlpapi.dll lacks them (older Windows, Wine 8).</summary>
internal sealed unsafe class LiveIpHelperStatistics : IIpHelperStatistics
{
    private bool _noTcp2;
    private bool _noUdp2;

    public byte[] Read(StatisticsKind kind, bool ipv6)
    {
        uint family = ipv6 ? IpHelper.AF_INET6 : IpHelper.AF_INET;
        switch (kind)
        {
            case StatisticsKind.Ip:
            {
                MibIpStats s = default;
                return Bytes(IpHelperStatistics.GetIpStatisticsEx(&s, family), ref s, "GetIpStatisticsEx", ipv6);
            }
            case StatisticsKind.Icmp:
            {
                MibIcmpEx s = default;
                return Bytes(IpHelperStatistics.GetIcmpStatisticsEx(&s, family), ref s, "GetIcmpStatisticsEx", ipv6);
            }
            case StatisticsKind.Tcp when !_noTcp2:
                try
                {
                    MibTcpStats2 s = default;
                    return Bytes(IpHelperStatistics.GetTcpStatisticsEx2(&s, family), ref s, "GetTcpStatisticsEx2", ipv6);
                }
                catch (EntryPointNotFoundException)
                {
                    _noTcp2 = true;
                    return Read(kind, ipv6);
                }
            case StatisticsKind.Tcp:
            {
                MibTcpStats s = default;
                return Bytes(IpHelperStatistics.GetTcpStatisticsEx(&s, family), ref s, "GetTcpStatisticsEx", ipv6);
            }
            case StatisticsKind.Udp when !_noUdp2:
                try
                {
                    MibUdpStats2 s = default;
                    return Bytes(IpHelperStatistics.GetUdpStatisticsEx2(&s, family), ref s, "GetUdpStatisticsEx2", ipv6);
                }
                catch (EntryPointNotFoundException)
                {
                    _noUdp2 = true;
                    return Read(kind, ipv6);
                }
            case StatisticsKind.Udp:
            {
                MibUdpStats s = default;
                return Bytes(IpHelperStatistics.GetUdpStatisticsEx(&s, family), ref s, "GetUdpStatisticsEx", ipv6);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "no such statistics call");
        }
    }

    private static byte[] Bytes<T>(uint result, ref T value, string call, bool ipv6) where T : unmanaged =>
        result == IpHelper.NO_ERROR
            ? MemoryMarshal.AsBytes(new Span<T>(ref value)).ToArray()
            : throw new Win32Exception((int)result, $"{call} ({(ipv6 ? "IPv6" : "IPv4")}): {new Win32Exception((int)result).Message} (error {result})");
}
