using System.Runtime.InteropServices;

namespace Netstate.Core.Platform.Windows.Interop;

/// <summary>The IP Helper calls that list sockets with their owning process, and TCP rows with their offload state (iphlpapi.dll).</summary>
internal static unsafe partial class IpHelper
{
    private const string LibraryName = "iphlpapi.dll";

    /// <summary>GetExtendedTcpTable; fills <paramref name="table"/> or, when it is too small, sets <paramref name="size"/> and returns ERROR_INSUFFICIENT_BUFFER.</summary>
    [LibraryImport(LibraryName, EntryPoint = "GetExtendedTcpTable")]
    internal static partial uint GetExtendedTcpTable(byte* table, ref uint size, int order, uint family, int tableClass, uint reserved);

    /// <summary>GetExtendedUdpTable; the same contract as <see cref="GetExtendedTcpTable"/>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "GetExtendedUdpTable")]
    internal static partial uint GetExtendedUdpTable(byte* table, ref uint size, int order, uint family, int tableClass, uint reserved);

    /// <summary>GetTcpTable2 (MIB_TCPTABLE2): every IPv4 TCP row with its process id and offload state; the same size contract.</summary>
    [LibraryImport(LibraryName, EntryPoint = "GetTcpTable2")]
    internal static partial uint GetTcpTable2(byte* table, ref uint size, int order);

    /// <summary>GetTcp6Table2 (MIB_TCP6TABLE2): the same for IPv6.</summary>
    [LibraryImport(LibraryName, EntryPoint = "GetTcp6Table2")]
    internal static partial uint GetTcp6Table2(byte* table, ref uint size, int order);

    internal const uint AF_INET = 2;
    internal const uint AF_INET6 = 23;

    /// <summary>TCP_TABLE_OWNER_PID_ALL: listeners and connections, each with its process id.</summary>
    internal const int TCP_TABLE_OWNER_PID_ALL = 5;

    /// <summary>UDP_TABLE_OWNER_PID: every UDP endpoint with its process id.</summary>
    internal const int UDP_TABLE_OWNER_PID = 1;

    internal const uint NO_ERROR = 0;
    internal const uint ERROR_ACCESS_DENIED = 5;
    internal const uint ERROR_INVALID_PARAMETER = 87;
    internal const uint ERROR_INSUFFICIENT_BUFFER = 122;
    internal const uint ERROR_NOT_SUPPORTED = 50;
}
