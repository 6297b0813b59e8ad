using System.Buffers.Binary;
using System.ComponentModel;
using System.Net;
using Netstate.Core.Model;
using Netstate.Core.Platform.Windows;

namespace Netstate.Core.Tests;

/// <summary>
/// IP Helper's statistics structures and netioapi tables written byte by byte at the offsets the
/// headers document (ipmib.h, tcpmib.h, udpmib.h, ifdef.h, netioapi.h), without the structs under
/// test, and handed to the platform as the live calls would hand them.
/// </summary>
internal sealed class RecordedIpHelper : IIpHelperStatistics, IIpHelperNetworkTables, IIpHelperTables
{
    public Dictionary<(StatisticsKind, bool), byte[]> Statistics { get; } = [];

    public Dictionary<NetworkTable, byte[]> Tables { get; } = [];

    public byte[] Read(StatisticsKind kind, bool ipv6) =>
        Statistics.TryGetValue((kind, ipv6), out byte[]? bytes) ? bytes : throw new Win32Exception(50, $"Get{kind}StatisticsEx: The request is not supported. (error 50)");

    public byte[] Read(NetworkTable table) =>
        Tables.TryGetValue(table, out byte[]? bytes) ? bytes : throw new Win32Exception(50, $"{table}: The request is not supported. (error 50)");

    /// <summary>The owner-PID tables; a table not given is empty.</summary>
    public Dictionary<SocketTables, byte[]> Sockets { get; } = [];

    /// <summary>GetTcpTable2 (Tcp4) and GetTcp6Table2 (Tcp6); a table not given fails as ERROR_NOT_SUPPORTED.</summary>
    public Dictionary<SocketTables, byte[]> Offload { get; } = [];

    /// <summary>Each offload table asked for, in order.</summary>
    public List<SocketTables> OffloadReads { get; } = [];

    public byte[] Read(SocketTables table) => Sockets.TryGetValue(table, out byte[]? bytes) ? bytes : new byte[4];

    public byte[] ReadOffload(SocketTables table)
    {
        OffloadReads.Add(table);
        return Offload.TryGetValue(table, out byte[]? bytes) ? bytes : throw new Win32Exception(50, $"GetTcp{(table == SocketTables.Tcp6 ? "6" : "")}Table2: The request is not supported. (error 50)");
    }

    public WindowsPlatform Platform() => new(this, _ => (null, WindowsProcesses.Outcome.Gone), this, this);

