using Netstate.Cli.Rendering;
using Netstate.Core.Model;
using Netstate.Core.Names;
using Netstate.Core.Platform.Linux.Names;
using static Netstate.Cli.Tests.TestSockets;

namespace Netstate.Cli.Tests;

/// <summary>
/// Rows and headers byte for byte. Each expected string follows netstat.c's printf formats:
/// tcp_do_one  "%-4s  %6ld %6ld %-*s %-*s %-11s" (address columns max(23, length) wide),
/// udp_do_one  "%-5s %6ld %6ld %-23s %-23s %-11s",
/// raw_do_one  "%-4s  %6ld %6ld %-23s %-23s %-11d",
/// finish_this_one " %-10s " + "%-10lu" (-e), " %-20s" (-p), " %s" (-o), then '\n',
/// unix_do_one "%-5s %-6ld %-11s %-10s %-13s " + "%-8lu" + " %-20s" (-p) + " %s\n".
/// </summary>
public sealed class NetstatTableRendererTests
{
    private const string Listen22 = "tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN     ";

    // ---- tcp ----

    [Fact]
    public void Tcp_listener_on_all_v4_addresses()
    {
        Assert.Equal(Listen22 + "\n", Row(Tcp("0.0.0.0", 22, "0.0.0.0", 0, TcpState.Listen)));
    }

    [Fact]
    public void Tcp_established_v4_pair_prints_recv_then_send_queue()
    {
        SocketEntry entry = Inet(Protocol.Tcp, "192.168.1.10", 22, "203.0.113.5", 51234, (byte)TcpState.Established, recvQueue: 0, sendQueue: 36);
        Assert.Equal("tcp        0     36 192.168.1.10:22         203.0.113.5:51234       ESTABLISHED\n", Row(entry));
    }

    [Fact]
    public void Queues_wider_than_six_digits_push_the_row_right()
    {
        SocketEntry entry = Inet(Protocol.Tcp, "127.0.0.1", 631, "0.0.0.0", 0, (byte)TcpState.Listen, recvQueue: 12345678);
        Assert.Equal("tcp   12345678      0 127.0.0.1:631           0.0.0.0:*               LISTEN     \n", Row(entry));
    }

    [Fact]
    public void Tcp6_listener_on_all_v6_addresses_is_three_colons_numerically()
    {
        Assert.Equal("tcp6       0      0 :::22                   :::*                    LISTEN     \n",
            Row(Tcp("::", 22, "::", 0, TcpState.Listen)));
    }

    [Fact]
    public void Unspecified_addresses_read_as_netstat_names_them_when_hosts_are_resolved()
    {
        // INET_rresolve gives "0.0.0.0" for INADDR_ANY with a host netmask; INET6_rresolve "[::]".
        var hosts = new HostNameResolver();
        Assert.Equal("tcp6       0      0 [::]:22                 [::]:*                  LISTEN     \n",
            Row(Tcp("::", 22, "::", 0, TcpState.Listen), hosts: hosts));
        Assert.Equal(Listen22 + "\n", Row(Tcp("0.0.0.0", 22, "0.0.0.0", 0, TcpState.Listen), hosts: hosts));
    }

    [Fact]
    public void Ipv4_mapped_v6_addresses_show_as_ipv4_on_a_tcp6_row()
    {
        SocketEntry entry = Tcp("::ffff:127.0.0.1", 8080, "::ffff:127.0.0.1", 41234, TcpState.Established);
        Assert.Equal("tcp6       0      0 127.0.0.1:8080          127.0.0.1:41234         ESTABLISHED\n", Row(entry));
    }

    [Fact]
    public void Port_0_is_a_star_on_either_side()
    {
        SocketEntry entry = Inet(Protocol.Udp, "0.0.0.0", 0, "0.0.0.0", 0, (byte)TcpState.Close);
        Assert.Equal("udp        0      0 0.0.0.0:*               0.0.0.0:*                          \n", Row(entry));
    }

