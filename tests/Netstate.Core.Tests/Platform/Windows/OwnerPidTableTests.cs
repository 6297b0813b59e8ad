using Netstate.Core.Model;
using Netstate.Core.Platform.Windows;
using Netstate.Core.Platform.Windows.Interop;

namespace Netstate.Core.Tests;

/// <summary>The owner-PID tables of IP Helper, from bytes laid out as the API returns them, into the model.</summary>
public sealed class OwnerPidTableTests
{
    [Fact]
    public unsafe void The_row_structs_have_the_documented_sizes()
    {
        Assert.Equal(24, sizeof(MibTcpRowOwnerPid));
        Assert.Equal(56, sizeof(MibTcp6RowOwnerPid));
        Assert.Equal(12, sizeof(MibUdpRowOwnerPid));
        Assert.Equal(28, sizeof(MibUdp6RowOwnerPid));
    }

    [Fact]
    public void An_ipv4_tcp_table_gives_addresses_ports_states_and_pids()
    {
        byte[] table = new OwnerPidTableBytes()
            .Tcp4(2, "0.0.0.0", 135, "0.0.0.0", 0, 1060)
            .Tcp4(5, "192.168.1.20", 50123, "93.184.216.34", 443, 7244)
            .Tcp4(11, "127.0.0.1", 49670, "127.0.0.1", 8080, 0)
            .ToArray();

        (List<SocketEntry> entries, List<uint> pids, List<SourceNote> notes) = Parse(table, SocketTables.Tcp4);

        Assert.Empty(notes);
        Assert.Equal([1060u, 7244u, 0u], pids);
        Assert.All(entries, e => Assert.Equal((Protocol.Tcp, Family.Inet), (e.Protocol, e.Family)));
        Assert.Equal(("0.0.0.0", 135, "0.0.0.0", 0, TcpState.Listen), Row(entries[0]));
        Assert.Equal(("192.168.1.20", 50123, "93.184.216.34", 443, TcpState.Established), Row(entries[1]));
        Assert.Equal(("127.0.0.1", 49670, "127.0.0.1", 8080, TcpState.TimeWait), Row(entries[2]));
        // IP Helper has no queues or user ids: unknown, not zero.
        Assert.Null(entries[1].RecvQueue);
        Assert.Null(entries[1].SendQueue);
        Assert.Null(entries[1].Uid);
    }

    [Fact]
    public void A_listeners_remote_port_field_is_not_applicable_and_shown_as_zero()
    {
        byte[] table = new OwnerPidTableBytes().Tcp4(2, "0.0.0.0", 445, "0.0.0.0", 18532, 4).ToArray();

        (List<SocketEntry> entries, _, _) = Parse(table, SocketTables.Tcp4);

        Assert.Equal(0, entries[0].Remote.Port);
    }

    [Fact]
    public void An_ipv6_tcp_table_gives_sixteen_byte_addresses()
    {
        byte[] table = new OwnerPidTableBytes()
            .Tcp6(2, "::", 0, 135, "::", 0, 0, 1060)
            .Tcp6(5, "2001:db8::20", 0, 50500, "2001:db8::1", 0, 22, 3112)
            .ToArray();

        (List<SocketEntry> entries, List<uint> pids, _) = Parse(table, SocketTables.Tcp6);

        Assert.Equal([1060u, 3112u], pids);
        Assert.All(entries, e => Assert.Equal(Family.Inet6, e.Family));
        Assert.Equal(("::", 135, "::", 0, TcpState.Listen), Row(entries[0]));
        Assert.Equal(("2001:db8::20", 50500, "2001:db8::1", 22, TcpState.Established), Row(entries[1]));
    }

    [Fact]
    public void Udp_tables_give_unconnected_endpoints_with_their_pids()
    {
        byte[] v4 = new OwnerPidTableBytes().Udp4("0.0.0.0", 5353, 2276).Udp4("127.0.0.1", 1900, 3800).ToArray();
        byte[] v6 = new OwnerPidTableBytes().Udp6("::", 0, 5355, 1876).ToArray();

        (List<SocketEntry> four, List<uint> fourPids, _) = Parse(v4, SocketTables.Udp4);
        (List<SocketEntry> six, List<uint> sixPids, _) = Parse(v6, SocketTables.Udp6);

        Assert.Equal([2276u, 3800u], fourPids);
        Assert.Equal([1876u], sixPids);
        Assert.Equal(("0.0.0.0", 5353, "0.0.0.0", 0, TcpState.Close), Row(four[0]));
        Assert.Equal(("127.0.0.1", 1900, "0.0.0.0", 0, TcpState.Close), Row(four[1]));
        Assert.Equal(("::", 5355, "::", 0, TcpState.Close), Row(six[0]));
        Assert.All(four.Concat(six), e => Assert.Equal(Protocol.Udp, e.Protocol));
    }