    /// <summary>MIB_IPSTATS: 23 DWORDs; value i+1 in field i, so every field is told apart.</summary>
    public static byte[] IpStats(uint first = 1)
    {
        byte[] bytes = new byte[92];
        for (int i = 0; i < 23; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), first + (uint)i);
        return bytes;
    }

    /// <summary>MIB_ICMP_EX: In {Msgs, Errors, TypeCount[256]} then Out; a type's count is given as (type, in, out).</summary>
    public static byte[] IcmpStats(uint inMsgs, uint inErrors, uint outMsgs, uint outErrors, params (int Type, uint In, uint Out)[] types)
    {
        byte[] bytes = new byte[2064];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(0), inMsgs);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), inErrors);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(1032), outMsgs);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(1036), outErrors);
        foreach ((int type, uint input, uint output) in types)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8 + (type * 4)), input);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(1040 + (type * 4)), output);
        }
        return bytes;
    }

    /// <summary>MIB_TCPSTATS2 (72 bytes): 9 DWORDs, 4 bytes of padding, InSegs and OutSegs as DWORD64 at 40 and 48, then 4 DWORDs from 56.</summary>
    public static byte[] TcpStats2(uint activeOpens, uint passiveOpens, uint attemptFails, uint estabResets, uint currEstab, ulong inSegs, ulong outSegs, uint retransSegs)
    {
        byte[] bytes = new byte[72];
        uint[] head = [1, 200, 120000, uint.MaxValue, activeOpens, passiveOpens, attemptFails, estabResets, currEstab];
        for (int i = 0; i < head.Length; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), head[i]);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(36), 0xDEADBEEF); // padding: must be ignored
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(40), inSegs);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(48), outSegs);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(56), retransSegs);
        return bytes;
    }

    /// <summary>MIB_TCPSTATS (60 bytes): 15 DWORDs.</summary>
    public static byte[] TcpStats(uint activeOpens, uint inSegs, uint outSegs, uint retransSegs)
    {
        byte[] bytes = new byte[60];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), activeOpens);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(36), inSegs);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(40), outSegs);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(44), retransSegs);
        return bytes;
    }

    /// <summary>MIB_UDPSTATS2 (32 bytes): InDatagrams DWORD64 at 0, NoPorts 8, InErrors 12, OutDatagrams DWORD64 at 16, NumAddrs 24.</summary>
    public static byte[] UdpStats2(ulong inDatagrams, uint noPorts, uint inErrors, ulong outDatagrams)
    {
        byte[] bytes = new byte[32];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(0), inDatagrams);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), noPorts);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), inErrors);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16), outDatagrams);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(24), 3);
        return bytes;
    }

    /// <summary>MIB_UDPSTATS (20 bytes): 5 DWORDs.</summary>
    public static byte[] UdpStats(uint inDatagrams, uint noPorts, uint inErrors, uint outDatagrams)
    {
        byte[] bytes = new byte[20];
        uint[] values = [inDatagrams, noPorts, inErrors, outDatagrams, 3];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), values[i]);
        return bytes;
    }

    /// <summary>A netioapi table: ULONG count, 4 bytes of padding, the rows.</summary>
    public static byte[] Table(params byte[][] rows)
    {
        byte[] bytes = new byte[8 + rows.Sum(r => r.Length)];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)rows.Length);
        int at = 8;
        foreach (byte[] row in rows)
        {
            row.CopyTo(bytes, at);
            at += row.Length;
        }
        return bytes;
    }

    /// <summary>MIB_IF_ROW2 (1352 bytes): index at 8, Description at 542, PhysicalAddressLength at 1056 and the address at 1060, flags at 1152, counters from 1208.</summary>
    public static byte[] IfRow(uint index, string description, byte[] mac, bool filter = false, ulong inOctets = 0, ulong inUcast = 0, ulong inNUcast = 0,
        ulong inDiscards = 0, ulong inErrors = 0, ulong inUnknown = 0, ulong outOctets = 0, ulong outUcast = 0, ulong outNUcast = 0, ulong outDiscards = 0, ulong outErrors = 0)
    {
        byte[] row = new byte[1352];
        BinaryPrimitives.WriteUInt64LittleEndian(row, 0x0006_0000_0100_0000UL + index); // InterfaceLuid
        BinaryPrimitives.WriteUInt32LittleEndian(row.AsSpan(8), index);
        System.Text.Encoding.Unicode.GetBytes("alias" + index).CopyTo(row, 28);
        System.Text.Encoding.Unicode.GetBytes(description).CopyTo(row, 542);
        BinaryPrimitives.WriteUInt32LittleEndian(row.AsSpan(1056), (uint)mac.Length);
        mac.CopyTo(row, 1060);
        row[1152] = (byte)(filter ? 2 : 1);
        ulong[] counters = [inOctets, inUcast, inNUcast, inDiscards, inErrors, inUnknown];
        for (int i = 0; i < counters.Length; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(row.AsSpan(1208 + (i * 8)), counters[i]);
        ulong[] sent = [outOctets, outUcast, outNUcast, outDiscards, outErrors];
        for (int i = 0; i < sent.Length; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(row.AsSpan(1280 + (i * 8)), sent[i]);
        return row;
    }

    /// <summary>MIB_IPFORWARD_ROW2 (104 bytes): index at 8, DestinationPrefix (SOCKADDR_INET at 12, length at 40), NextHop at 44, Metric at 84.</summary>
    public static byte[] RouteRow(uint index, string destination, byte prefixLength, string nextHop, uint metric)
    {
        byte[] row = new byte[104];
        BinaryPrimitives.WriteUInt32LittleEndian(row.AsSpan(8), index);
        SockaddrInet(row.AsSpan(12, 28), IPAddress.Parse(destination));
        row[40] = prefixLength;
        SockaddrInet(row.AsSpan(44, 28), IPAddress.Parse(nextHop));
        BinaryPrimitives.WriteUInt32LittleEndian(row.AsSpan(84), metric);
        BinaryPrimitives.WriteUInt32LittleEndian(row.AsSpan(88), 3); // Protocol: MIB_IPPROTO_NETMGMT
        return row;
    }

    /// <summary>MIB_UNICASTIPADDRESS_ROW (80 bytes): Address at 0, index at 40, OnLinkPrefixLength at 60.</summary>
    public static byte[] AddressRow(uint index, string address, byte prefixLength)
    {
        byte[] row = new byte[80];
        SockaddrInet(row.AsSpan(0, 28), IPAddress.Parse(address));
        BinaryPrimitives.WriteUInt32LittleEndian(row.AsSpan(40), index);
        row[60] = prefixLength;
        return row;
    }

    /// <summary>MIB_IPINTERFACE_ROW (168 bytes): Family at 0, index at 16, Metric at 148.</summary>
    public static byte[] IpInterfaceRow(bool ipv6, uint index, uint metric)
    {
        byte[] row = new byte[168];
        BinaryPrimitives.WriteUInt16LittleEndian(row, (ushort)(ipv6 ? 23 : 2));
        BinaryPrimitives.WriteUInt32LittleEndian(row.AsSpan(16), index);
        BinaryPrimitives.WriteUInt32LittleEndian(row.AsSpan(148), metric);
        return row;
    }

    /// <summary>SOCKADDR_INET: sockaddr_in (family 2, port, address at 4) or sockaddr_in6 (family 23, port, flowinfo, address at 8, scope id at 24).</summary>
    private static void SockaddrInet(Span<byte> target, IPAddress address)
    {
        bool v6 = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        BinaryPrimitives.WriteUInt16LittleEndian(target, (ushort)(v6 ? 23 : 2));
        address.GetAddressBytes().CopyTo(target[(v6 ? 8 : 4)..]);
        if (v6)
            BinaryPrimitives.WriteUInt32LittleEndian(target[24..], (uint)address.ScopeId);
    }
}