    [Theory]
    [InlineData(TcpState.Unknown, "")]
    [InlineData(TcpState.Established, "ESTABLISHED")]
    [InlineData(TcpState.SynSent, "SYN_SENT")]
    [InlineData(TcpState.SynRecv, "SYN_RECV")]
    [InlineData(TcpState.FinWait1, "FIN_WAIT1")]
    [InlineData(TcpState.FinWait2, "FIN_WAIT2")]
    [InlineData(TcpState.TimeWait, "TIME_WAIT")]
    [InlineData(TcpState.Close, "CLOSE")]
    [InlineData(TcpState.CloseWait, "CLOSE_WAIT")]
    [InlineData(TcpState.LastAck, "LAST_ACK")]
    [InlineData(TcpState.Listen, "LISTEN")]
    [InlineData(TcpState.Closing, "CLOSING")]
    public void Tcp_states_use_netstats_names_in_an_11_wide_column(TcpState state, string name)
    {
        string row = Row(Tcp("10.0.0.1", 22, "10.0.0.2", 40000, state));
        Assert.Equal("tcp        0      0 10.0.0.1:22             10.0.0.2:40000          " + name.PadRight(11) + "\n", row);
    }

    // ---- addr_do_one: 22 characters for address and port without -W ----

    [Theory]
    // 38 + 5 > 22: the port keeps its 5, the address gets 17.
    [InlineData("2001:db8:1234:5678:9abc:def0:1234:5678", (ushort)54321, "2001:db8:1234:567:54321")]
    // 19 + 3 = 22: fits, nothing cut (23 characters with the colon).
    [InlineData("2001:db8:aaaa::bbbb", (ushort)443, "2001:db8:aaaa::bbbb:443")]
    // 19 + 4 = 23: one too many, the address loses its last character.
    [InlineData("2001:db8:aaaa::bbbb", (ushort)4433, "2001:db8:aaaa::bbb:4433")]
    // 18 + 5 = 23.
    [InlineData("fe80::1234:5678:9a", (ushort)65535, "fe80::1234:5678:9:65535")]
    public void Without_W_address_and_port_are_cut_to_22_characters_keeping_the_port(string address, ushort port, string expected)
    {
        string row = Row(Tcp(address, port, "::", 0, TcpState.Listen));
        Assert.Equal("tcp6       0      0 " + expected.PadRight(23) + " :::*                    LISTEN     \n", row);
    }

    [Fact]
    public void A_truncated_address_pair_on_tcp6()
    {
        SocketEntry entry = Tcp("2001:db8:1234:5678:9abc:def0:1234:5678", 54321, "2001:db8::1", 443, TcpState.Established);
        Assert.Equal("tcp6       0      0 2001:db8:1234:567:54321 2001:db8::1:443         ESTABLISHED\n", Row(entry));
    }

    [Fact]
    public void A_truncated_address_pair_on_udp6()
    {
        SocketEntry entry = Inet(Protocol.Udp, "2001:db8:1234:5678:9abc:def0:1234:5678", 54321, "2001:db8::1", 443, (byte)TcpState.Established);
        Assert.Equal("udp6       0      0 2001:db8:1234:567:54321 2001:db8::1:443         ESTABLISHED\n", Row(entry));
    }

    [Fact]
    public void A_long_service_name_keeps_18_characters_and_the_address_the_other_4()
    {
        ServiceNames services = ServiceNames.Parse("averyveryverylongservicename 5000/tcp\n", "");
        SocketEntry entry = Tcp("10.0.0.1", 5000, "10.0.0.2", 5000, TcpState.Established);
        Assert.Equal("tcp        0      0 10.0:averyveryverylongs 10.0:averyveryverylongs ESTABLISHED\n", Row(entry, services: services));
    }

    [Fact]
    public void A_short_address_with_a_long_service_name_is_not_padded_out()
    {
        // strncpy stops at the end of "::1": 3 + 1 + 18 = 22 characters.
        ServiceNames services = ServiceNames.Parse("averyveryverylongservicename 5000/tcp\n", "");
        SocketEntry entry = Tcp("::1", 5000, "::", 0, TcpState.Listen);
        Assert.Equal("tcp6       0      0 ::1:averyveryverylongs  :::*                    LISTEN     \n", Row(entry, services: services));
    }