    [Theory]
    [InlineData(1u, TcpState.Close)]
    [InlineData(2u, TcpState.Listen)]
    [InlineData(3u, TcpState.SynSent)]
    [InlineData(4u, TcpState.SynRecv)]
    [InlineData(5u, TcpState.Established)]
    [InlineData(6u, TcpState.FinWait1)]
    [InlineData(7u, TcpState.FinWait2)]
    [InlineData(8u, TcpState.CloseWait)]
    [InlineData(9u, TcpState.Closing)]
    [InlineData(10u, TcpState.LastAck)]
    [InlineData(11u, TcpState.TimeWait)]
    // DELETE_TCB has no counterpart in the model; a value outside MIB_TCP_STATE is not guessed at.
    [InlineData(12u, TcpState.Unknown)]
    [InlineData(99u, TcpState.Unknown)]
    public void Every_mib_tcp_state_maps_to_its_model_state(uint mibState, TcpState expected)
    {
        byte[] v4 = new OwnerPidTableBytes().Tcp4(mibState, "10.0.0.1", 1000, "10.0.0.2", 2000, 42).ToArray();
        byte[] v6 = new OwnerPidTableBytes().Tcp6(mibState, "fe80::1", 3, 1000, "fe80::2", 3, 2000, 42).ToArray();

        Assert.Equal(expected, OwnerPidTable.StateOf(mibState));
        Assert.Equal(expected, Parse(v4, SocketTables.Tcp4).Entries[0].TcpState);
        Assert.Equal(expected, Parse(v6, SocketTables.Tcp6).Entries[0].TcpState);
    }

    [Fact]
    public void A_row_count_beyond_the_bytes_is_reported_and_the_whole_rows_are_kept()
    {
        byte[] table = new OwnerPidTableBytes { DeclaredCount = 5 }.Udp4("0.0.0.0", 53, 1).Udp4("0.0.0.0", 67, 2).ToArray();

        (List<SocketEntry> entries, _, List<SourceNote> notes) = Parse(table[..^3], SocketTables.Udp4);

        Assert.Single(entries);
        SourceNote note = Assert.Single(notes);
        Assert.Equal(SourceNoteKind.Warning, note.Kind);
        Assert.Contains("says 5 rows, holds 1", note.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fewer_bytes_than_the_row_count_itself_is_a_warning_not_a_crash()
    {
        (List<SocketEntry> entries, _, List<SourceNote> notes) = Parse([1, 0], SocketTables.Tcp4);

        Assert.Empty(entries);
        Assert.Contains("too short", Assert.Single(notes).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_state_set_drops_tcp_rows_in_other_states_but_keeps_their_pids_aligned()
    {
        byte[] table = new OwnerPidTableBytes()
            .Tcp4(2, "0.0.0.0", 80, "0.0.0.0", 0, 10)
            .Tcp4(5, "10.0.0.1", 80, "10.0.0.2", 5000, 11)
            .Tcp4(2, "0.0.0.0", 443, "0.0.0.0", 0, 12)
            .ToArray();
        var entries = new List<SocketEntry>();
        var pids = new List<uint>();

        OwnerPidTable.Parse(table, SocketTables.Tcp4, TcpStateSet.Of(TcpState.Listen), entries, pids, []);

        Assert.Equal([80, 443], entries.Select(e => (int)e.Local.Port));
        Assert.Equal([10u, 12u], pids);
    }

    [Fact]
    public void Rows_get_distinct_nonzero_keys_that_a_second_read_reproduces()
    {
        byte[] table = new OwnerPidTableBytes()
            .Tcp4(5, "10.0.0.1", 80, "10.0.0.2", 5000, 11)
            .Tcp4(5, "10.0.0.1", 80, "10.0.0.2", 5001, 11)
            .Tcp4(5, "10.0.0.1", 80, "10.0.0.3", 5000, 11)
            .ToArray();

        List<SocketEntry> first = Parse(table, SocketTables.Tcp4).Entries;
        List<SocketEntry> second = Parse(table, SocketTables.Tcp4).Entries;

        Assert.Equal(3, first.Select(e => e.Inode).Distinct().Count());
        Assert.DoesNotContain(0UL, first.Select(e => e.Inode));
        Assert.Equal(first.Select(e => e.Inode), second.Select(e => e.Inode));
    }

    private static (List<SocketEntry> Entries, List<uint> Pids, List<SourceNote> Notes) Parse(byte[] table, SocketTables which)
    {
        var entries = new List<SocketEntry>();
        var pids = new List<uint>();
        var notes = new List<SourceNote>();
        OwnerPidTable.Parse(table, which, TcpStateSet.All, entries, pids, notes);
        return (entries, pids, notes);
    }

    private static (string, int, string, int, TcpState) Row(SocketEntry e) =>
        (e.Local.Address.ToString(), e.Local.Port, e.Remote.Address.ToString(), e.Remote.Port, e.TcpState);
}
