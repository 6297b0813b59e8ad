using Netstate.Core.Model;
using Netstate.Core.Platform.Windows.Interop;

namespace Netstate.Core.Platform.Windows;

/// <summary>Where the owner-PID tables (and the TCP offload tables) come from: the live system, or recorded bytes in tests.</summary>
internal interface IIpHelperTables
{
    /// <summary>The bytes of one table (Tcp4, Tcp6, Udp4 or Udp6), as IP Helper returns them.</summary>
    byte[] Read(SocketTables table);

    /// <summary>The bytes of GetTcpTable2 (Tcp4) or GetTcp6Table2 (Tcp6): each TCP row with its offload state.</summary>
    byte[] ReadOffload(SocketTables table);
}

/// <summary>The running system's tables, through GetExtendedTcpTable, GetExtendedUdpTable, GetTcpTable2 and GetTcp6Table2.</summary>
internal sealed unsafe class LiveIpHelperTables : IIpHelperTables
{
    public byte[] Read(SocketTables table) => table switch
    {
        SocketTables.Tcp4 => IpHelperBuffer.Read((byte* buffer, ref uint size) =>
            IpHelper.GetExtendedTcpTable(buffer, ref size, 0, IpHelper.AF_INET, IpHelper.TCP_TABLE_OWNER_PID_ALL, 0), "GetExtendedTcpTable (IPv4)"),
        SocketTables.Tcp6 => IpHelperBuffer.Read((byte* buffer, ref uint size) =>
            IpHelper.GetExtendedTcpTable(buffer, ref size, 0, IpHelper.AF_INET6, IpHelper.TCP_TABLE_OWNER_PID_ALL, 0), "GetExtendedTcpTable (IPv6)"),
        SocketTables.Udp4 => IpHelperBuffer.Read((byte* buffer, ref uint size) =>
            IpHelper.GetExtendedUdpTable(buffer, ref size, 0, IpHelper.AF_INET, IpHelper.UDP_TABLE_OWNER_PID, 0), "GetExtendedUdpTable (IPv4)"),
        SocketTables.Udp6 => IpHelperBuffer.Read((byte* buffer, ref uint size) =>
            IpHelper.GetExtendedUdpTable(buffer, ref size, 0, IpHelper.AF_INET6, IpHelper.UDP_TABLE_OWNER_PID, 0), "GetExtendedUdpTable (IPv6)"),
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, "IP Helper has no owner-PID table for it"),
    };

    public byte[] ReadOffload(SocketTables table) => table switch
    {
        SocketTables.Tcp4 => IpHelperBuffer.Read((byte* buffer, ref uint size) => IpHelper.GetTcpTable2(buffer, ref size, 0), "GetTcpTable2"),
        SocketTables.Tcp6 => IpHelperBuffer.Read((byte* buffer, ref uint size) => IpHelper.GetTcp6Table2(buffer, ref size, 0), "GetTcp6Table2"),
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, "IP Helper has offload states for TCP only"),
    };
}
