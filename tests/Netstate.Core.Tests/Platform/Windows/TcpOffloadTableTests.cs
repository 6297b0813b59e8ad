using System.Buffers.Binary;
using Netstate.Core.Model;
using Netstate.Core.Platform.Windows;
using Netstate.Core.Platform.Windows.Interop;

namespace Netstate.Core.Tests;

/// <summary>
/// Windows netstat -t's offload states: GetTcpTable2 and GetTcp6Table2 from bytes laid out as
/// tcpmib.h documents MIB_TCPTABLE2 and MIB_TCP6TABLE2, joined to the owner-PID rows by their endpoints.
/// </summary>
public sealed unsafe class TcpOffloadTableTests
{
    [Fact]
    public void The_row2_structs_have_the_documented_sizes_with_the_offload_state_last()
    {
        Assert.Equal(28, sizeof(MibTcpRow2));
        Assert.Equal(60, sizeof(MibTcp6Row2));
        Assert.Equal(24, (int)System.Runtime.InteropServices.Marshal.OffsetOf<MibTcpRow2>(nameof(MibTcpRow2.OffloadState)));
        Assert.Equal(56, (int)System.Runtime.InteropServices.Marshal.OffsetOf<MibTcp6Row2>(nameof(MibTcp6Row2.OffloadState)));
        Assert.Equal(28, TcpOffloadTable.RowSize(SocketTables.Tcp4));
        Assert.Equal(60, TcpOffloadTable.RowSize(SocketTables.Tcp6));
    }

    [Fact]
    public void Every_offload_state_of_an_ipv4_table_reaches_its_row_and_an_unknown_value_stays_a_number()
    {
        // One row per TCP_CONNECTION_OFFLOAD_STATE, and 7 (past TcpConnectionOffloadStateMax) for a value Windows does not document.
        (uint State, string Remote, uint Offload)[] rows = [(5, "10.0.0.2", 0), (5, "10.0.0.3", 1), (5, "10.0.0.4", 2), (8, "10.0.0.5", 3), (5, "10.0.0.6", 7)];
        var owners = new OwnerPidTableBytes();
        var offload = new OwnerPidTableBytes();
        foreach ((uint state, string remote, uint value) in rows)
        {
            owners.Tcp4(state, "10.0.0.1", 445, remote, 50000, 4);
            offload.Tcp4Row2(state, "10.0.0.1", 445, remote, 50000, 4, value);
        }

        (List<SocketEntry> entries, TcpOffloadStates states) = Join(SocketTables.Tcp4, owners.ToArray(), offload.ToArray());

        Assert.Equal([0u, 1u, 2u, 3u, 7u], entries.Select(e => states.Of(e)!.Value));
        Assert.Equal(["InHost", "Offloading", "Offloaded", "Uploading", "7"], entries.Select(e => TcpOffloadStates.Name(states.Of(e)!.Value)));
        Assert.Empty(states.Failures);
    }

    [Fact]
    public void An_ipv6_table_reads_the_state_after_both_addresses_and_scope_ids_and_the_offload_state_after_the_pid()
    {
        byte[] owners = new OwnerPidTableBytes()
            .Tcp6(2, "::", 0, 135, "::", 0, 0, 1060)
            .Tcp6(5, "fe80::20", 4, 50500, "fe80::1", 4, 22, 3112)
            .Tcp6(5, "2001:db8::20", 0, 50501, "2001:db8::1", 0, 443, 3112)
            .ToArray();
        byte[] offload = new OwnerPidTableBytes()
            .Tcp6Row2(2, "::", 0, 135, "::", 0, 0, 1060, 0)
            .Tcp6Row2(5, "fe80::20", 4, 50500, "fe80::1", 4, 22, 3112, 2)
            .Tcp6Row2(5, "2001:db8::20", 0, 50501, "2001:db8::1", 0, 443, 3112, 3)
            .ToArray();

        (List<SocketEntry> entries, TcpOffloadStates states) = Join(SocketTables.Tcp6, owners, offload);

        Assert.Equal(4 + (3 * 60), offload.Length);
        Assert.Equal([0u, 2u, 3u], entries.Select(e => states.Of(e)!.Value));
    }

    [Fact]
    public void A_listeners_remote_port_field_is_ignored_on_both_reads_so_the_listener_still_joins()
    {
        // Windows leaves whatever was there in a listener's remote port; the two tables need not agree on it.
        byte[] owners = new OwnerPidTableBytes().Tcp4(2, "0.0.0.0", 445, "0.0.0.0", 18532, 4).ToArray();
        byte[] offload = new OwnerPidTableBytes().Tcp4Row2(2, "0.0.0.0", 445, "0.0.0.0", 7, 4, 1).ToArray();

        (List<SocketEntry> entries, TcpOffloadStates states) = Join(SocketTables.Tcp4, owners, offload);

        Assert.Equal(1u, states.Of(Assert.Single(entries)));
    }

    [Fact]
    public void Rows_with_the_same_endpoints_keep_their_own_state_by_their_place_in_the_table()
    {
        // Two listeners on one port (SO_REUSEPORT on Linux, under Wine): same endpoints, told apart by order.
        byte[] owners = new OwnerPidTableBytes().Tcp4(2, "0.0.0.0", 8080, "0.0.0.0", 0, 10).Tcp4(2, "0.0.0.0", 8080, "0.0.0.0", 0, 11).ToArray();
        byte[] offload = new OwnerPidTableBytes().Tcp4Row2(2, "0.0.0.0", 8080, "0.0.0.0", 0, 10, 0).Tcp4Row2(2, "0.0.0.0", 8080, "0.0.0.0", 0, 11, 2).ToArray();

        (List<SocketEntry> entries, TcpOffloadStates states) = Join(SocketTables.Tcp4, owners, offload);

        Assert.Equal([0u, 2u], entries.Select(e => states.Of(e)!.Value));
    }