    [Fact]
    public void With_W_nothing_is_cut_and_the_tcp_column_grows()
    {
        SocketEntry entry = Tcp("2001:db8:1234:5678:9abc:def0:1234:5678", 54321, "2001:db8::1", 443, TcpState.Established);
        Assert.Equal("tcp6       0      0 2001:db8:1234:5678:9abc:def0:1234:5678:54321 2001:db8::1:443         ESTABLISHED\n",
            Row(entry, wide: true));
    }

    [Fact]
    public void With_W_nothing_is_cut_and_the_udp_column_grows()
    {
        SocketEntry entry = Inet(Protocol.Udp, "2001:db8:1234:5678:9abc:def0:1234:5678", 54321, "2001:db8::1", 443, (byte)TcpState.Established);
        Assert.Equal("udp6       0      0 2001:db8:1234:5678:9abc:def0:1234:5678:54321 2001:db8::1:443         ESTABLISHED\n",
            Row(entry, wide: true));
    }

    [Fact]
    public void With_W_long_service_names_are_kept_whole()
    {
        ServiceNames services = ServiceNames.Parse("averyveryverylongservicename 5000/tcp\n", "");
        SocketEntry entry = Tcp("10.0.0.1", 5000, "10.0.0.2", 5000, TcpState.Established);
        Assert.Equal("tcp        0      0 10.0.0.1:averyveryverylongservicename 10.0.0.2:averyveryverylongservicename ESTABLISHED\n",
            Row(entry, wide: true, services: services));
    }

    [Fact]
    public void Service_names_come_from_the_table_of_the_protocol()
    {
        ServiceNames services = ServiceNames.Parse("ssh 22/tcp\ndomain 53/udp\n", "icmp 1 ICMP\n");
        Assert.Equal("tcp        0      0 0.0.0.0:ssh             0.0.0.0:*               LISTEN     \n",
            Row(Tcp("0.0.0.0", 22, "0.0.0.0", 0, TcpState.Listen), services: services));
        Assert.Equal("udp        0      0 0.0.0.0:53              0.0.0.0:*                          \n",
            Row(Inet(Protocol.Udp, "0.0.0.0", 53, "0.0.0.0", 0, (byte)TcpState.Close), services: ServiceNames.Parse("domain 53/tcp\n", "")));
        Assert.Equal("udp        0      0 0.0.0.0:domain          0.0.0.0:*                          \n",
            Row(Inet(Protocol.Udp, "0.0.0.0", 53, "0.0.0.0", 0, (byte)TcpState.Close), services: services));
        Assert.Equal("raw        0      0 0.0.0.0:icmp            0.0.0.0:*               7          \n",
            Row(Inet(Protocol.Raw, "0.0.0.0", 1, "0.0.0.0", 0, 7), services: services));
        // udp_do_one passes "udp" to addr_do_one for UDP-Lite too.
        Assert.Equal("udpl       0      0 0.0.0.0:domain          0.0.0.0:*                          \n",
            Row(Inet(Protocol.UdpLite, "0.0.0.0", 53, "0.0.0.0", 0, (byte)TcpState.Close), services: services));
    }

    // ---- -e, -p ----

    [Fact]
    public void Extend_adds_the_uid_number_and_inode_when_users_are_numeric()
    {
        SocketEntry entry = Inet(Protocol.Tcp, "0.0.0.0", 22, "0.0.0.0", 0, (byte)TcpState.Listen, uid: 1000, inode: 123456);
        Assert.Equal(Listen22 + " 1000       123456    \n", Row(entry, extend: true));
    }

    [Fact]
    public void Extend_columns_grow_for_long_values()
    {
        SocketEntry entry = Inet(Protocol.Tcp, "0.0.0.0", 22, "0.0.0.0", 0, (byte)TcpState.Listen, uid: 2000000000, inode: 123456789012);
        Assert.Equal(Listen22 + " 2000000000 123456789012\n", Row(entry, extend: true));
    }

    [Fact]
    public void Extend_falls_back_to_the_uid_number_when_it_has_no_name()
    {
        // No passwd entry: netstat prints " %-10d ".
        SocketEntry entry = Inet(Protocol.Tcp, "0.0.0.0", 22, "0.0.0.0", 0, (byte)TcpState.Listen, uid: 1999999999, inode: 17);
        Assert.Equal(Listen22 + " 1999999999 17        \n", Row(entry, extend: true, users: new UserNames()));
    }

