using System.Text.RegularExpressions;
using Netstate.Core.Model;
using Netstate.Core.Platform.Linux;
using Netstate.Core.Platform.Linux.SockDiag;
using Netstate.Core.Platform.Linux.Sources;
using Netstate.Core.Sources;

namespace Netstate.Core.Tests;

/// <summary>
/// The sock_diag parsers on dumps recorded from the real kernel (Fixtures/sockdiag, made by
/// capture.py in a private namespace). Socket inodes come from sockets.txt; everything else
/// pinned here (addresses, ports, states, queues, backlogs, flags) is what any rerun records.
/// </summary>
public sealed partial class SockDiagRecordingTests
{
    private static ulong Ino(string name) => SockDiagRecording.Inode(name);

    private static SocketEntry Find(List<SocketEntry> entries, string local, ushort localPort, string remote, ushort remotePort)
    {
        SocketEntry[] found = [.. entries.Where(e => e.Local.Address.ToString() == local && e.Local.Port == localPort
            && e.Remote.Address.ToString() == remote && e.Remote.Port == remotePort)];
        Assert.True(found.Length == 1, $"expected one socket {local}:{localPort} -> {remote}:{remotePort}, found {found.Length}");
        return found[0];
    }

    [Theory]
    [InlineData(SockDiagRecording.Basic)]
    [InlineData(SockDiagRecording.Extended)]
    public void Every_recorded_tcp4_socket_has_its_address_state_queues_and_inode(string variant)
    {
        List<SocketEntry> tcp = SockDiagRecording.Parse(variant, SocketTables.Tcp4);

        Assert.Equal(14, tcp.Count);
        Assert.All(tcp, e =>
        {
            Assert.Equal(Protocol.Tcp, e.Protocol);
            Assert.Equal(Family.Inet, e.Family);
            Assert.False(e.Local.Address.IsV6);
            Assert.False(e.Remote.Address.IsV6);
            Assert.Equal(0u, e.Uid); // captured as root
            Assert.NotEqual(0UL, e.Cookie);
            Assert.Equal(0u, e.Interface);
            Assert.Null(e.Unix);
        });
        Assert.Equal(tcp.Count, tcp.Select(e => e.Cookie).Distinct().Count());

        // (local port, remote port) -> state, recv-q, send-q, listen backlog, timer, inode
        var expected = new (ushort Local, ushort Remote, TcpState State, ulong RecvQ, ulong SendQ, uint Backlog, TimerKind Timer, ulong Inode)[]
        {
            (8080, 0, TcpState.Listen, 0, 0, 16, TimerKind.Off, Ino("tcp4_listen_8080")),
            (8081, 0, TcpState.Listen, 0, 0, 4, TimerKind.Off, Ino("tcp4_listen_defer_8081")),
            // listen(0): the one queued connection fills the accept queue (recv-q 1), backlog 0.
            (8082, 0, TcpState.Listen, 1, 0, 0, TimerKind.Off, Ino("tcp4_listen_full_8082")),
            (40001, 8080, TcpState.Established, 5, 0, 0, TimerKind.Off, Ino("tcp4_est_client")),
            (8080, 40001, TcpState.Established, 0, 0, 0, TimerKind.Off, Ino("tcp4_est_server")),
            (40002, 8080, TcpState.FinWait2, 0, 0, 0, TimerKind.Off, Ino("tcp4_finwait2_client")),
            // The peer's FIN counts as one byte not yet read.
            (8080, 40002, TcpState.CloseWait, 1, 0, 0, TimerKind.Off, Ino("tcp4_closewait_server")),
            (40003, 8080, TcpState.TimeWait, 0, 0, 0, TimerKind.TimeWait, 0),
            // TCP_DEFER_ACCEPT keeps the request sock: SYN_RECV, no inode, SYN-ACK retransmit timer.
            (8081, 40004, TcpState.SynRecv, 0, 0, 0, TimerKind.On, 0),
            (40004, 8081, TcpState.Established, 0, 0, 0, TimerKind.Off, Ino("tcp4_defer_client")),
            // Accepted by the kernel, not yet by the program: ESTABLISHED without an inode.
            (8082, 40005, TcpState.Established, 0, 0, 0, TimerKind.Off, 0),
            (40005, 8082, TcpState.Established, 0, 0, 0, TimerKind.Off, Ino("tcp4_queued_client")),
            // The SYN itself is the one unacknowledged "byte".
            (40006, 8082, TcpState.SynSent, 0, 1, 0, TimerKind.On, Ino("tcp4_synsent_client")),
            (40012, 8443, TcpState.Established, 0, 0, 0, TimerKind.Off, Ino("tcp4_to_dual_client")),
        };
        foreach (var want in expected)
        {
            SocketEntry e = Find(tcp, "127.0.0.1", want.Local, want.Remote == 0 ? "0.0.0.0" : "127.0.0.1", want.Remote);
            string what = $"{variant} tcp4 {want.Local}->{want.Remote}";
            Assert.True(want.State == e.TcpState, $"{what}: state {e.TcpState}");
            Assert.True(want.RecvQ == e.RecvQueue, $"{what}: recv-q {e.RecvQueue}");
            Assert.True(want.SendQ == e.SendQueue, $"{what}: send-q {e.SendQueue}");
            Assert.True(want.Backlog == e.ListenBacklog, $"{what}: backlog {e.ListenBacklog}");
            Assert.True(want.Timer == e.Timer, $"{what}: timer {e.Timer}");
            Assert.True(want.Inode == e.Inode, $"{what}: inode {e.Inode}");
        }
    }

