using Netstate.Core.Model;

namespace Netstate.Core.Tests.Model;

/// <summary>The diff of two snapshots on hand-made sockets: keys, duplicates, what counts as a change.</summary>
public sealed class SnapshotDiffTests
{
    private static SocketEntry Tcp(ulong cookie, TcpState state, ushort port, ulong recvQueue = 0, ulong sendQueue = 0, ulong inode = 0) =>
        Sockets.Inet(Protocol.Tcp, state, "127.0.0.1", port, "127.0.0.1", 9000, inode, cookie, recvQueue, sendQueue);

    private static Snapshot Of(params SocketEntry[] entries) => new(entries, null, [], DateTimeOffset.UnixEpoch);

    [Fact]
    public void Sockets_are_matched_by_cookie_whatever_their_endpoints_and_order()
    {
        SocketEntry a = Tcp(1, TcpState.Established, 1000), b = Tcp(2, TcpState.Established, 1001), c = Tcp(3, TcpState.Listen, 80);
        SocketEntry bLater = Tcp(2, TcpState.CloseWait, 1001, recvQueue: 5);
        SocketEntry d = Tcp(4, TcpState.SynSent, 1002);

        SnapshotDiff diff = SnapshotDiff.Compare(Of(a, b, c), Of(d, c, bLater));

        Assert.Equal([d], diff.Added);
        Assert.Equal([a], diff.Removed);
        SocketChange change = Assert.Single(diff.Changed);
        Assert.Same(b, change.Before);
        Assert.Same(bLater, change.After);
        Assert.Equal(SocketChanges.State | SocketChanges.RecvQueue, change.What);
        Assert.False(diff.IsEmpty);
    }

    [Fact]
    public void An_unchanged_socket_is_not_reported_and_two_equal_snapshots_are_empty()
    {
        SocketEntry a = Tcp(1, TcpState.Established, 1000, recvQueue: 3);
        SocketEntry sameAgain = Tcp(1, TcpState.Established, 1000, recvQueue: 3);
        Assert.True(SnapshotDiff.Compare(Of(a), Of(sameAgain)).IsEmpty);
        Assert.True(SnapshotDiff.Compare(Of(), Of()).IsEmpty);
    }

    [Fact]
    public void A_new_cookie_on_the_same_endpoints_is_another_socket()
    {
        SocketEntry old = Tcp(1, TcpState.TimeWait, 1000), reused = Tcp(2, TcpState.Established, 1000);
        SnapshotDiff diff = SnapshotDiff.Compare(Of(old), Of(reused));
        Assert.Equal([reused], diff.Added);
        Assert.Equal([old], diff.Removed);
        Assert.Empty(diff.Changed);
    }

    [Fact]
    public void Without_cookies_sockets_are_matched_by_protocol_endpoints_and_inode()
    {
        SocketEntry a = Tcp(0, TcpState.Established, 1000, inode: 11), aLater = Tcp(0, TcpState.Established, 1000, sendQueue: 7, inode: 11);
        SocketEntry udp = Sockets.Inet(Protocol.Udp, TcpState.Close, "0.0.0.0", 53, inode: 12);
        SocketEntry udpSameEndpointsOtherInode = Sockets.Inet(Protocol.Udp, TcpState.Close, "0.0.0.0", 53, inode: 13);
        // Leaving for TIME_WAIT, a /proc socket loses its inode: it reads as gone and new.
        SocketEntry timeWait = Tcp(0, TcpState.TimeWait, 1000, inode: 0);

        SnapshotDiff diff = SnapshotDiff.Compare(Of(a, udp), Of(udpSameEndpointsOtherInode, aLater, timeWait));

        Assert.Equal([udpSameEndpointsOtherInode, timeWait], diff.Added);
        Assert.Equal([udp], diff.Removed);
        SocketChange change = Assert.Single(diff.Changed);
        Assert.Equal(SocketChanges.SendQueue, change.What);
    }

    [Fact]
    public void Sockets_sharing_a_fallback_key_are_paired_one_to_one()
    {
        // Two request sockets from /proc can share protocol, endpoints and inode 0.
        SocketEntry first = Tcp(0, TcpState.SynRecv, 1000), second = Tcp(0, TcpState.SynRecv, 1000);
        SocketEntry onlyOneLeft = Tcp(0, TcpState.SynRecv, 1000);

        SnapshotDiff diff = SnapshotDiff.Compare(Of(first, second), Of(onlyOneLeft));

        Assert.Empty(diff.Added);
        Assert.Equal([second], diff.Removed);
        Assert.Empty(diff.Changed);
        Assert.Equal([second], SnapshotDiff.Compare(Of(onlyOneLeft), Of(first, second)).Added);
    }

    [Fact]
    public void A_unix_socket_that_starts_listening_changed_state()
    {
        SocketEntry bound = Sockets.Unix(UnixSocketState.Unconnected);
        SocketEntry listening = Sockets.Unix(UnixSocketState.Unconnected, listening: true);
        Assert.Equal(SocketChanges.State, SocketChange.Between(bound, listening));
    }

    [Fact]
    public void The_snapshot_keeps_its_own_copy_of_the_entries()
    {
        var entries = new List<SocketEntry> { Tcp(1, TcpState.Listen, 80) };
        var snapshot = new Snapshot(entries, null, [], DateTimeOffset.UnixEpoch);
        entries.Clear();
        Assert.Single(snapshot.Entries);
        Assert.IsNotType<List<SocketEntry>>(snapshot.Entries);
        Assert.IsNotType<SocketEntry[]>(snapshot.Entries);
    }
}