    [Fact]
    public void Programs_shows_a_dash_when_no_process_owns_the_socket()
    {
        SocketEntry entry = Inet(Protocol.Tcp, "0.0.0.0", 22, "0.0.0.0", 0, (byte)TcpState.Listen, inode: 1134);
        Assert.Equal(Listen22 + " -                   \n", Row(entry, programs: true));
    }

    [Fact]
    public void Extend_programs_and_timers_together_in_netstats_order()
    {
        SocketEntry entry = Inet(Protocol.Tcp, "0.0.0.0", 22, "0.0.0.0", 0, (byte)TcpState.Listen, inode: 5555);
        Assert.Equal(Listen22 + " 0          5555       -                    off (0.00/0/0)\n",
            Row(entry, extend: true, programs: true, timers: true));
    }

    [Fact]
    public void Udp_rows_end_with_the_same_extend_programs_and_timer_columns()
    {
        SocketEntry entry = Inet(Protocol.Udp, "10.0.0.5", 40000, "10.0.0.1", 53, (byte)TcpState.Established,
            timer: TimerKind.Keepalive, timerTicks: 100, retransmits: 5, uid: 100, inode: 2223);
        Assert.Equal("udp        0      0 10.0.0.5:40000          10.0.0.1:53             ESTABLISHED 100        2223       -                    on2 (1.00/0/0)\n",
            Row(entry, extend: true, programs: true, timers: true));
    }

    // ---- -o ----

    [Theory]
    // tcp_do_one: each timer named, the retransmit count kept.
    [InlineData(Protocol.Tcp, 0, 0ul, 0ul, 0, "off (0.00/0/0)")]
    [InlineData(Protocol.Tcp, 0, 5000ul, 2ul, 1, "off (0.00/2/1)")]
    [InlineData(Protocol.Tcp, 1, 20ul, 1ul, 0, "on (0.20/1/0)")]
    [InlineData(Protocol.Tcp, 2, 719000ul, 0ul, 0, "keepalive (7190.00/0/0)")]
    [InlineData(Protocol.Tcp, 3, 5999ul, 0ul, 0, "timewait (59.99/0/0)")]
    [InlineData(Protocol.Tcp, 4, 150ul, 0ul, 3, "probe (1.50/0/3)")]
    [InlineData(Protocol.Tcp, 5, 1ul, 0ul, 0, "unkn-5 (0.01/0/0)")]
    [InlineData(Protocol.Tcp, 9, 29ul, 7ul, 2, "unkn-9 (0.29/7/2)")]
    // udp_do_one: retr = 0L before printing; timers 1 and 2 are "on1"/"on2".
    [InlineData(Protocol.Udp, 0, 0ul, 5ul, 0, "off (0.00/0/0)")]
    [InlineData(Protocol.Udp, 1, 100ul, 5ul, 0, "on1 (1.00/0/0)")]
    [InlineData(Protocol.Udp, 2, 250ul, 5ul, 1, "on2 (2.50/0/1)")]
    [InlineData(Protocol.Udp, 3, 10ul, 5ul, 0, "unkn-3 (0.10/0/0)")]
    [InlineData(Protocol.UdpLite, 1, 100ul, 5ul, 0, "on1 (1.00/0/0)")]
    // raw_do_one: like udp, but the retransmit count is printed as read.
    [InlineData(Protocol.Raw, 0, 0ul, 4ul, 0, "off (0.00/4/0)")]
    [InlineData(Protocol.Raw, 1, 50ul, 4ul, 0, "on1 (0.50/4/0)")]
    [InlineData(Protocol.Raw, 4, 50ul, 4ul, 0, "unkn-4 (0.50/4/0)")]
    public void Timer_texts_follow_each_protocols_format(Protocol protocol, int timer, ulong ticks, ulong retransmits, int probes, string expected)
    {
        SocketEntry entry = Inet(protocol, "10.0.0.1", 1000, "10.0.0.2", 2000, (byte)TcpState.Established,
            timer: (TimerKind)timer, timerTicks: ticks, retransmits: retransmits, probes: probes);
        string row = Row(entry, timers: true);
        Assert.EndsWith(" " + expected + "\n", row, StringComparison.Ordinal);
        Assert.Equal(79 + 1 + expected.Length + 1, row.Length);
    }

