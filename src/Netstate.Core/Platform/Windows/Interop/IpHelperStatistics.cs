using System.Runtime.InteropServices;

namespace Netstate.Core.Platform.Windows.Interop;

/// <summary>The IP Helper calls behind netstat -s: one fixed-size structure per protocol and family (iphlpapi.dll).</summary>
internal static unsafe partial class IpHelperStatistics
{
    private const string LibraryName = "iphlpapi.dll";

    /// <summary>GetIpStatisticsEx(PMIB_IPSTATS, ULONG Family).</summary>
    [LibraryImport(LibraryName, EntryPoint = "GetIpStatisticsEx")]
    internal static partial uint GetIpStatisticsEx(MibIpStats* statistics, uint family);

    /// <summary>GetIcmpStatisticsEx(PMIB_ICMP_EX, ULONG Family).</summary>
    [LibraryImport(LibraryName, EntryPoint = "GetIcmpStatisticsEx")]
    internal static partial uint GetIcmpStatisticsEx(MibIcmpEx* statistics, uint family);

    /// <summary>GetTcpStatisticsEx2(PMIB_TCPSTATS2, ULONG Family): 64-bit segment counts (Windows 10 1703 and later).</summary>
    [LibraryImport(LibraryName, EntryPoint = "GetTcpStatisticsEx2")]
    internal static partial uint GetTcpStatisticsEx2(MibTcpStats2* statistics, uint family);

    /// <summary>GetTcpStatisticsEx(PMIB_TCPSTATS, ULONG Family): 32-bit counts, for systems without the Ex2 call.</summary>
    [LibraryImport(LibraryName, EntryPoint = "GetTcpStatisticsEx")]
    internal static partial uint GetTcpStatisticsEx(MibTcpStats* statistics, uint family);

    /// <summary>GetUdpStatisticsEx2(PMIB_UDPSTATS2, ULONG Family).</summary>
    [LibraryImport(LibraryName, EntryPoint = "GetUdpStatisticsEx2")]
    internal static partial uint GetUdpStatisticsEx2(MibUdpStats2* statistics, uint family);

    /// <summary>GetUdpStatisticsEx(PMIB_UDPSTATS, ULONG Family).</summary>
    [LibraryImport(LibraryName, EntryPoint = "GetUdpStatisticsEx")]
    internal static partial uint GetUdpStatisticsEx(MibUdpStats* statistics, uint family);
}

// The structures as ipmib.h, tcpmib.h and udpmib.h lay them out: DWORD fields, and DWORD64 fields
// aligned to 8 (Sequential layout pads as the C compiler does).

/// <summary>MIB_IPSTATS (MIB_IPSTATS_LH, 92 bytes): 23 DWORDs; Forwarding is an enum of DWORD size.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MibIpStats
{
    public uint Forwarding;
    public uint DefaultTtl;
    public uint InReceives;
    public uint InHdrErrors;
    public uint InAddrErrors;
    public uint ForwDatagrams;
    public uint InUnknownProtos;
    public uint InDiscards;
    public uint InDelivers;
    public uint OutRequests;
    public uint RoutingDiscards;
    public uint OutDiscards;
    public uint OutNoRoutes;
    public uint ReasmTimeout;
    public uint ReasmReqds;
    public uint ReasmOks;
    public uint ReasmFails;
    public uint FragOks;
    public uint FragFails;
    public uint FragCreates;
    public uint NumIf;
    public uint NumAddr;
    public uint NumRoutes;
}

/// <summary>MIBICMPSTATS_EX (1032 bytes): messages, errors and a count per ICMP type.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct MibIcmpStatsEx
{
    public uint Msgs;
    public uint Errors;
    public fixed uint TypeCount[256];
}

/// <summary>MIB_ICMP_EX (2064 bytes): received, then sent.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MibIcmpEx
{
    public MibIcmpStatsEx In;
    public MibIcmpStatsEx Out;
}

/// <summary>MIB_TCPSTATS (MIB_TCPSTATS_LH, 60 bytes): 15 DWORDs.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MibTcpStats
{
    public uint RtoAlgorithm;
    public uint RtoMin;
    public uint RtoMax;
    public uint MaxConn;
    public uint ActiveOpens;
    public uint PassiveOpens;
    public uint AttemptFails;
    public uint EstabResets;
    public uint CurrEstab;
    public uint InSegs;
    public uint OutSegs;
    public uint RetransSegs;
    public uint InErrs;
    public uint OutRsts;
    public uint NumConns;
}

/// <summary>MIB_TCPSTATS2 (72 bytes): as MIB_TCPSTATS with 64-bit InSegs and OutSegs (at 40 and 48, after 4 bytes of padding).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MibTcpStats2
{
    public uint RtoAlgorithm;
    public uint RtoMin;
    public uint RtoMax;
    public uint MaxConn;
    public uint ActiveOpens;
    public uint PassiveOpens;
    public uint AttemptFails;
    public uint EstabResets;
    public uint CurrEstab;
    public ulong InSegs;
    public ulong OutSegs;
    public uint RetransSegs;
    public uint InErrs;
    public uint OutRsts;
    public uint NumConns;
}

/// <summary>MIB_UDPSTATS (20 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MibUdpStats
{
    public uint InDatagrams;
    public uint NoPorts;
    public uint InErrors;
    public uint OutDatagrams;
    public uint NumAddrs;
}

/// <summary>MIB_UDPSTATS2 (32 bytes): 64-bit datagram counts at 0 and 16.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MibUdpStats2
{
    public ulong InDatagrams;
    public uint NoPorts;
    public uint InErrors;
    public ulong OutDatagrams;
    public uint NumAddrs;
}