    [Fact]
    public void Timers_are_converted_from_milliseconds_to_ticks_and_only_running_ones_have_a_countdown()
    {
        List<SocketEntry> tcp = SockDiagRecording.Parse(SockDiagRecording.Basic, SocketTables.Tcp4);

        SocketEntry timeWait = Assert.Single(tcp, e => e.TcpState == TcpState.TimeWait);
        // TIME_WAIT lasts 60 s = 6000 ticks; the dump was taken well inside it.
        Assert.InRange(timeWait.TimerTicks, 5000UL, 6000UL);
        Assert.Equal(0UL, timeWait.Retransmits);
        Assert.Equal(0, timeWait.Probes);
        SocketEntry synSent = Assert.Single(tcp, e => e.TcpState == TcpState.SynSent);
        // The first SYN retransmission is due within the initial 1 s RTO.
        Assert.InRange(synSent.TimerTicks, 1UL, 100UL);
        SocketEntry synRecv = Assert.Single(tcp, e => e.TcpState == TcpState.SynRecv);
        Assert.InRange(synRecv.TimerTicks, 1UL, 100UL);
        Assert.All(tcp.Where(e => e.Timer == TimerKind.Off), e => Assert.Equal(0UL, e.TimerTicks));
        // Without extensions there is no details object at all.
        Assert.All(tcp, e => Assert.Null(e.Details));
    }

    [Theory]
    [InlineData(SockDiagRecording.Basic)]
    [InlineData(SockDiagRecording.Extended)]
    public void Tcp6_has_v6_listeners_a_loopback_pair_and_a_v4_mapped_connection(string variant)
    {
        List<SocketEntry> tcp6 = SockDiagRecording.Parse(variant, SocketTables.Tcp6);

        Assert.Equal(5, tcp6.Count);
        Assert.All(tcp6, e =>
        {
            Assert.Equal(Family.Inet6, e.Family);
            Assert.True(e.Local.Address.IsV6);
            Assert.NotEqual(0UL, e.Cookie);
        });

        SocketEntry dual = Find(tcp6, "::", 8443, "::", 0);
        Assert.Equal((TcpState.Listen, 32u, 0UL, Ino("tcp6_listen_dual_8443")), (dual.TcpState, dual.ListenBacklog, dual.SendQueue, dual.Inode));
        SocketEntry v6only = Find(tcp6, "::1", 22, "::", 0);
        Assert.Equal((TcpState.Listen, 8u, 0UL, Ino("tcp6_listen_v6only_22")), (v6only.TcpState, v6only.ListenBacklog, v6only.SendQueue, v6only.Inode));
        Assert.Equal(Ino("tcp6_est_client"), Find(tcp6, "::1", 40011, "::1", 8443).Inode);
        Assert.Equal(Ino("tcp6_est_server"), Find(tcp6, "::1", 8443, "::1", 40011).Inode);

        SocketEntry mapped = Find(tcp6, "::ffff:127.0.0.1", 8443, "::ffff:127.0.0.1", 40012);
        Assert.True(mapped.Local.Address.IsV4Mapped);
        Assert.True(mapped.Remote.Address.IsV4Mapped);
        Assert.Equal("127.0.0.1", mapped.Local.Address.MappedV4.ToString());
        Assert.Equal(TcpState.Established, mapped.TcpState);
        Assert.Equal(Ino("tcp6_mapped_server"), mapped.Inode);
    }

