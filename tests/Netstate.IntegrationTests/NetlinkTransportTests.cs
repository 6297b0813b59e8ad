using System.Net;
using System.Net.Sockets;
using Netstate.Core.Model;
using Netstate.Core.Platform.Linux;
using Netstate.Core.Platform.Linux.SockDiag;
using Netstate.Core.Platform.Linux.Sources;
using Netstate.Core.Sources;
using Netstate.IntegrationTests.TestBed;
using NetworkNamespace = Netstate.IntegrationTests.TestBed.NetworkNamespace;

namespace Netstate.IntegrationTests;

/// <summary>
/// The NETLINK_SOCK_DIAG transport against the kernel: dumps that span several receives, the
/// namespace a netlink socket answers for, and one socket reused for every table.
/// </summary>
public sealed class NetlinkTransportTests : IDisposable
{
    private const int ListenerCount = 400;
    private readonly NetworkNamespace _namespace = new();
    private readonly List<Socket> _held = [];

    public NetlinkTransportTests()
    {
        _namespace.Run(() =>
        {
            for (int i = 0; i < ListenerCount; i++)
            {
                var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                _held.Add(listener);
                listener.Bind(new IPEndPoint(IPAddress.Loopback, 20000 + i));
                listener.Listen(1);
            }
            var v6 = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
            _held.Add(v6);
            v6.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 30000));
            v6.Listen(1);
            var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            _held.Add(udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 30001));
        });
    }

    [Fact]
    public void A_dump_spread_over_several_receives_is_read_whole()
    {
        (int chunks, List<SocketEntry> entries, List<SocketEntry> proc) = _namespace.Run(() =>
        {
            using var transport = new NetlinkSockDiagTransport();
            var entries = new List<SocketEntry>();
            var parser = new SockDiagReplyParser(SocketTables.Tcp4, SocketDetail.None, entries);
            int chunks = 0;
            transport.Dump(SocketTables.Tcp4, SockDiagRequest.For(SocketTables.Tcp4, new SocketQuery(SocketTables.Tcp4), 7), chunk =>
            {
                chunks++;
                return parser.Consume(chunk);
            });
            var proc = new List<SocketEntry>(new ProcNetSocketSource(new ProcRoot("/proc/thread-self")).Read(new SocketQuery(SocketTables.Tcp4)).Entries);
            return (chunks, entries, proc);
        });

        Assert.True(chunks > 1, $"{ListenerCount} listeners came in {chunks} receive(s); the test needs a dump longer than one");
        Assert.Equal(ListenerCount, entries.Count);
        Assert.Equal(
            proc.Select(e => (e.Local.Port, e.Inode)).Order(),
            entries.Select(e => (e.Local.Port, e.Inode)).Order());
        Assert.Equal(Enumerable.Range(20000, ListenerCount).Select(p => (ushort)p), entries.Select(e => e.Local.Port).Order());
    }

    [Fact]
    public void A_netlink_socket_answers_for_the_namespace_it_was_opened_in()
    {
        // Opened outside the namespace (on the test thread), it cannot see the namespace's listeners...
        using var outside = new SockDiagSource(new NetlinkSockDiagTransport());
        SourceResult host = outside.Read(new SocketQuery(SocketTables.Tcp4) { TcpStates = TcpStateSet.Of(TcpState.Listen) });
        // ... and opened inside it sees exactly them.
        SourceResult inside = _namespace.Run(() =>
        {
            using var source = new SockDiagSource(new NetlinkSockDiagTransport());
            return source.Read(new SocketQuery(SocketTables.Tcp4) { TcpStates = TcpStateSet.Of(TcpState.Listen) });
        });

        Assert.Equal(ListenerCount, inside.Entries.Count);
        HashSet<ulong> namespaceInodes = [.. inside.Entries.Select(e => e.Inode)];
        Assert.DoesNotContain(host.Entries, e => namespaceInodes.Contains(e.Inode));
    }

    /// <summary>
    /// One transport serves every table in turn. When the reply parser gives up on a dump half way
    /// (it throws SockDiagException on a message it cannot read, and SockDiagSource then moves on to
    /// the next table), the rest of that dump is still queued on the socket; the next table must
    /// still get its own sockets, not the leftovers of the previous dump.
    /// </summary>
    [Fact]
    public void A_dump_abandoned_half_way_does_not_leak_into_the_next_table()
    {
        (Exception? abandoned, SourceResult next, List<SocketEntry> procTcp6, SourceResult after, List<SocketEntry> procUdp4) = _namespace.Run(() =>
        {
            using var transport = new NetlinkSockDiagTransport();
            Exception? abandoned = Record.Exception(() => transport.Dump(
                SocketTables.Tcp4,
                SockDiagRequest.For(SocketTables.Tcp4, new SocketQuery(SocketTables.Tcp4), 1000),
                _ => throw new SockDiagException("the reply parser rejected a message (simulated)")));

            var source = new SockDiagSource(transport);
            SourceResult next = source.Read(new SocketQuery(SocketTables.Tcp6));
            SourceResult after = source.Read(new SocketQuery(SocketTables.Udp4));
            var proc = new ProcNetSocketSource(new ProcRoot("/proc/thread-self"));
            return (abandoned, next, new List<SocketEntry>(proc.Read(new SocketQuery(SocketTables.Tcp6)).Entries),
                after, new List<SocketEntry>(proc.Read(new SocketQuery(SocketTables.Udp4)).Entries));
        });

        Assert.IsType<SockDiagException>(abandoned);
        string Describe(SourceResult r) =>
            $"{r.Entries.Count(e => e.Family == Family.Inet)} IPv4 and {r.Entries.Count(e => e.Family == Family.Inet6)} IPv6 rows; notes: "
            + string.Join(" | ", r.Notes.Select(n => $"{n.Kind}: {n.Message}"));
        Assert.True(next.Notes.Count == 1 && next.Notes[0].Message == "tcp6: read over netlink sock_diag"
            && next.Entries.All(e => e.Family == Family.Inet6)
            && next.Entries.Select(e => e.Inode).SequenceEqual(procTcp6.Select(e => e.Inode)),
            $"tcp6 after an abandoned tcp4 dump: {Describe(next)}; /proc has {procTcp6.Count} rows");
        Assert.True(after.Notes.Count == 1 && after.Notes[0].Message == "udp4: read over netlink sock_diag"
            && after.Entries.Select(e => e.Inode).SequenceEqual(procUdp4.Select(e => e.Inode)),
            $"udp4 read next: {Describe(after)}; /proc has {procUdp4.Count} rows");
    }

    [Fact]
    public void One_transport_reads_every_table_in_turn()
    {
        SourceResult result = _namespace.Run(() =>
        {
            using var source = new SockDiagSource(new NetlinkSockDiagTransport());
            return source.Read(new SocketQuery(SocketTables.All & ~SocketTables.Raw));
        });

        Assert.Equal(ListenerCount + 1, result.Entries.Count(e => e.Protocol == Protocol.Tcp));
        Assert.Single(result.Entries, e => e.Protocol == Protocol.Udp);
        Assert.Equal(7, result.Notes.Count);
        Assert.All(result.Notes, n => Assert.EndsWith(": read over netlink sock_diag", n.Message, StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _namespace.Run(() =>
        {
            foreach (Socket socket in _held)
                socket.Dispose();
        });
        _namespace.Dispose();
    }
}