    [Fact]
    public void A_raw_row_with_timers()
    {
        SocketEntry entry = Inet(Protocol.Raw, "0.0.0.0", 1, "0.0.0.0", 0, 7, timer: TimerKind.On, timerTicks: 50, retransmits: 4);
        Assert.Equal("raw        0      0 0.0.0.0:1               0.0.0.0:*               7           on1 (0.50/4/0)\n", Row(entry, timers: true));
    }

    // ---- udp and raw ----

    [Theory]
    [InlineData(TcpState.Close, "")]
    [InlineData(TcpState.Established, "ESTABLISHED")]
    [InlineData(TcpState.Listen, "UNKNOWN")]
    [InlineData(TcpState.SynSent, "UNKNOWN")]
    [InlineData(TcpState.Unknown, "UNKNOWN")]
    public void Udp_states_are_empty_established_or_unknown(TcpState state, string expected)
    {
        string row = Row(Inet(Protocol.Udp, "10.0.0.5", 40000, "10.0.0.1", 53, (byte)state));
        Assert.Equal("udp        0      0 10.0.0.5:40000          10.0.0.1:53             " + expected.PadRight(11) + "\n", row);
    }

    [Fact]
    public void Udp_rows_for_each_protocol_name()
    {
        Assert.Equal("udp        0      0 0.0.0.0:68              0.0.0.0:*                          \n",
            Row(Inet(Protocol.Udp, "0.0.0.0", 68, "0.0.0.0", 0, (byte)TcpState.Close)));
        Assert.Equal("udp6       0      0 :::5353                 :::*                    UNKNOWN    \n",
            Row(Inet(Protocol.Udp, "::", 5353, "::", 0, (byte)TcpState.Listen)));
        Assert.Equal("udpl       0      0 0.0.0.0:9               0.0.0.0:*                          \n",
            Row(Inet(Protocol.UdpLite, "0.0.0.0", 9, "0.0.0.0", 0, (byte)TcpState.Close)));
        Assert.Equal("udpl6      0      0 :::9                    :::*                               \n",
            Row(Inet(Protocol.UdpLite, "::", 9, "::", 0, (byte)TcpState.Close)));
    }

    [Theory]
    [InlineData("0.0.0.0", (ushort)1, (byte)7, "raw        0      0 0.0.0.0:1               0.0.0.0:*               7          \n")]
    [InlineData("::", (ushort)58, (byte)10, "raw6       0      0 :::58                   :::*                    10         \n")]
    [InlineData("0.0.0.0", (ushort)255, (byte)1, "raw        0      0 0.0.0.0:255             0.0.0.0:*               1          \n")]
    [InlineData("0.0.0.0", (ushort)6, (byte)255, "raw        0      0 0.0.0.0:6               0.0.0.0:*               255        \n")]
    public void Raw_rows_print_the_state_as_a_number(string address, ushort protocolNumber, byte state, string expected)
    {
        Assert.Equal(expected, Row(Inet(Protocol.Raw, address, protocolNumber, address, 0, state)));
    }

    // ---- unix ----

    [Fact]
    public void Unix_listening_stream_with_a_path()
    {
        SocketEntry entry = Unix(2, UnixSocketInfo.AcceptConnectionsFlag, UnixSocketType.Stream, UnixSocketState.Unconnected, 12345, "/run/dbus/system_bus_socket");
        Assert.Equal("unix  2      [ ACC ]     STREAM     LISTENING     12345    /run/dbus/system_bus_socket\n", Row(entry));
    }

    [Fact]
    public void Unix_unnamed_socket_line_ends_with_one_space()
    {
        SocketEntry entry = Unix(3, 0, UnixSocketType.Stream, UnixSocketState.Connected, 67890, null);
        Assert.Equal("unix  3      [ ]         STREAM     CONNECTED     67890    \n", Row(entry));
    }

    [Fact]
    public void Unix_unconnected_without_acc_has_an_empty_state()
    {
        SocketEntry entry = Unix(2, 0, UnixSocketType.Datagram, UnixSocketState.Unconnected, 111, null);
        Assert.Equal("unix  2      [ ]         DGRAM                    111      \n", Row(entry));
    }

