using System.Globalization;
using System.Runtime.InteropServices;
using Netstate.Core.Model;
using Netstate.Core.Platform.Windows.Interop;

namespace Netstate.Core.Platform.Windows;

/// <summary>
/// Windows netstat -t's Offload State of the TCP rows, beside the socket entries rather than in them
/// (Linux has no such thing): TCP_CONNECTION_OFFLOAD_STATE by row key (<see cref="RowKey"/>, the
/// entry's <see cref="SocketEntry.Inode"/>), read from GetTcpTable2 and GetTcp6Table2 only when asked.
/// </summary>
internal sealed class TcpOffloadStates
{
    private readonly Dictionary<ulong, uint> _states;

    internal TcpOffloadStates(Dictionary<ulong, uint> states, IReadOnlyList<string> failures)
    {
        _states = states;
        Failures = failures;
    }

    /// <summary>Each call that failed, with its error (GetTcpTable2's for IPv4, GetTcp6Table2's for IPv6); empty when both were read.</summary>
    public IReadOnlyList<string> Failures { get; }

    /// <summary>
    /// The raw TCP_CONNECTION_OFFLOAD_STATE of a TCP entry; null for a UDP entry, and for a TCP row the
    /// offload table did not have (its call failed, or the row came or went between the two reads).
    /// </summary>
    public uint? Of(SocketEntry entry) =>
        entry.Protocol == Protocol.Tcp && _states.TryGetValue(entry.Inode, out uint state) ? state : null;

    /// <summary>Windows netstat's word for an offload state: InHost (0), Offloading, Offloaded, Uploading (3); any other value as its number, never a guessed word.</summary>
    public static string Name(uint state) => state switch
    {
        0 => "InHost",
        1 => "Offloading",
        2 => "Offloaded",
        3 => "Uploading",
        _ => state.ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>Turns the bytes of GetTcpTable2 (MIB_TCPTABLE2) or GetTcp6Table2 (MIB_TCP6TABLE2) into offload states by row key. Pure: tests feed it bytes laid out by hand.</summary>
internal static unsafe class TcpOffloadTable
{
    /// <summary>
    /// Adds each row's offload state to <paramref name="states"/> under the key the owner-PID read of
    /// the same table gives the same row (the same endpoints, and for repeated endpoints the same place
    /// among them). A row count larger than the bytes hold is reported in <paramref name="notes"/>.
    /// </summary>
    public static void Parse(ReadOnlySpan<byte> bytes, SocketTables table, Dictionary<ulong, uint> states, List<SourceNote> notes)
    {
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(notes);
        int rowSize = RowSize(table);
        int count = OwnerPidTable.RowCount(bytes, rowSize, table == SocketTables.Tcp4 ? "GetTcpTable2" : "GetTcp6Table2", notes);
        ReadOnlySpan<byte> rows = bytes[Math.Min(bytes.Length, OwnerPidTable.HeaderSize)..];
        var keys = new HashSet<ulong>(Math.Min(count, 1 << 20));
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> row = rows.Slice(i * rowSize, rowSize);
            // The row begins with the owner-PID row's fields, so it is read as one, and its key is the same.
            (Endpoint local, Endpoint remote, _, _) = OwnerPidTable.Decode(table, row);
            uint offload = table == SocketTables.Tcp4 ? MemoryMarshal.Read<MibTcpRow2>(row).OffloadState : MemoryMarshal.Read<MibTcp6Row2>(row).OffloadState;
            states[RowKey.Claim(keys, table, local, remote)] = offload;
        }
    }

    /// <summary>The size of one MIB_TCPROW2 (Tcp4) or MIB_TCP6ROW2 (Tcp6).</summary>
    public static int RowSize(SocketTables table) => table switch
    {
        SocketTables.Tcp4 => sizeof(MibTcpRow2),
        SocketTables.Tcp6 => sizeof(MibTcp6Row2),
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, "IP Helper has offload states for TCP only"),
    };
}