    [Theory]
    [InlineData(SockDiagRecording.Basic)]
    [InlineData(SockDiagRecording.Extended)]
    public void Udp_and_udplite_sockets_are_bound_or_connected_with_their_queues(string variant)
    {
        List<SocketEntry> udp4 = SockDiagRecording.Parse(variant, SocketTables.Udp4);
        List<SocketEntry> udp6 = SockDiagRecording.Parse(variant, SocketTables.Udp6);
        List<SocketEntry> lite4 = SockDiagRecording.Parse(variant, SocketTables.UdpLite4);
        List<SocketEntry> lite6 = SockDiagRecording.Parse(variant, SocketTables.UdpLite6);

        Assert.Equal(2, udp4.Count);
        SocketEntry bound = Find(udp4, "0.0.0.0", 53, "0.0.0.0", 0);
        Assert.Equal(Protocol.Udp, bound.Protocol);
        Assert.Equal(7, bound.RawState); // TCP_CLOSE: unconnected
        // One 9-byte datagram waits, counted as the memory it holds (the same number /proc/net/udp shows).
        Assert.Equal(832UL, bound.RecvQueue);
        Assert.Equal(0u, bound.ListenBacklog);
        Assert.Equal(Ino("udp4_bound_53"), bound.Inode);
        SocketEntry connected = Find(udp4, "127.0.0.1", 5353, "127.0.0.1", 53);
        Assert.Equal(((byte)1, (ulong?)0, (ulong?)0, Ino("udp4_connected_5353")), (connected.RawState, connected.RecvQueue, connected.SendQueue, connected.Inode));

        Assert.Equal(2, udp6.Count);
        Assert.Equal((7, Ino("udp6_bound_123")), (Find(udp6, "::", 123, "::", 0).RawState, Find(udp6, "::", 123, "::", 0).Inode));
        Assert.Equal((1, Ino("udp6_connected_40123")), (Find(udp6, "::1", 40123, "::1", 123).RawState, Find(udp6, "::1", 40123, "::1", 123).Inode));
        Assert.All(udp6, e => Assert.Equal((Protocol.Udp, Family.Inet6), (e.Protocol, e.Family)));

        SocketEntry lite = Assert.Single(lite4);
        Assert.Equal((Protocol.UdpLite, Family.Inet, "127.0.0.1", (ushort)4000, (byte)7, Ino("udplite4_bound_4000")),
            (lite.Protocol, lite.Family, lite.Local.Address.ToString(), lite.Local.Port, lite.RawState, lite.Inode));
        SocketEntry liteConnected = Assert.Single(lite6);
        Assert.Equal((Protocol.UdpLite, Family.Inet6, "::1", (ushort)4001, "::1", (ushort)4000, (byte)1, Ino("udplite6_connected_4001")),
            (liteConnected.Protocol, liteConnected.Family, liteConnected.Local.Address.ToString(), liteConnected.Local.Port,
             liteConnected.Remote.Address.ToString(), liteConnected.Remote.Port, liteConnected.RawState, liteConnected.Inode));

        Assert.All(udp4.Concat(udp6).Concat(lite4).Concat(lite6), e =>
        {
            Assert.NotEqual(0UL, e.Cookie);
            Assert.Equal(TimerKind.Off, e.Timer);
        });
    }

