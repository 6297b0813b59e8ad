using Netstate.Core.Model;
using Netstate.Core.Platform.Linux.Sources;

namespace Netstate.Core.Tests;

/// <summary>
/// /proc/net/{tcp,tcp6,udp,udp6,raw,raw6} as captured from a real kernel (Fixtures/proc-basic, see
/// Fixtures/README.md for how each socket was made), plus hand-made broken files under Fixtures/edge.
/// </summary>
public sealed class ProcNetInetParserTests
{
    [Fact]
    public void Tcp_capture_parses_every_line_without_problems()
    {
        ParsedTable table = Fixture.ParseInet("proc-basic/net/tcp", SocketTables.Tcp4);

        Assert.Equal(21, table.Entries.Count);
        Assert.Equal(0, table.Problems.Count);
        Assert.Empty(table.Notes);
        Assert.All(table.Entries, e =>
        {
            Assert.Equal(Protocol.Tcp, e.Protocol);
            Assert.Equal(Family.Inet, e.Family);
            Assert.False(e.Local.Address.IsV6);
            Assert.Null(e.Unix);
        });
    }

    [Theory]
    // line, local, local port, remote, remote port, state, tx_queue, rx_queue, timer, ticks, retransmits, inode
    [InlineData(1, "127.0.0.1", 8082, "0.0.0.0", 0, TcpState.Listen, 0UL, 1UL, TimerKind.Off, 0UL, 0UL, 32625UL)]
    [InlineData(2, "127.0.0.1", 8081, "0.0.0.0", 0, TcpState.Listen, 0UL, 0UL, TimerKind.Off, 0UL, 0UL, 32623UL)]
    [InlineData(4, "10.1.2.3", 43981, "0.0.0.0", 0, TcpState.Listen, 0UL, 0UL, TimerKind.Off, 0UL, 0UL, 31344UL)]
    [InlineData(5, "10.1.2.3", 43981, "10.1.2.3", 40002, TcpState.CloseWait, 0UL, 1UL, TimerKind.Off, 0UL, 0UL, 31349UL)]
    [InlineData(7, "127.0.0.1", 8082, "127.0.0.1", 0x88C4, TcpState.Established, 0UL, 0UL, TimerKind.Off, 0UL, 0UL, 0UL)]
    [InlineData(8, "127.0.0.1", 8081, "127.0.0.1", 0xA668, TcpState.SynRecv, 0UL, 0UL, TimerKind.On, 0xB6UL, 1UL, 0UL)]
    [InlineData(9, "10.1.2.3", 40001, "10.1.2.3", 43981, TcpState.Established, 0UL, 5UL, TimerKind.Keepalive, 0xAFB71UL, 0UL, 31346UL)]
    [InlineData(10, "10.1.2.3", 40002, "10.1.2.3", 43981, TcpState.FinWait2, 0UL, 0UL, TimerKind.Off, 0UL, 0UL, 31348UL)]
    [InlineData(11, "10.1.2.3", 40003, "10.1.2.3", 43981, TcpState.TimeWait, 0UL, 0UL, TimerKind.TimeWait, 0x166BUL, 0UL, 0UL)]
    [InlineData(12, "10.1.2.3", 40004, "10.1.2.3", 43981, TcpState.FinWait1, 0x7FE6UL, 0UL, TimerKind.On, 0x44UL, 0UL, 31352UL)]
    [InlineData(13, "10.1.2.3", 40005, "10.1.2.3", 43981, TcpState.FinWait2, 0UL, 0x1000UL, TimerKind.Off, 0UL, 0UL, 31372UL)]
    [InlineData(14, "10.1.2.3", 40006, "10.1.2.3", 43981, TcpState.Closing, 0x7FE6UL, 1UL, TimerKind.On, 6UL, 0UL, 31399UL)]
    [InlineData(17, "10.1.2.3", 43981, "10.1.2.3", 40005, TcpState.LastAck, 0x2001UL, 1UL, TimerKind.Probe, 0x64UL, 0UL, 31373UL)]
    [InlineData(19, "127.0.0.1", 0x88D0, "127.0.0.1", 8082, TcpState.SynSent, 1UL, 0UL, TimerKind.On, 0UL, 0UL, 32808UL)]
    [InlineData(21, "10.1.2.3", 43981, "10.1.2.3", 40004, TcpState.Established, 0UL, 0x2000UL, TimerKind.Off, 0UL, 0UL, 31353UL)]
    public void Tcp_capture_fields_match_the_kernel_line(int line, string local, int localPort, string remote, int remotePort,
        TcpState state, ulong sendQueue, ulong recvQueue, TimerKind timer, ulong ticks, ulong retransmits, ulong inode)
    {
        SocketEntry entry = Fixture.ParseInet("proc-basic/net/tcp", SocketTables.Tcp4).Entries[line - 1];

        Assert.Equal(local, entry.Local.Address.ToString());
        Assert.Equal(localPort, entry.Local.Port);
        Assert.Equal(remote, entry.Remote.Address.ToString());
        Assert.Equal(remotePort, entry.Remote.Port);
        Assert.Equal(state, entry.TcpState);
        Assert.Equal((byte)state, entry.RawState);
        Assert.Equal(sendQueue, entry.SendQueue);
        Assert.Equal(recvQueue, entry.RecvQueue);
        Assert.Equal(timer, entry.Timer);
        Assert.Equal(ticks, entry.TimerTicks);
        Assert.Equal(retransmits, entry.Retransmits);
        Assert.Equal(0u, entry.Uid);
        Assert.Equal(0, entry.Probes);
        Assert.Equal(inode, entry.Inode);
    }