    [Fact]
    public void A_row_the_offload_table_lacks_and_every_udp_row_have_no_state_rather_than_in_host()
    {
        byte[] owners = new OwnerPidTableBytes().Tcp4(5, "10.0.0.1", 445, "10.0.0.2", 50000, 4).Tcp4(5, "10.0.0.1", 445, "10.0.0.9", 50001, 4).ToArray();
        // The second connection opened after GetTcpTable2 was read.
        byte[] offload = new OwnerPidTableBytes().Tcp4Row2(5, "10.0.0.1", 445, "10.0.0.2", 50000, 4, 0).ToArray();
        var udp = new List<SocketEntry>();
        OwnerPidTable.Parse(new OwnerPidTableBytes().Udp4("10.0.0.1", 445, 4).ToArray(), SocketTables.Udp4, TcpStateSet.All, udp, [], []);

        (List<SocketEntry> entries, TcpOffloadStates states) = Join(SocketTables.Tcp4, owners, offload);

        Assert.Equal(0u, states.Of(entries[0]));
        Assert.Null(states.Of(entries[1]));
        Assert.Null(states.Of(Assert.Single(udp)));
    }

    [Fact]
    public void A_row_count_beyond_the_bytes_is_reported_and_the_whole_rows_are_read()
    {
        byte[] offload = new OwnerPidTableBytes { DeclaredCount = 4 }
            .Tcp4Row2(5, "10.0.0.1", 445, "10.0.0.2", 50000, 4, 2).Tcp4Row2(5, "10.0.0.1", 445, "10.0.0.3", 50000, 4, 2).ToArray();
        var states = new Dictionary<ulong, uint>();
        var notes = new List<SourceNote>();

        TcpOffloadTable.Parse(offload.AsSpan(0, offload.Length - 1), SocketTables.Tcp4, states, notes);

        Assert.Single(states);
        Assert.Contains("GetTcpTable2 table: says 4 rows, holds 1", Assert.Single(notes).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_table2_that_grows_between_the_size_call_and_the_fill_call_is_read_whole()
    {
        // The table has one row when sized and twenty when filled, more than the room the buffer is given
        // beyond the size asked for: the fill call's too-small answer is asked again.
        byte[] one = new OwnerPidTableBytes().Tcp4Row2(5, "10.0.0.1", 445, "10.0.0.2", 50000, 4, 0).ToArray();
        var grown = new OwnerPidTableBytes();
        for (int i = 0; i < 20; i++)
            grown.Tcp4Row2(5, "10.0.0.1", 445, "10.0.1." + i, 50000, 4, (uint)(i % 4));
        byte[] twenty = grown.ToArray();
        int calls = 0;

        byte[] bytes = IpHelperBuffer.Read((byte* buffer, ref uint size) =>
        {
            byte[] now = calls++ == 0 ? one : twenty;
            if (buffer is null || size < now.Length)
            {
                size = (uint)now.Length;
                return 122;
            }
            now.CopyTo(new Span<byte>(buffer, now.Length));
            return 0;
        }, "GetTcpTable2");
        var states = new Dictionary<ulong, uint>();
        TcpOffloadTable.Parse(bytes, SocketTables.Tcp4, states, []);

        Assert.Equal(3, calls);
        Assert.Equal(20u, BinaryPrimitives.ReadUInt32LittleEndian(bytes));
        Assert.Equal(20, states.Count);
        Assert.Equal([5, 5, 5, 5], states.Values.GroupBy(v => v).OrderBy(g => g.Key).Select(g => g.Count()));
    }

    [Fact]
    public void The_platform_reads_only_the_tcp_tables_listed_and_keeps_a_failed_call_as_a_failure()
    {
        var recorded = new RecordedIpHelper();
        recorded.Sockets[SocketTables.Tcp4] = new OwnerPidTableBytes().Tcp4(5, "10.0.0.1", 445, "10.0.0.2", 50000, 4).ToArray();
        recorded.Offload[SocketTables.Tcp4] = new OwnerPidTableBytes().Tcp4Row2(5, "10.0.0.1", 445, "10.0.0.2", 50000, 4, 2).ToArray();
        // No GetTcp6Table2 bytes: the recorded call fails with ERROR_NOT_SUPPORTED.
        var entries = new List<SocketEntry>();
        WindowsSocketSource.ReadTable(recorded, SocketTables.Tcp4, TcpStateSet.All, entries, [], []);

        TcpOffloadStates v4Only = recorded.Platform().ReadOffloadStates(SocketTables.Tcp4 | SocketTables.Udp, []);
        TcpOffloadStates both = recorded.Platform().ReadOffloadStates(SocketTables.Tcp | SocketTables.Udp, []);

        Assert.Equal([SocketTables.Tcp4, SocketTables.Tcp4, SocketTables.Tcp6], recorded.OffloadReads);
        Assert.Empty(v4Only.Failures);
        Assert.Equal(2u, v4Only.Of(entries[0]));
        Assert.Equal(2u, both.Of(entries[0]));
        Assert.Equal("GetTcp6Table2: The request is not supported. (error 50)", Assert.Single(both.Failures));
    }

    private static (List<SocketEntry> Entries, TcpOffloadStates States) Join(SocketTables table, byte[] owners, byte[] offload)
    {
        var entries = new List<SocketEntry>();
        OwnerPidTable.Parse(owners, table, TcpStateSet.All, entries, [], []);
        var states = new Dictionary<ulong, uint>();
        var notes = new List<SourceNote>();
        TcpOffloadTable.Parse(offload, table, states, notes);
        Assert.Empty(notes);
        return (entries, new TcpOffloadStates(states, []));
    }
}