    [Theory]
    [InlineData(SockDiagRecording.Basic)]
    [InlineData(SockDiagRecording.Extended)]
    public void Unix_sockets_have_paths_abstract_names_types_states_and_the_listening_flag(string variant)
    {
        List<SocketEntry> unix = SockDiagRecording.Parse(variant, SocketTables.Unix);

        // Six sockets with a file; the unaccepted embryo has no inode and unix_diag skips those.
        Assert.Equal(6, unix.Count);
        Assert.All(unix, e =>
        {
            Assert.Equal((Protocol.Unix, Family.Unix), (e.Protocol, e.Family));
            Assert.NotNull(e.Unix);
            Assert.Null(e.Unix.RefCount); // netlink has no reference count
            Assert.NotEqual(0UL, e.Inode);
            Assert.NotEqual(0UL, e.Cookie);
            Assert.Equal(0u, e.Uid);
            Assert.Equal((byte)e.Unix.State, e.RawState);
        });
        SocketEntry ByInode(string name) => Assert.Single(unix, e => e.Inode == Ino(name));

        UnixSocketInfo listener = ByInode("unix_stream_listener").Unix!;
        Assert.Equal(("/tmp/netstate-sockdiag.sock", UnixSocketType.Stream, UnixSocketState.Unconnected, UnixSocketInfo.AcceptConnectionsFlag),
            (listener.Path, listener.Type, listener.State, listener.Flags));
        Assert.True(listener.IsListening);

        UnixSocketInfo accepted = ByInode("unix_stream_accepted").Unix!;
        Assert.Equal(("/tmp/netstate-sockdiag.sock", UnixSocketState.Connected, 0UL), (accepted.Path, accepted.State, accepted.Flags));
        Assert.Equal(3UL, ByInode("unix_stream_accepted").RecvQueue); // "abc" sent by the client, not read
        UnixSocketInfo client = ByInode("unix_stream_client").Unix!;
        Assert.Equal(((string?)null, UnixSocketState.Connected, UnixSocketType.Stream), (client.Path, client.State, client.Type));

        UnixSocketInfo abstractListener = ByInode("unix_abstract_listener").Unix!;
        Assert.Equal(("@netstate-abstract", UnixSocketState.Unconnected, UnixSocketInfo.AcceptConnectionsFlag),
            (abstractListener.Path, abstractListener.State, abstractListener.Flags));
        Assert.Equal(1UL, ByInode("unix_abstract_listener").RecvQueue); // one connection waits to be accepted

        UnixSocketInfo pending = ByInode("unix_abstract_pending_client").Unix!;
        Assert.Equal(((string?)null, UnixSocketState.Connected), (pending.Path, pending.State));

        UnixSocketInfo dgram = ByInode("unix_unnamed_dgram").Unix!;
        Assert.Equal(((string?)null, UnixSocketType.Datagram, UnixSocketState.Unconnected, 0UL), (dgram.Path, dgram.Type, dgram.State, dgram.Flags));
        Assert.False(dgram.IsListening);
    }

    [Fact]
    public void A_unix_listeners_backlog_is_not_reported_as_a_send_queue()
    {
        // For a listener unix_diag's RQLEN carries (pending connections, max backlog), as inet_diag
        // does for TCP listeners. The TCP parser keeps the backlog out of SendQueue (ListenBacklog);
        // a unix listener's SendQueue must not claim listen(5)'s 5 as unsent bytes either.
        List<SocketEntry> unix = SockDiagRecording.Parse(SockDiagRecording.Basic, SocketTables.Unix);

        SocketEntry listener = Assert.Single(unix, e => e.Inode == Ino("unix_stream_listener"));
        SocketEntry abstractListener = Assert.Single(unix, e => e.Inode == Ino("unix_abstract_listener"));
        Assert.Equal(0UL, listener.SendQueue);
        Assert.Equal(5u, listener.ListenBacklog);
        Assert.Equal(0UL, abstractListener.SendQueue);
        Assert.Equal(1u, abstractListener.ListenBacklog);
    }