    [Fact]
    public void Tcp_capture_contains_every_state_the_kernel_shows()
    {
        HashSet<TcpState> states = [.. Fixture.ParseInet("proc-basic/net/tcp", SocketTables.Tcp4).Entries.Select(e => e.TcpState)];

        TcpState[] expected =
        [
            TcpState.Established, TcpState.SynSent, TcpState.SynRecv, TcpState.FinWait1, TcpState.FinWait2,
            TcpState.TimeWait, TcpState.CloseWait, TcpState.LastAck, TcpState.Listen, TcpState.Closing,
        ];
        Assert.Equal(expected.Order(), states.Order());
    }

    [Fact]
    public void Addresses_are_read_as_little_endian_words_not_as_big_endian_text()
    {
        // "0302010A" is 10.1.2.3 on a little-endian kernel; reading the hex as written would give 3.2.1.10.
        SocketEntry listener = Fixture.ParseInet("proc-basic/net/tcp", SocketTables.Tcp4).Entries[3];

        Assert.Equal("10.1.2.3", listener.Local.Address.ToString());
        Span<byte> bytes = stackalloc byte[16];
        Assert.Equal(4, listener.Local.Address.WriteBytes(bytes));
        Assert.Equal(new byte[] { 10, 1, 2, 3 }, bytes[..4].ToArray());
    }

    [Theory]
    // line, local, local port, remote, remote port, state, inode
    [InlineData(1, "::", 8443, "::", 0, TcpState.Listen, 32809UL)]
    [InlineData(2, "2001:db8::1:0:0:1", 22, "::", 0, TcpState.Listen, 32814UL)]
    [InlineData(3, "::ffff:127.0.0.1", 8443, "::ffff:127.0.0.1", 54522, TcpState.Established, 32813UL)]
    [InlineData(4, "::1", 41374, "::1", 8443, TcpState.Established, 32810UL)]
    [InlineData(5, "::1", 8443, "::1", 41374, TcpState.Established, 32811UL)]
    public void Tcp6_capture_fields_match_the_kernel_line(int line, string local, int localPort, string remote, int remotePort,
        TcpState state, ulong inode)
    {
        ParsedTable table = Fixture.ParseInet("proc-basic/net/tcp6", SocketTables.Tcp6);
        Assert.Equal(5, table.Entries.Count);
        Assert.Equal(0, table.Problems.Count);
        SocketEntry entry = table.Entries[line - 1];

        Assert.Equal(Protocol.Tcp, entry.Protocol);
        Assert.Equal(Family.Inet6, entry.Family);
        Assert.True(entry.Local.Address.IsV6);
        Assert.Equal(local, entry.Local.Address.ToString());
        Assert.Equal(localPort, entry.Local.Port);
        Assert.Equal(remote, entry.Remote.Address.ToString());
        Assert.Equal(remotePort, entry.Remote.Port);
        Assert.Equal(state, entry.TcpState);
        Assert.Equal(inode, entry.Inode);
    }

