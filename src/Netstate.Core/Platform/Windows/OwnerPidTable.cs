using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Netstate.Core.Model;
using Netstate.Core.Platform.Windows.Interop;

namespace Netstate.Core.Platform.Windows;

/// <summary>
/// Turns the bytes of one owner-PID table (as GetExtendedTcpTable and GetExtendedUdpTable return them)
/// into socket entries and the process id of each. Pure: tests feed it bytes laid out by hand.
/// </summary>
internal static unsafe class OwnerPidTable
{
    internal const int HeaderSize = sizeof(uint);

    /// <summary>
    /// Appends the rows of <paramref name="table"/> (one of Tcp4, Tcp6, Udp4, Udp6) to
    /// <paramref name="entries"/>, and their owners' process ids to <paramref name="pids"/> in the same
    /// order. A row count larger than the bytes hold is reported in <paramref name="notes"/> and the
    /// whole rows present are kept. <paramref name="states"/> drops TCP rows in other states.
    /// </summary>
    public static void Parse(ReadOnlySpan<byte> bytes, SocketTables table, TcpStateSet states,
        List<SocketEntry> entries, List<uint> pids, List<SourceNote> notes)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(pids);
        ArgumentNullException.ThrowIfNull(notes);
        int rowSize = RowSize(table);
        int count = RowCount(bytes, rowSize, Name(table), notes);
        ReadOnlySpan<byte> rows = bytes[Math.Min(bytes.Length, HeaderSize)..];
        var keys = new HashSet<ulong>(Math.Min(count, 1 << 20));
        for (int i = 0; i < count; i++)
        {
            (Endpoint local, Endpoint remote, TcpState state, uint pid) = Decode(table, rows.Slice(i * rowSize, rowSize));
            ulong key = RowKey.Claim(keys, table, local, remote);
            // A state the model has no name for (DELETE_TCB) is kept unless states were asked for.
            if (table is SocketTables.Tcp4 or SocketTables.Tcp6 && !states.IsAll && !states.Contains(state))
                continue;
            SocketEntry entry = Entry(table, local, remote, state, key);
            entries.Add(entry);
            pids.Add(pid);
        }
    }

    /// <summary>
    /// How many whole rows of <paramref name="rowSize"/> bytes to read: the count the table starts with,
    /// or fewer when the bytes hold fewer (said in <paramref name="notes"/>, as is a table too short for its count).
    /// </summary>
    internal static int RowCount(ReadOnlySpan<byte> bytes, int rowSize, string name, List<SourceNote> notes)
    {
        if (bytes.Length < HeaderSize)
        {
            notes.Add(new SourceNote(SourceNoteKind.Warning, $"{name} table: {bytes.Length} bytes, too short for its row count"));
            return 0;
        }
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        long room = (bytes.Length - HeaderSize) / rowSize;
        if (count > room)
        {
            notes.Add(new SourceNote(SourceNoteKind.Warning, $"{name} table: says {count} rows, holds {room}; the {room} read are shown"));
            return (int)room;
        }
        return (int)count;
    }

    /// <summary>
    /// The endpoints, state and process id of one row of <paramref name="table"/>: <paramref name="row"/>
    /// starts with its owner-PID row (a longer row, such as MIB_TCPROW2, may follow it with more fields).
    /// </summary>
    internal static (Endpoint Local, Endpoint Remote, TcpState State, uint Pid) Decode(SocketTables table, ReadOnlySpan<byte> row) => table switch
    {
        SocketTables.Tcp4 => Tcp4(MemoryMarshal.Read<MibTcpRowOwnerPid>(row)),
        SocketTables.Tcp6 => Tcp6(MemoryMarshal.Read<MibTcp6RowOwnerPid>(row)),
        SocketTables.Udp4 => Udp4(MemoryMarshal.Read<MibUdpRowOwnerPid>(row)),
        _ => Udp6(MemoryMarshal.Read<MibUdp6RowOwnerPid>(row)),
    };

    /// <summary>The size of one row of <paramref name="table"/>'s owner-PID form.</summary>
    public static int RowSize(SocketTables table) => table switch
    {
        SocketTables.Tcp4 => sizeof(MibTcpRowOwnerPid),
        SocketTables.Tcp6 => sizeof(MibTcp6RowOwnerPid),
        SocketTables.Udp4 => sizeof(MibUdpRowOwnerPid),
        SocketTables.Udp6 => sizeof(MibUdp6RowOwnerPid),
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, "IP Helper has no owner-PID table for it"),
    };

    /// <summary>
    /// MIB_TCP_STATE (1 CLOSED ... 12 DELETE_TCB) as the model's state. DELETE_TCB and values outside
    /// the enumeration have no counterpart and become Unknown.
    /// </summary>
    public static TcpState StateOf(uint mibState) => mibState switch
    {
        1 => TcpState.Close,
        2 => TcpState.Listen,
        3 => TcpState.SynSent,
        4 => TcpState.SynRecv,
        5 => TcpState.Established,
        6 => TcpState.FinWait1,
        7 => TcpState.FinWait2,
        8 => TcpState.CloseWait,
        9 => TcpState.Closing,
        10 => TcpState.LastAck,
        11 => TcpState.TimeWait,
        _ => TcpState.Unknown,
    };

    /// <summary>A port field: a DWORD whose first two bytes in memory are the port in network byte order.</summary>
    public static ushort PortOf(uint field)
    {
        Span<byte> bytes = stackalloc byte[sizeof(uint)];
        MemoryMarshal.Write(bytes, in field);
        return BinaryPrimitives.ReadUInt16BigEndian(bytes);
    }

    /// <summary>An IPv4 address field: a DWORD holding the four address bytes in network order.</summary>
    private static InetAddress V4(uint field)
    {
        Span<byte> bytes = stackalloc byte[sizeof(uint)];
        MemoryMarshal.Write(bytes, in field);
        return InetAddress.FromV4(bytes);
    }

    private static (Endpoint, Endpoint, TcpState, uint) Tcp4(MibTcpRowOwnerPid row)
    {
        var local = new Endpoint(V4(row.LocalAddress), PortOf(row.LocalPort));
        // A listener's remote port field holds whatever was there; Windows netstat shows it as 0, and so does the model.
        TcpState state = StateOf(row.State);
        var remote = state == TcpState.Listen ? new Endpoint(InetAddress.AnyV4, 0) : new Endpoint(V4(row.RemoteAddress), PortOf(row.RemotePort));
        return (local, remote, state, row.OwningPid);
    }

    private static (Endpoint, Endpoint, TcpState, uint) Tcp6(MibTcp6RowOwnerPid row)
    {
        var local = new Endpoint(InetAddress.FromV6(new ReadOnlySpan<byte>(row.LocalAddress, 16)), PortOf(row.LocalPort));
        TcpState state = StateOf(row.State);
        var remote = state == TcpState.Listen ? new Endpoint(InetAddress.AnyV6, 0)
            : new Endpoint(InetAddress.FromV6(new ReadOnlySpan<byte>(row.RemoteAddress, 16)), PortOf(row.RemotePort));
        return (local, remote, state, row.OwningPid);
    }

    private static (Endpoint, Endpoint, TcpState, uint) Udp4(MibUdpRowOwnerPid row) =>
        (new Endpoint(V4(row.LocalAddress), PortOf(row.LocalPort)), new Endpoint(InetAddress.AnyV4, 0), TcpState.Close, row.OwningPid);

    private static (Endpoint, Endpoint, TcpState, uint) Udp6(MibUdp6RowOwnerPid row) =>
        (new Endpoint(InetAddress.FromV6(new ReadOnlySpan<byte>(row.LocalAddress, 16)), PortOf(row.LocalPort)),
            new Endpoint(InetAddress.AnyV6, 0), TcpState.Close, row.OwningPid);

    /// <summary>
    /// One row as an entry. IP Helper gives no queues, timers or user ids: those stay null or 0
    /// (unknown), never a made-up figure. UDP endpoints are unconnected (CLOSE), as Linux reports them.
    /// </summary>
    private static SocketEntry Entry(SocketTables table, Endpoint local, Endpoint remote, TcpState state, ulong key) => new()
    {
        Protocol = SocketTableInfo.ProtocolOf(table),
        Family = SocketTableInfo.FamilyOf(table),
        Local = local,
        Remote = remote,
        RawState = (byte)state,
        Inode = key,
    };

    private static string Name(SocketTables table) => table switch
    {
        SocketTables.Tcp4 => "TCP (IPv4)",
        SocketTables.Tcp6 => "TCP (IPv6)",
        SocketTables.Udp4 => "UDP (IPv4)",
        _ => "UDP (IPv6)",
    };
}