    [Fact]
    public void Tcp_info_congestion_memory_and_tos_are_read_when_asked_for()
    {
        List<SocketEntry> tcp = SockDiagRecording.Parse(SockDiagRecording.Extended, SocketTables.Tcp4);

        SocketEntry client = Assert.Single(tcp, e => e.Inode == Ino("tcp4_est_client"));
        TcpDetails info = client.Details!.Tcp!;
        // This kernel (6.18) sends 280 bytes; every field netstate knows (up to 248) is inside.
        Assert.True(info.ReportedLength >= 248, $"tcp_info is {info.ReportedLength} bytes");
        Assert.Equal(TcpState.Established, info.State);
        Assert.True(info.RoundTripTime > 0, "an established connection that exchanged data has an rtt");
        Assert.True(info.RoundTripTime < 1_000_000, $"rtt {info.RoundTripTime} us on loopback");
        // Slow start grew the initial window of 10 as the pings were acknowledged; nothing was lost.
        Assert.InRange(info.CongestionWindow, 10u, 20u);
        // A connection that never sent data still has the initial window (RFC 6928: 10 segments).
        Assert.Equal(10u, tcp.Single(e => e.Inode == Ino("tcp4_defer_client")).Details!.Tcp!.CongestionWindow);
        Assert.Equal(1UL, tcp.Single(e => e.Inode == Ino("tcp4_defer_client")).Details!.Tcp!.BytesAcked); // its SYN
        // Loopback: the path MTU is capped at IP_MAX_MTU (65535), the advertised MSS is 65535 - 40
        // header bytes - 12 timestamp option bytes; the send MSS is bounded by half the peer's window.
        Assert.Equal(65535u, info.PathMtu);
        Assert.Equal(65483u, info.AdvertisedMss);
        Assert.InRange(info.SendMss, 1000u, 65483u);
        Assert.True(info.SegmentsOut > 0 && info.SegmentsIn > 0);
        Assert.Equal(12UL + 5, info.BytesReceived); // three "pong"s, then "hello" (the SYN-ACK is not counted)
        Assert.Equal(1UL + 12, info.BytesAcked); // the SYN and three "ping"s
        Assert.Equal(0u, info.TotalRetransmits);
        Assert.True((info.Options & 1) != 0, "timestamps are on for loopback connections");
        Assert.Equal(info.Retransmits, (byte)client.Retransmits);
        Assert.Equal(info.Probes, client.Probes);

        Assert.Matches(CongestionName(), client.Details.Congestion);
        Assert.NotNull(client.Details.Memory);
        Assert.True(client.Details.Memory.ReceiveBuffer > 0 && client.Details.Memory.SendBuffer > 0);
        Assert.Equal((byte)0, client.Details.TypeOfService);
        Assert.Null(client.Details.TrafficClass); // IPv4: the kernel sends TCLASS only for IPv6 sockets
        Assert.NotNull(client.Details.CgroupId);

        SocketEntry listener = Assert.Single(tcp, e => e.Inode == Ino("tcp4_listen_8080"));
        Assert.Equal(TcpState.Listen, listener.Details!.Tcp!.State);
        Assert.Equal(16u, listener.ListenBacklog);
        Assert.Equal(0UL, listener.SendQueue);

        // FIN_WAIT2 has shut down its sending side (SEND_SHUTDOWN = 2); CLOSE_WAIT got a FIN (RCV_SHUTDOWN = 1).
        Assert.Equal((byte)2, tcp.Single(e => e.Inode == Ino("tcp4_finwait2_client")).Details!.Shutdown);
        Assert.Equal((byte)1, tcp.Single(e => e.Inode == Ino("tcp4_closewait_server")).Details!.Shutdown);
        Assert.Equal((byte)0, client.Details.Shutdown);

        // TIME_WAIT and request socks carry no tcp_info, memory or congestion: a details object without them.
        foreach (SocketEntry minisock in tcp.Where(e => e.TcpState is TcpState.TimeWait or TcpState.SynRecv))
        {
            Assert.NotNull(minisock.Details);
            Assert.Null(minisock.Details.Tcp);
            Assert.Null(minisock.Details.Memory);
            Assert.Null(minisock.Details.Congestion);
        }
        // Every full socket has all three.
        Assert.All(tcp.Where(e => e.TcpState is not (TcpState.TimeWait or TcpState.SynRecv)), e =>
        {
            Assert.NotNull(e.Details!.Tcp);
            Assert.Equal(e.TcpState, e.Details.Tcp.State);
            Assert.NotNull(e.Details.Memory);
            Assert.NotNull(e.Details.Congestion);
        });
    }

    [Fact]
    public void Tcp6_extensions_include_traffic_class_and_v6only()
    {
        List<SocketEntry> tcp6 = SockDiagRecording.Parse(SockDiagRecording.Extended, SocketTables.Tcp6);

        Assert.True(tcp6.Single(e => e.Inode == Ino("tcp6_listen_v6only_22")).Details!.V6Only);
        Assert.False(tcp6.Single(e => e.Inode == Ino("tcp6_listen_dual_8443")).Details!.V6Only);
        Assert.All(tcp6, e =>
        {
            Assert.Equal((byte)0, e.Details!.TrafficClass);
            Assert.NotNull(e.Details.Tcp);
            Assert.True(e.Details.Tcp.CongestionWindow > 0);
        });
        SocketEntry mapped = tcp6.Single(e => e.Inode == Ino("tcp6_mapped_server"));
        Assert.Equal(TcpState.Established, mapped.Details!.Tcp!.State);
        Assert.True(mapped.Details.Tcp.RoundTripTime > 0);
    }