    [Fact]
    public void Tcp6_v4_mapped_peer_is_recognised_and_unwraps_to_the_ipv4_address()
    {
        SocketEntry entry = Fixture.ParseInet("proc-basic/net/tcp6", SocketTables.Tcp6).Entries[2];

        Assert.True(entry.Remote.Address.IsV4Mapped);
        Assert.Equal("127.0.0.1", entry.Remote.Address.MappedV4.ToString());
        Assert.False(entry.Remote.Address.MappedV4.IsV6);
        Assert.False(Fixture.ParseInet("proc-basic/net/tcp6", SocketTables.Tcp6).Entries[3].Remote.Address.IsV4Mapped);
    }

    [Fact]
    public void Udp_capture_bound_and_connected()
    {
        ParsedTable table = Fixture.ParseInet("proc-basic/net/udp", SocketTables.Udp4);

        Assert.Equal(0, table.Problems.Count);
        Assert.Equal(2, table.Entries.Count);
        SocketEntry bound = table.Entries[0];
        Assert.Equal(Protocol.Udp, bound.Protocol);
        Assert.Equal(Family.Inet, bound.Family);
        Assert.Equal(new Endpoint(InetAddress.AnyV4, 53), bound.Local);
        Assert.True(bound.Remote.Address.IsUnspecified);
        Assert.Equal(0, bound.Remote.Port);
        Assert.Equal(7, bound.RawState); // TCP_CLOSE: an unconnected datagram socket
        Assert.Equal(0x340UL, bound.RecvQueue); // one datagram queued, counted as its buffer's true size
        Assert.Equal(32815UL, bound.Inode);

        SocketEntry connected = table.Entries[1];
        Assert.Equal("10.1.2.3", connected.Local.Address.ToString());
        Assert.Equal(5353, connected.Local.Port);
        Assert.Equal("10.1.2.3", connected.Remote.Address.ToString());
        Assert.Equal(53, connected.Remote.Port);
        Assert.Equal(1, connected.RawState);
        Assert.Equal(32816UL, connected.Inode);
    }

    [Fact]
    public void Udp6_capture_bound_and_connected()
    {
        ParsedTable table = Fixture.ParseInet("proc-basic/net/udp6", SocketTables.Udp6);

        Assert.Equal(0, table.Problems.Count);
        Assert.Equal(2, table.Entries.Count);
        Assert.All(table.Entries, e => Assert.Equal(Family.Inet6, e.Family));
        Assert.Equal("::", table.Entries[0].Local.Address.ToString());
        Assert.True(table.Entries[0].Local.Address.IsV6);
        Assert.Equal(123, table.Entries[0].Local.Port);
        Assert.Equal(7, table.Entries[0].RawState);
        Assert.Equal(32817UL, table.Entries[0].Inode);

        Assert.Equal("::1", table.Entries[1].Local.Address.ToString());
        Assert.Equal(40123, table.Entries[1].Local.Port);
        Assert.Equal("::1", table.Entries[1].Remote.Address.ToString());
        Assert.Equal(123, table.Entries[1].Remote.Port);
        Assert.Equal(1, table.Entries[1].RawState);
        Assert.Equal(32818UL, table.Entries[1].Inode);
    }

    [Fact]
    public void Raw_capture_reports_the_protocol_number_as_the_port()
    {
        SocketEntry icmp = Assert.Single(Fixture.ParseInet("proc-basic/net/raw", SocketTables.Raw4).Entries);
        Assert.Equal(Protocol.Raw, icmp.Protocol);
        Assert.Equal(Family.Inet, icmp.Family);
        Assert.Equal(1, icmp.Local.Port); // IPPROTO_ICMP
        Assert.Equal("0.0.0.0", icmp.Local.Address.ToString());
        Assert.Equal(7, icmp.RawState);
        Assert.Equal(32819UL, icmp.Inode);

        SocketEntry icmp6 = Assert.Single(Fixture.ParseInet("proc-basic/net/raw6", SocketTables.Raw6).Entries);
        Assert.Equal(Protocol.Raw, icmp6.Protocol);
        Assert.Equal(Family.Inet6, icmp6.Family);
        Assert.Equal(58, icmp6.Local.Port); // IPPROTO_ICMPV6
        Assert.Equal("::", icmp6.Local.Address.ToString());
        Assert.Equal(32820UL, icmp6.Inode);
    }

    [Theory]
    [InlineData("proc-basic/net/udplite", SocketTables.UdpLite4)] // captured: the kernel prints only the header
    [InlineData("proc-basic/net/udplite6", SocketTables.UdpLite6)]
    [InlineData("edge/empty", SocketTables.Tcp4)]
    public void Empty_and_header_only_files_give_no_entries_and_no_problems(string file, SocketTables table)
    {
        Assert.True(Fixture.Bytes(file).Length < 200);
        ParsedTable parsed = Fixture.ParseInet(file, table);

        Assert.Empty(parsed.Entries);
        Assert.Equal(0, parsed.Problems.Count);
        Assert.Empty(parsed.Notes);
    }