    [Fact]
    public void Unix_wide_values_push_the_columns()
    {
        SocketEntry entry = Unix(1234567, UnixSocketInfo.AcceptConnectionsFlag | (1 << 17) | (1 << 18), UnixSocketType.SeqPacket,
            UnixSocketState.Unconnected, 123456789, "@abstract");
        Assert.Equal("unix  1234567 [ ACC W N ] SEQPACKET  LISTENING     123456789 @abstract\n", Row(entry));
    }

    [Fact]
    public void Unix_with_programs_and_no_owner()
    {
        SocketEntry entry = Unix(2, UnixSocketInfo.AcceptConnectionsFlag, UnixSocketType.Stream, UnixSocketState.Unconnected, 12345, "/run/x");
        Assert.Equal("unix  2      [ ACC ]     STREAM     LISTENING     12345    -                    /run/x\n", Row(entry, programs: true));
    }

    [Fact]
    public void Unix_rows_ignore_extend_and_timers()
    {
        SocketEntry entry = Unix(2, 0, UnixSocketType.Stream, UnixSocketState.Connected, 5, "/a");
        Assert.Equal("unix  2      [ ]         STREAM     CONNECTED     5        /a\n", Row(entry, extend: true, timers: true));
    }

    [Theory]
    [InlineData(0ul, "[ ]")]
    [InlineData(1ul << 16, "[ ACC ]")]
    [InlineData(1ul << 17, "[ W ]")]
    [InlineData(1ul << 18, "[ N ]")]
    [InlineData((1ul << 16) | (1ul << 18), "[ ACC N ]")]
    [InlineData((1ul << 17) | (1ul << 18), "[ W N ]")]
    [InlineData(0xFFFFul, "[ ]")]
    public void Unix_flags(ulong flags, string expected)
    {
        SocketEntry entry = Unix(1, flags, UnixSocketType.Stream, UnixSocketState.Connected, 1, "/p");
        Assert.Equal("unix  1      " + expected.PadRight(11) + " STREAM     CONNECTED     1        /p\n", Row(entry));
    }

    [Theory]
    [InlineData(UnixSocketType.Stream, "STREAM")]
    [InlineData(UnixSocketType.Datagram, "DGRAM")]
    [InlineData(UnixSocketType.Raw, "RAW")]
    [InlineData(UnixSocketType.ReliableDatagram, "RDM")]
    [InlineData(UnixSocketType.SeqPacket, "SEQPACKET")]
    [InlineData((UnixSocketType)9, "UNKNOWN")]
    [InlineData((UnixSocketType)0, "UNKNOWN")]
    public void Unix_types(UnixSocketType type, string expected)
    {
        SocketEntry entry = Unix(1, 0, type, UnixSocketState.Connected, 1, "/p");
        Assert.Equal("unix  1      [ ]         " + expected.PadRight(10) + " CONNECTED     1        /p\n", Row(entry));
    }

    [Theory]
    [InlineData(UnixSocketState.Free, 0ul, "FREE")]
    [InlineData(UnixSocketState.Unconnected, 0ul, "")]
    [InlineData(UnixSocketState.Unconnected, 1ul << 16, "LISTENING")]
    [InlineData(UnixSocketState.Connecting, 0ul, "CONNECTING")]
    [InlineData(UnixSocketState.Connected, 0ul, "CONNECTED")]
    [InlineData(UnixSocketState.Connected, 1ul << 16, "CONNECTED")]
    [InlineData(UnixSocketState.Disconnecting, 0ul, "DISCONNECTING")]
    [InlineData((UnixSocketState)7, 0ul, "UNKNOWN")]
    public void Unix_states(UnixSocketState state, ulong flags, string expected)
    {
        SocketEntry entry = Unix(1, flags, UnixSocketType.Stream, state, 1, "/p");
        string row = Row(entry);
        Assert.StartsWith("unix  1      [ ", row, StringComparison.Ordinal);
        Assert.Equal(" STREAM     " + expected.PadRight(13) + " 1        /p\n", row[24..]);
    }

