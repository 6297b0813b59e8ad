using System.Buffers.Binary;
using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;
using Netstate.Core.Model;
using Netstate.Core.Platform.Windows.Interop;

namespace Netstate.Core.Platform.Windows;

/// <summary>The tables behind Windows netstat -r and -e.</summary>
internal enum NetworkTable
{
    /// <summary>GetIfTable2.</summary>
    Interfaces,
    Routes4,
    Routes6,
    Addresses4,
    Addresses6,
    IpInterfaces4,
    IpInterfaces6,
}

/// <summary>One interface of GetIfTable2 (MIB_IF_ROW2): what the Interface List and -e show.</summary>
internal sealed record WindowsInterface(uint Index, string Description, byte[] PhysicalAddress)
{
    /// <summary>A filter driver's interface (InterfaceAndOperStatusFlags.FilterInterface): Windows lists it nowhere.</summary>
    public bool Filter { get; init; }

    public ulong InOctets { get; init; }
    public ulong InUcastPkts { get; init; }
    public ulong InNUcastPkts { get; init; }
    public ulong InDiscards { get; init; }
    public ulong InErrors { get; init; }
    public ulong InUnknownProtos { get; init; }
    public ulong OutOctets { get; init; }
    public ulong OutUcastPkts { get; init; }
    public ulong OutNUcastPkts { get; init; }
    public ulong OutDiscards { get; init; }
    public ulong OutErrors { get; init; }
}

/// <summary>One route of GetIpForwardTable2 (MIB_IPFORWARD_ROW2); a next hop of all zeros is on-link.</summary>
internal sealed record WindowsRoute(uint InterfaceIndex, InetAddress Destination, int PrefixLength, InetAddress NextHop, uint Metric)
{
    public bool OnLink => NextHop.IsUnspecified;
}

/// <summary>One unicast address of an interface (MIB_UNICASTIPADDRESS_ROW).</summary>
internal sealed record WindowsAddress(uint InterfaceIndex, InetAddress Address, int PrefixLength);

/// <summary>An interface's metric for one family (MIB_IPINTERFACE_ROW), which Windows adds to each route's.</summary>
internal sealed record WindowsInterfaceMetric(uint InterfaceIndex, uint Metric);

/// <summary>Where the tables come from: the live system, or bytes laid out as the API documents in tests.</summary>
internal interface IIpHelperNetworkTables
{
    /// <summary>The table's bytes (count, padding, rows); throws <see cref="Win32Exception"/> when the call fails.</summary>
    byte[] Read(NetworkTable table);
}

/// <summary>Reads the rows out of the tables' bytes, at the offsets netioapi.h and ifdef.h give.</summary>
internal static class NetworkTableRows
{
    private const ushort AfInet = 2;
    private const ushort AfInet6 = 23;

    public static List<WindowsInterface> Interfaces(ReadOnlySpan<byte> table)
    {
        var rows = new List<WindowsInterface>();
        foreach (ReadOnlySpan<byte> row in Rows(table, IpHelperNetworkTables.IfRowSize))
        {
            // MIB_IF_ROW2: InterfaceIndex at 8; Description WCHAR[257] at 542; PhysicalAddressLength at 1056,
            // PhysicalAddress[32] at 1060; the ULONG64 counters from InOctets at 1208.
            int length = (int)Math.Min(32u, U32(row, 1056));
            rows.Add(new WindowsInterface(U32(row, 8), WideString(row.Slice(542, 514)), row.Slice(1060, length).ToArray())
            {
                // InterfaceAndOperStatusFlags at 1152: HardwareInterface is bit 0, FilterInterface bit 1.
                Filter = (row[1152] & 2) != 0,
                InOctets = U64(row, 1208),
                InUcastPkts = U64(row, 1216),
                InNUcastPkts = U64(row, 1224),
                InDiscards = U64(row, 1232),
                InErrors = U64(row, 1240),
                InUnknownProtos = U64(row, 1248),
                OutOctets = U64(row, 1280),
                OutUcastPkts = U64(row, 1288),
                OutNUcastPkts = U64(row, 1296),
                OutDiscards = U64(row, 1304),
                OutErrors = U64(row, 1312),
            });
        }
        return rows;
    }

    public static List<WindowsRoute> Routes(ReadOnlySpan<byte> table)
    {
        var rows = new List<WindowsRoute>();
        foreach (ReadOnlySpan<byte> row in Rows(table, IpHelperNetworkTables.ForwardRowSize))
        {
            // MIB_IPFORWARD_ROW2: InterfaceIndex at 8; DestinationPrefix (SOCKADDR_INET at 12, PrefixLength at 40);
            // NextHop SOCKADDR_INET at 44; Metric at 84.
            if (Address(row.Slice(12, 28)) is not { } destination)
                continue;
            InetAddress nextHop = Address(row.Slice(44, 28)) ?? (destination.IsV6 ? InetAddress.AnyV6 : InetAddress.AnyV4);
            rows.Add(new WindowsRoute(U32(row, 8), destination, row[40], nextHop, U32(row, 84)));
        }
        return rows;
    }

    public static List<WindowsAddress> Addresses(ReadOnlySpan<byte> table)
    {
        var rows = new List<WindowsAddress>();
        foreach (ReadOnlySpan<byte> row in Rows(table, IpHelperNetworkTables.UnicastAddressRowSize))
        {
            // MIB_UNICASTIPADDRESS_ROW: Address SOCKADDR_INET at 0; InterfaceIndex at 40; OnLinkPrefixLength at 60.
            if (Address(row[..28]) is { } address)
                rows.Add(new WindowsAddress(U32(row, 40), address, row[60]));
        }
        return rows;
    }