    [Fact]
    public void Udp_extensions_have_memory_but_never_tcp_info()
    {
        List<SocketEntry> udp = [.. SockDiagRecording.Parse(SockDiagRecording.Extended, SocketTables.Udp4),
            .. SockDiagRecording.Parse(SockDiagRecording.Extended, SocketTables.Udp6)];

        Assert.Equal(4, udp.Count);
        Assert.All(udp, e =>
        {
            Assert.Null(e.Details!.Tcp);
            Assert.Null(e.Details.Congestion);
            Assert.NotNull(e.Details.Memory);
        });
        SocketEntry bound = udp.Single(e => e.Inode == Ino("udp4_bound_53"));
        // The queued datagram is charged to the receive allocation: the same 832 bytes as recv-q.
        Assert.Equal(832u, bound.Details!.Memory!.ReceiveAllocated);
        Assert.True(udp.Single(e => e.Inode == Ino("udp6_bound_123")).Details!.V6Only);
    }

    [Fact]
    public void Unix_extensions_name_each_connected_peer_and_carry_memory()
    {
        List<SocketEntry> unix = SockDiagRecording.Parse(SockDiagRecording.Extended, SocketTables.Unix);

        SocketEntry client = unix.Single(e => e.Inode == Ino("unix_stream_client"));
        SocketEntry accepted = unix.Single(e => e.Inode == Ino("unix_stream_accepted"));
        Assert.Equal(accepted.Inode, client.Details!.PeerInode);
        Assert.Equal(client.Inode, accepted.Details!.PeerInode);
        Assert.Null(unix.Single(e => e.Inode == Ino("unix_unnamed_dgram")).Details!.PeerInode);
        Assert.All(unix, e => Assert.NotNull(e.Details!.Memory));
        Assert.Equal((byte)0, client.Details.Shutdown);
    }

    [Fact]
    public void Extended_and_basic_recordings_list_the_same_sockets()
    {
        foreach (SocketTables table in SockDiagRecording.Recorded.Where(t => t != SocketTables.Raw4))
        {
            string[] basic = [.. SockDiagRecording.Parse(SockDiagRecording.Basic, table).Select(Key).Order(StringComparer.Ordinal)];
            string[] ext = [.. SockDiagRecording.Parse(SockDiagRecording.Extended, table).Select(Key).Order(StringComparer.Ordinal)];
            Assert.Equal(basic, ext);
        }

        static string Key(SocketEntry e) => $"{e.Local.Address}:{e.Local.Port} {e.Remote.Address}:{e.Remote.Port} {e.RawState} {e.Inode} {e.Unix?.Path}";
    }

    [Theory]
    [InlineData(SockDiagRecording.Basic)]
    [InlineData(SockDiagRecording.Extended)]
    public void Raw4_was_answered_with_done_carrying_enoent_which_means_unsupported(string variant)
    {
        byte[] reply = SockDiagRecording.Reply(variant, SocketTables.Raw4);
        // One 20-byte NLMSG_DONE whose int payload is -ENOENT: what a kernel without raw_diag says.
        Assert.Equal([(0, 20, SockDiagLayout.NLMSG_DONE)], SockDiagRecording.Messages(reply));

        var entries = new List<SocketEntry>();
        var parser = new SockDiagReplyParser(SocketTables.Raw4, SocketDetail.None, entries);
        SockDiagException error = Assert.Throws<SockDiagException>(() => parser.Consume(reply));

        Assert.Equal(Platform.Linux.Interop.Errno.ENOENT, error.Errno);
        Assert.True(error.MeansUnsupported);
        Assert.Equal("the kernel refused the raw4 dump: ENOENT (no sock_diag handler for this protocol in this kernel)", error.Message);
        Assert.Empty(entries);
        Assert.False(parser.Done);
    }