    [Theory]
    [InlineData("/tmp/evil\u001b[31mred", "/tmp/evil\\x1B[31mred")]
    [InlineData("/tmp/a\nunix  2 [ ACC ] STREAM LISTENING 1 /fake", "/tmp/a\\x0Aunix  2 [ ACC ] STREAM LISTENING 1 /fake")]
    [InlineData("/tmp/bell\u0007", "/tmp/bell\\x07")]
    [InlineData("/tmp/cr\rx", "/tmp/cr\\x0Dx")]
    [InlineData("/tmp/del\u007f", "/tmp/del\\x7F")]
    [InlineData("/tmp/csi\u009b2J", "/tmp/csi\\x9B2J")]
    [InlineData("/tmp/tab\there", "/tmp/tab\\x09here")]
    [InlineData("@abstract\u0000name", "@abstract\\x00name")]
    [InlineData("/tmp/café ünïcode", "/tmp/café ünïcode")]
    [InlineData("/tmp/with space", "/tmp/with space")]
    public void Unix_paths_have_control_characters_escaped(string path, string shown)
    {
        SocketEntry entry = Unix(2, 0, UnixSocketType.Stream, UnixSocketState.Connected, 99, path);
        string row = Row(entry);
        Assert.Equal("unix  2      [ ]         STREAM     CONNECTED     99       " + shown + "\n", row);
        Assert.Equal(1, row.Count(c => c == '\n'));
        Assert.DoesNotContain(row[..^1], c => c < 0x20 || c is >= '\u007f' and <= '\u009f');
    }

    // ---- headers ----

    private static string Headers(bool all, bool listening, bool extend = false, bool programs = false, bool timers = false)
    {
        using var output = new StringWriter();
        var renderer = new NetstatTableRenderer(output, new NetstatRenderOptions(all, listening, extend, programs, timers),
            new NetstatAddressText(null, null, wide: false), users: null);
        renderer.WriteInetHeader();
        renderer.WriteUnixHeader();
        return output.ToString();
    }

    private const string InetColumns = "Proto Recv-Q Send-Q Local Address           Foreign Address         State      ";
    private const string UnixColumns = "Proto RefCnt Flags       Type       State         I-Node  ";

    [Theory]
    [InlineData(false, false, "(w/o servers)")]
    [InlineData(false, true, "(only servers)")]
    [InlineData(true, false, "(servers and established)")]
    [InlineData(true, true, "(servers and established)")]
    public void Headers_name_the_selection(bool all, bool listening, string selection)
    {
        Assert.Equal(
            "Active Internet connections " + selection + "\n" + InetColumns + "\n" +
            "Active UNIX domain sockets " + selection + "\n" + UnixColumns + " Path\n",
            Headers(all, listening));
    }

    [Theory]
    [InlineData(true, false, false, " User       Inode     ", "")]
    [InlineData(false, true, false, " PID/Program name    ", " PID/Program name    ")]
    [InlineData(false, false, true, " Timer", "")]
    [InlineData(true, true, false, " User       Inode      PID/Program name    ", " PID/Program name    ")]
    [InlineData(true, false, true, " User       Inode      Timer", "")]
    [InlineData(false, true, true, " PID/Program name     Timer", " PID/Program name    ")]
    [InlineData(true, true, true, " User       Inode      PID/Program name     Timer", " PID/Program name    ")]
    public void Headers_add_columns_for_e_p_o(bool extend, bool programs, bool timers, string inetExtra, string unixExtra)
    {
        Assert.Equal(
            "Active Internet connections (servers and established)\n" + InetColumns + inetExtra + "\n" +
            "Active UNIX domain sockets (servers and established)\n" + UnixColumns + unixExtra + " Path\n",
            Headers(all: true, listening: false, extend, programs, timers));
    }

    [Fact]
    public void The_tanpeo_header_is_the_one_net_tools_prints()
    {
        // As printed by net-tools 2.10 "netstat -tanpeo".
        Assert.StartsWith(
            "Active Internet connections (servers and established)\n" +
            "Proto Recv-Q Send-Q Local Address           Foreign Address         State       User       Inode      PID/Program name     Timer\n",
            Headers(all: true, listening: false, extend: true, programs: true, timers: true), StringComparison.Ordinal);
    }
}