    public static List<WindowsInterfaceMetric> InterfaceMetrics(ReadOnlySpan<byte> table)
    {
        var rows = new List<WindowsInterfaceMetric>();
        // MIB_IPINTERFACE_ROW: InterfaceIndex at 16; Metric at 148.
        foreach (ReadOnlySpan<byte> row in Rows(table, IpHelperNetworkTables.IpInterfaceRowSize))
            rows.Add(new WindowsInterfaceMetric(U32(row, 16), U32(row, 148)));
        return rows;
    }

    /// <summary>The rows of a table, checked against its length: a count the bytes cannot hold is an error, not a short read.</summary>
    private static List<byte[]> Rows(ReadOnlySpan<byte> table, int rowSize)
    {
        if (table.Length < sizeof(uint))
            throw new InvalidDataException($"a table of {table.Length} bytes has no row count");
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(table);
        long needed = IpHelperNetworkTables.RowsOffset + ((long)count * rowSize);
        if (count > 0 && table.Length < needed)
            throw new InvalidDataException($"the table says {count} rows of {rowSize} bytes but holds {table.Length} bytes");
        var rows = new List<byte[]>((int)count);
        for (int i = 0; i < count; i++)
            rows.Add(table.Slice(IpHelperNetworkTables.RowsOffset + (i * rowSize), rowSize).ToArray());
        return rows;
    }

    /// <summary>A SOCKADDR_INET: family at 0; IPv4 address at 4 (sockaddr_in); IPv6 address at 8 (sockaddr_in6). Null for another family.</summary>
    private static InetAddress? Address(ReadOnlySpan<byte> sockaddr) => BinaryPrimitives.ReadUInt16LittleEndian(sockaddr) switch
    {
        AfInet => InetAddress.FromV4(sockaddr.Slice(4, 4)),
        AfInet6 => InetAddress.FromV6(sockaddr.Slice(8, 16)),
        _ => null,
    };

    private static string WideString(ReadOnlySpan<byte> bytes)
    {
        ReadOnlySpan<char> chars = MemoryMarshal.Cast<byte, char>(bytes);
        int end = chars.IndexOf('\0');
        return new string(end < 0 ? chars : chars[..end]);
    }

    private static uint U32(ReadOnlySpan<byte> row, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(row[offset..]);

    private static ulong U64(ReadOnlySpan<byte> row, int offset) => BinaryPrimitives.ReadUInt64LittleEndian(row[offset..]);
}

/// <summary>The running system's tables: each call allocates, the rows are copied out, FreeMibTable releases.</summary>
internal sealed unsafe class LiveIpHelperNetworkTables : IIpHelperNetworkTables
{
    public byte[] Read(NetworkTable table)
    {
        byte* pointer = null;
        (uint result, int rowSize, string call) = table switch
        {
            NetworkTable.Interfaces => (IpHelperNetworkTables.GetIfTable2(&pointer), IpHelperNetworkTables.IfRowSize, "GetIfTable2"),
            NetworkTable.Routes4 => (IpHelperNetworkTables.GetIpForwardTable2((ushort)IpHelper.AF_INET, &pointer), IpHelperNetworkTables.ForwardRowSize, "GetIpForwardTable2 (IPv4)"),
            NetworkTable.Routes6 => (IpHelperNetworkTables.GetIpForwardTable2((ushort)IpHelper.AF_INET6, &pointer), IpHelperNetworkTables.ForwardRowSize, "GetIpForwardTable2 (IPv6)"),
            NetworkTable.Addresses4 => (IpHelperNetworkTables.GetUnicastIpAddressTable((ushort)IpHelper.AF_INET, &pointer), IpHelperNetworkTables.UnicastAddressRowSize, "GetUnicastIpAddressTable (IPv4)"),
            NetworkTable.Addresses6 => (IpHelperNetworkTables.GetUnicastIpAddressTable((ushort)IpHelper.AF_INET6, &pointer), IpHelperNetworkTables.UnicastAddressRowSize, "GetUnicastIpAddressTable (IPv6)"),
            NetworkTable.IpInterfaces4 => (IpHelperNetworkTables.GetIpInterfaceTable((ushort)IpHelper.AF_INET, &pointer), IpHelperNetworkTables.IpInterfaceRowSize, "GetIpInterfaceTable (IPv4)"),
            NetworkTable.IpInterfaces6 => (IpHelperNetworkTables.GetIpInterfaceTable((ushort)IpHelper.AF_INET6, &pointer), IpHelperNetworkTables.IpInterfaceRowSize, "GetIpInterfaceTable (IPv6)"),
            _ => throw new ArgumentOutOfRangeException(nameof(table), table, "no such table"),
        };
        try
        {
            if (result != IpHelper.NO_ERROR)
                throw new Win32Exception((int)result, $"{call}: {new Win32Exception((int)result).Message} (error {result})");
            if (pointer is null)
                return new byte[IpHelperNetworkTables.RowsOffset];
            uint count = *(uint*)pointer;
            return new ReadOnlySpan<byte>(pointer, checked(IpHelperNetworkTables.RowsOffset + ((int)count * rowSize))).ToArray();
        }
        finally
        {
            if (pointer is not null)
                IpHelperNetworkTables.FreeMibTable(pointer);
        }
    }
}