    [Fact]
    public void Each_recording_is_one_dump_ended_by_done_with_the_sequence_number_of_its_request()
    {
        foreach (string variant in new[] { SockDiagRecording.Basic, SockDiagRecording.Extended })
        {
            foreach (SocketTables table in SockDiagRecording.Recorded)
            {
                byte[] reply = SockDiagRecording.Reply(variant, table);
                byte[] request = SockDiagRecording.Request(variant, table);
                uint sequence = BitConverter.ToUInt32(request, 8);
                var messages = SockDiagRecording.Messages(reply);
                Assert.Equal(SockDiagLayout.NLMSG_DONE, messages[^1].Type);
                Assert.All(messages.SkipLast(1), m => Assert.Equal(SockDiagLayout.SOCK_DIAG_BY_FAMILY, m.Type));
                Assert.All(messages, m => Assert.Equal(sequence, BitConverter.ToUInt32(reply, m.Start + 8)));
                Assert.True(reply.Length <= 8192, $"{variant}/{table} is {reply.Length} bytes: keep fixtures small");
            }
        }
    }

    [Theory]
    [InlineData(SockDiagRecording.Basic)]
    [InlineData(SockDiagRecording.Extended)]
    public void SockDiagRequest_builds_exactly_the_requests_the_recordings_answer(string variant)
    {
        // capture.py builds its requests independently from the kernel headers; the bytes must agree.
        var query = new SocketQuery(SocketTables.All) { Details = SockDiagRecording.DetailsOf(variant) };
        foreach (SocketTables table in SockDiagRecording.Recorded)
        {
            byte[] recorded = SockDiagRecording.Request(variant, table);
            uint sequence = BitConverter.ToUInt32(recorded, 8);

            byte[] built = SockDiagRequest.For(table, query, sequence);

            Assert.True(recorded.AsSpan().SequenceEqual(built),
                $"{variant} {table}: recorded {Convert.ToHexString(recorded)}\n built {Convert.ToHexString(built)}");
        }
    }

    [Fact]
    public void SockDiagRequest_pushes_the_tcp_state_filter_into_the_kernel_request_and_not_into_udp()
    {
        var query = new SocketQuery(SocketTables.All) { TcpStates = TcpStateSet.Of(TcpState.Listen, TcpState.TimeWait) };

        byte[] tcp = SockDiagRequest.For(SocketTables.Tcp6, query, 42);
        byte[] udp = SockDiagRequest.For(SocketTables.Udp4, query, 43);

        Assert.Equal(72, tcp.Length);
        Assert.Equal(72u, BitConverter.ToUInt32(tcp, 0));
        Assert.Equal(42u, BitConverter.ToUInt32(tcp, 8));
        Assert.Equal((1u << 10) | (1u << 6), BitConverter.ToUInt32(tcp, 16 + 4));
        Assert.Equal((byte)10, tcp[16]); // AF_INET6
        Assert.Equal(uint.MaxValue, BitConverter.ToUInt32(udp, 16 + 4));
        Assert.Equal((byte)0, udp[16 + 2]); // no extensions asked
    }

    /// <summary>
    /// The recorded dumps and /proc/net read a moment later describe the same sockets; the one
    /// difference is the kernel's: /proc/net/unix lists the unaccepted embryo (no inode), unix_diag does not.
    /// </summary>
    [Fact]
    public void The_recorded_dumps_agree_with_proc_captured_at_the_same_moment()
    {
        var proc = new ProcNetSocketSource(new ProcRoot(SockDiagRecording.ProcRoot));
        foreach (SocketTables table in SockDiagRecording.Recorded.Where(t => t != SocketTables.Raw4))
        {
            SourceResult fromProc = proc.Read(new SocketQuery(table));
            Assert.DoesNotContain(fromProc.Notes, n => n.Kind != SourceNoteKind.Served);
            List<string> procRows = [.. fromProc.Entries.Select(Row).Order(StringComparer.Ordinal)];
            List<string> netlinkRows = [.. SockDiagRecording.Parse(SockDiagRecording.Basic, table).Select(Row).Order(StringComparer.Ordinal)];
            if (table == SocketTables.Unix)
            {
                string embryo = Assert.Single(procRows, r => r.Contains(" inode=0 ", StringComparison.Ordinal));
                Assert.Equal("unix Stream Connecting flags=0 inode=0 path=@netstate-abstract", embryo);
                procRows.Remove(embryo);
            }
            Assert.Equal(procRows, netlinkRows);
        }

        static string Row(SocketEntry e) => e.Unix is { } u
            ? $"unix {u.Type} {u.State} flags={u.Flags:X} inode={e.Inode} path={u.Path}"
            : $"{e.Protocol} {e.Family} {e.Local.Address}:{e.Local.Port} {e.Remote.Address}:{e.Remote.Port} st={e.RawState} "
              + $"rq={e.RecvQueue} sq={e.SendQueue} uid={e.Uid} inode={e.Inode} timer={e.Timer}";
    }