    [Fact]
    public void Malformed_lines_become_warnings_and_the_good_lines_around_them_still_parse()
    {
        ParsedTable table = Fixture.ParseInet("edge/malformed-tcp", SocketTables.Tcp4);

        // Good: line 1 (listener), line 3 (keepalive connection), line 9 (TIME_WAIT, last line).
        Assert.Equal([31345UL, 31346UL, 0UL], table.Entries.Select(e => e.Inode));
        Assert.Equal(TcpState.Listen, table.Entries[0].TcpState);
        Assert.Equal(TcpState.Established, table.Entries[1].TcpState);
        Assert.Equal(TcpState.TimeWait, table.Entries[2].TcpState);
        Assert.Equal(40003, table.Entries[2].Local.Port);

        // Lines are numbered with the header as line 0; the blank and whitespace-only lines (5, 6) are not problems.
        Assert.Equal(4, table.Problems.Count);
        Assert.Equal(4, table.Notes.Count);
        Assert.All(table.Notes, n => Assert.Equal(SourceNoteKind.Warning, n.Kind));
        Assert.StartsWith("edge/malformed-tcp line 2: bad local address; line skipped: \"1: 0100007G:1F90", table.Notes[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("edge/malformed-tcp line 4: bad tr:tm->when; line skipped: \"3: 0100007F:1F90 00000000:0000 0A 00000000:00000000\"", table.Notes[1].Message, StringComparison.Ordinal);
        Assert.Equal("edge/malformed-tcp line 7: bad remote address; line skipped: \"4: 0302010A:AB\"", table.Notes[2].Message);
        Assert.StartsWith("edge/malformed-tcp line 8: expected a slot number ending in ':'", table.Notes[3].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0: 0100007F:1F90 00000000:0000 0A", "bad tx_queue:rx_queue")]
    [InlineData("0: 0100007F:1F90 00000000:0000 ZZ 00000000:00000000 00:00000000 00000000 0 0 1", "bad state")]
    [InlineData("0: 0100007F:1F90 00000000:0000 100 00000000:00000000 00:00000000 00000000 0 0 1", "bad state")]
    [InlineData("0: 0100007F:1F90 00000000:0000 0A 00000000 00:00000000 00000000 0 0 1", "bad tx_queue:rx_queue")]
    [InlineData("0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 100:00000000 00000000 0 0 1", "bad tr:tm->when")]
    [InlineData("0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 xyz 0 0 1", "bad retrnsmt")]
    [InlineData("0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 -1 0 1", "bad uid")]
    [InlineData("0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 4294967296 0 1", "bad uid")]
    [InlineData("0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 x 1", "bad timeout")]
    [InlineData("0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0", "bad inode")]
    [InlineData("0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 12a", "bad inode")]
    [InlineData("0: 0100007F:10000 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1", "bad local address")]
    [InlineData("0: 0100007F 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1", "bad local address")]
    [InlineData("0: 00000000000000000000000001000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1", "bad local address")]
    [InlineData("0: 0100007F:1F90 00000000: 0A 00000000:00000000 00:00000000 00000000 0 0 1", "bad remote address")]
    public void Each_bad_field_is_named_in_the_note(string line, string reason)
    {
        const string Good = "   1: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0000000000000000 100 0 0 10 0";
        ParsedTable table = Fixture.ParseInetText($"header\n{line}\n{Good}\n", SocketTables.Tcp4, "/proc/net/tcp");

        SocketEntry good = Assert.Single(table.Entries);
        Assert.Equal(4242UL, good.Inode);
        Assert.Equal(1000u, good.Uid);
        SourceNote note = Assert.Single(table.Notes);
        Assert.Equal(SourceNoteKind.Warning, note.Kind);
        Assert.StartsWith($"/proc/net/tcp line 1: {reason}; line skipped:", note.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ipv4_lines_in_an_ipv6_table_are_rejected_not_misread()
    {
        string text = File.ReadAllText(Fixture.PathOf("proc-basic/net/tcp"));
        ParsedTable table = Fixture.ParseInetText(text, SocketTables.Tcp6);

        Assert.Empty(table.Entries);
        Assert.Equal(21, table.Problems.Count);
        Assert.All(table.Notes.Take(5), n => Assert.Contains(": bad local address;", n.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void More_than_five_bad_lines_are_summarised_in_one_extra_note()
    {
        ParsedTable table = Fixture.ParseInet("edge/many-malformed-tcp", SocketTables.Tcp4);

        Assert.Equal(31345UL, Assert.Single(table.Entries).Inode);
        Assert.Equal(7, table.Problems.Count);
        Assert.Equal(6, table.Notes.Count);
        for (int i = 0; i < 5; i++)
            Assert.Contains($"line {i + 1}: bad local address; line skipped: \"{i}: garbage line {i}\"", table.Notes[i].Message, StringComparison.Ordinal);
        Assert.Equal("edge/many-malformed-tcp: 2 more malformed lines skipped", table.Notes[5].Message);
        Assert.Equal(SourceNoteKind.Warning, table.Notes[5].Kind);
    }

    [Fact]
    public void Very_long_lines_parse_and_long_bad_lines_are_quoted_truncated()
    {
        ParsedTable table = Fixture.ParseInet("edge/long-lines-tcp", SocketTables.Tcp4);

        Assert.True(Fixture.Bytes("edge/long-lines-tcp").Length > 9000);
        Assert.Equal([31346UL, 31345UL], table.Entries.Select(e => e.Inode));
        Assert.Equal(5UL, table.Entries[0].RecvQueue);
        SourceNote note = Assert.Single(table.Notes);
        // The first 120 bytes of the line, trimmed: "  99: " then 114 Z's.
        Assert.EndsWith($"line 2: bad local address; line skipped: \"99: {new string('Z', 114)}\"", note.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Last_line_without_a_newline_is_still_read()
    {
        byte[] bytes = Fixture.Bytes("edge/no-trailing-newline-tcp");
        Assert.NotEqual((byte)'\n', bytes[^1]);

        ParsedTable table = Fixture.ParseInet("edge/no-trailing-newline-tcp", SocketTables.Tcp4);

        Assert.Equal(0, table.Problems.Count);
        Assert.Equal(2, table.Entries.Count);
        Assert.Equal(TcpState.TimeWait, table.Entries[1].TcpState);
        Assert.Equal(0x166BUL, table.Entries[1].TimerTicks);
    }

    [Fact]
    public void Lower_case_hex_is_accepted()
    {
        ParsedTable table = Fixture.ParseInetText(
            "h\n 0: 0302010a:abcd 0302010a:9c41 0a 0000000a:0000000b 0a:000000ff 0000000c 0 0 99\n", SocketTables.Tcp4);

        SocketEntry entry = Assert.Single(table.Entries);
        Assert.Equal(43981, entry.Local.Port);
        Assert.Equal(40001, entry.Remote.Port);
        Assert.Equal(10UL, entry.SendQueue);
        Assert.Equal(11UL, entry.RecvQueue);
        Assert.Equal((TimerKind)10, entry.Timer);
        Assert.Equal(255UL, entry.TimerTicks);
        Assert.Equal(12UL, entry.Retransmits);
    }

    [Fact]
    public void Endpoint_parser_handles_both_families_and_rejects_wrong_lengths()
    {
        Assert.True(ProcNetInetParser.TryParseEndpoint("0100007F:0016"u8, Family.Inet, out Endpoint v4));
        Assert.Equal("127.0.0.1", v4.Address.ToString());
        Assert.Equal(22, v4.Port);

        Assert.True(ProcNetInetParser.TryParseEndpoint("0000000000000000FFFF00000100007F:FFFF"u8, Family.Inet6, out Endpoint v6));
        Assert.Equal("::ffff:127.0.0.1", v6.Address.ToString());
        Assert.Equal(65535, v6.Port);

        Assert.False(ProcNetInetParser.TryParseEndpoint("0100007F:0016"u8, Family.Inet6, out _));
        Assert.False(ProcNetInetParser.TryParseEndpoint("00000000000000000000000001000000:0016"u8, Family.Inet, out _));
        Assert.False(ProcNetInetParser.TryParseEndpoint("0100007F:"u8, Family.Inet, out _));
        Assert.False(ProcNetInetParser.TryParseEndpoint(":0016"u8, Family.Inet, out _));
        Assert.False(ProcNetInetParser.TryParseEndpoint("0100007F:10000"u8, Family.Inet, out _));
        Assert.False(ProcNetInetParser.TryParseEndpoint("0100 07F:0016"u8, Family.Inet, out _));
    }
}
