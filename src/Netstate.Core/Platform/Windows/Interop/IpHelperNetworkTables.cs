using System.Runtime.InteropServices;

namespace Netstate.Core.Platform.Windows.Interop;

/// <summary>
/// The IP Helper calls behind netstat -r and -e (netioapi.h). Each allocates its table and hands
/// back a pointer that FreeMibTable releases; a table is a ULONG row count, padding to 8, then the rows.
/// </summary>
internal static unsafe partial class IpHelperNetworkTables
{
    private const string LibraryName = "iphlpapi.dll";

    /// <summary>GetIfTable2(PMIB_IF_TABLE2*): every interface, with its counters.</summary>
    [LibraryImport(LibraryName, EntryPoint = "GetIfTable2")]
    internal static partial uint GetIfTable2(byte** table);

    /// <summary>GetIpForwardTable2(ADDRESS_FAMILY, PMIB_IPFORWARD_TABLE2*): the routes of one family.</summary>
    [LibraryImport(LibraryName, EntryPoint = "GetIpForwardTable2")]
    internal static partial uint GetIpForwardTable2(ushort family, byte** table);

    /// <summary>GetUnicastIpAddressTable(ADDRESS_FAMILY, PMIB_UNICASTIPADDRESS_TABLE*): every unicast address.</summary>
    [LibraryImport(LibraryName, EntryPoint = "GetUnicastIpAddressTable")]
    internal static partial uint GetUnicastIpAddressTable(ushort family, byte** table);

    /// <summary>GetIpInterfaceTable(ADDRESS_FAMILY, PMIB_IPINTERFACE_TABLE*): each interface's metric, per family.</summary>
    [LibraryImport(LibraryName, EntryPoint = "GetIpInterfaceTable")]
    internal static partial uint GetIpInterfaceTable(ushort family, byte** table);

    /// <summary>FreeMibTable(PVOID).</summary>
    [LibraryImport(LibraryName, EntryPoint = "FreeMibTable")]
    internal static partial void FreeMibTable(byte* table);

    /// <summary>sizeof(MIB_IF_ROW2).</summary>
    internal const int IfRowSize = 1352;

    /// <summary>sizeof(MIB_IPFORWARD_ROW2).</summary>
    internal const int ForwardRowSize = 104;

    /// <summary>sizeof(MIB_UNICASTIPADDRESS_ROW).</summary>
    internal const int UnicastAddressRowSize = 80;

    /// <summary>sizeof(MIB_IPINTERFACE_ROW).</summary>
    internal const int IpInterfaceRowSize = 168;

    /// <summary>Where the rows start: after the ULONG count, aligned to the rows' 8-byte alignment (NET_LUID).</summary>
    internal const int RowsOffset = 8;
}