    [Fact]
    public void Tcp_counters_take_retransmits_and_probes_from_tcp_info_without_building_details()
    {
        // Mark the first socket's tcp_info with counts no real socket here has, to see them arrive.
        byte[] reply = SockDiagRecording.Reply(SockDiagRecording.Extended, SocketTables.Tcp4);
        int info = FirstTcpInfoOffset(reply);
        (reply[info + 2], reply[info + 3]) = (7, 9);

        var entries = new List<SocketEntry>();
        Assert.True(new SockDiagReplyParser(SocketTables.Tcp4, SocketDetail.TcpCounters, entries).Consume(reply));
        var full = new List<SocketEntry>();
        Assert.True(new SockDiagReplyParser(SocketTables.Tcp4, SocketDetail.TcpInfo, full).Consume(reply));

        Assert.Equal(7ul, entries[0].Retransmits);
        Assert.Equal(9, entries[0].Probes);
        Assert.All(entries, e => Assert.Null(e.Details));
        Assert.Equal(full.Select(e => (e.Retransmits, e.Probes)), entries.Select(e => (e.Retransmits, e.Probes)));
    }

    [Fact]
    public void Tcp_figures_keep_rtt_and_byte_counts_of_tcp_info_without_building_details()
    {
        byte[] reply = SockDiagRecording.Reply(SockDiagRecording.Extended, SocketTables.Tcp4);
        int info = FirstTcpInfoOffset(reply);
        (reply[info + 2], reply[info + 3]) = (7, 9);
        BitConverter.TryWriteBytes(reply.AsSpan(info + 68), 123_456u);
        BitConverter.TryWriteBytes(reply.AsSpan(info + 120), 0x1_0000_0001UL);
        BitConverter.TryWriteBytes(reply.AsSpan(info + 128), 0x2_0000_0002UL);

        var lean = new List<SocketEntry>();
        Assert.True(new SockDiagReplyParser(SocketTables.Tcp4, SocketDetail.TcpFigures, lean).Consume(reply));
        var full = new List<SocketEntry>();
        Assert.True(new SockDiagReplyParser(SocketTables.Tcp4, SocketDetail.TcpInfo | SocketDetail.TcpFigures, full).Consume(reply));

        Assert.Equal(new TcpFigures(123_456, 0x1_0000_0001UL, 0x2_0000_0002UL), lean[0].TcpFigures);
        Assert.Equal((7ul, 9), (lean[0].Retransmits, lean[0].Probes));
        Assert.All(lean, e => Assert.Null(e.Details));
        // The same figures as a whole tcp_info gives, socket by socket; none where there is no tcp_info (TIME_WAIT).
        Assert.Equal(full.Select(e => e.Details?.Tcp is { } tcp ? TcpFigures.Of(tcp) : null), lean.Select(e => e.TcpFigures));
        Assert.Contains(lean, e => e.TcpFigures is null && e.TcpState == TcpState.TimeWait);
        Assert.Equal(full.Select(e => e.TcpFigures), lean.Select(e => e.TcpFigures));
        // Not asked for: none.
        var basic = new List<SocketEntry>();
        Assert.True(new SockDiagReplyParser(SocketTables.Tcp4, SocketDetail.TcpCounters, basic).Consume(reply));
        Assert.All(basic, e => Assert.Null(e.TcpFigures));
    }

    /// <summary>Where the INET_DIAG_INFO payload of the first message starts in a reply.</summary>
    private static int FirstTcpInfoOffset(byte[] reply)
    {
        int offset = SockDiagLayout.HeaderSize + SockDiagLayout.InetMessageSize;
        int end = (int)BitConverter.ToUInt32(reply, 0);
        while (offset + 4 <= end)
        {
            int length = BitConverter.ToUInt16(reply, offset);
            if ((BitConverter.ToUInt16(reply, offset + 2) & 0x3FFF) == SockDiagLayout.INET_DIAG_INFO)
                return offset + 4;
            offset += (length + 3) & ~3;
        }
        throw new InvalidOperationException("the first tcp4 message of the ext recording has no tcp_info");
    }

    [GeneratedRegex("^[a-z0-9_]+$")]
    private static partial Regex CongestionName();
}
