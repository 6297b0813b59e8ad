using System.Text;
using Netstate.Core.Model;
using Netstate.Core.Platform.Linux.Sources;

namespace Netstate.Core.Tests;

/// <summary>
/// /proc/net/unix lends only its RefCnt to the sockets unix_diag reported: forged lines (a path
/// holding a newline and a whole fake line) add no socket and cannot give a wrong RefCnt.
/// </summary>
public sealed class UnixRefCountJoinTests
{
    private const string Header = "Num       RefCount Protocol Flags    Type St Inode Path\n";

    private static SocketEntry Netlink(ulong inode, string? path, UnixSocketType type = UnixSocketType.Stream, bool listening = false, ulong queued = 0) => new()
    {
        Protocol = Protocol.Unix,
        Family = Family.Unix,
        Inode = inode,
        Uid = 1000,
        RecvQueue = queued,
        SendQueue = 0,
        Unix = new UnixSocketInfo(null, listening ? UnixSocketInfo.AcceptConnectionsFlag : 0, type, UnixSocketState.Unconnected, path),
    };

    private static List<SocketEntry> Join(string proc, params SocketEntry[] netlink)
    {
        var entries = new List<SocketEntry>(netlink);
        UnixRefCountJoin.Join(entries, 0, Encoding.UTF8.GetBytes(Header + proc));
        return entries;
    }

    [Fact]
    public void Lines_give_their_refcount_in_proc_order_and_sockets_proc_missed_come_last()
    {
        List<SocketEntry> joined = Join(
            "0000000000000000: 00000003 00000000 00000000 0001 03 20\n"
            + "0000000000000000: 00000002 00000000 00010000 0001 01 10 /run/a.sock\n",
            Netlink(10, "/run/a.sock", listening: true), Netlink(20, null), Netlink(30, "@late"));

        Assert.Equal([20UL, 10UL, 30UL], joined.Select(e => e.Inode));
        Assert.Equal([3UL, 2UL, null], joined.Select(e => e.Unix!.RefCount));
        Assert.All(joined, e => Assert.Equal(1000u, e.Uid));
    }

    [Fact]
    public void A_forged_line_inside_a_path_adds_no_socket_and_the_path_stays_whole()
    {
        string forged = "0000000000000000: 00000002 00000000 00010000 0001 01 999999 @sshd-fake";
        string path = "/tmp/real\n" + forged;
        List<SocketEntry> joined = Join(
            "0000000000000000: 00000002 00000000 00010000 0001 01 10 " + path + "\n",
            Netlink(10, path, listening: true));

        SocketEntry socket = Assert.Single(joined);
        Assert.Equal((10UL, path, (ulong?)2), (socket.Inode, socket.Unix!.Path, socket.Unix.RefCount));
    }

    [Fact]
    public void A_forged_line_naming_a_real_inode_makes_its_refcount_unknown()
    {
        // The attacker's path ends in a copy of the victim's line with another RefCnt.
        string path = "/tmp/x\n0000000000000000: 00000063 00000000 00000000 0001 03 20";
        List<SocketEntry> joined = Join(
            "0000000000000000: 00000002 00000000 00000000 0001 01 10 " + path + "\n"
            + "0000000000000000: 00000003 00000000 00000000 0001 03 20\n",
            Netlink(10, path), Netlink(20, null));

        Assert.Equal([10UL, 20UL], joined.Select(e => e.Inode));
        Assert.Equal([2UL, null], joined.Select(e => e.Unix!.RefCount));
    }

    [Fact]
    public void A_line_whose_path_or_type_differs_from_the_socket_is_not_joined()
    {
        List<SocketEntry> joined = Join(
            "0000000000000000: 00000002 00000000 00000000 0002 01 10 /tmp/other\n"
            + "0000000000000000: 00000002 00000000 00000000 0001 01 20 /tmp/b\n",
            Netlink(10, "/tmp/other", UnixSocketType.Stream), Netlink(20, "/tmp/b-longer"));

        Assert.All(joined, e => Assert.Null(e.Unix!.RefCount));
    }

    [Fact]
    public void Embryos_are_kept_up_to_the_listeners_waiting_connections()
    {
        const string Embryo = "0000000000000000: 00000003 00000000 00000000 0001 02     0 /run/l.sock\n";
        List<SocketEntry> two = Join(
            "0000000000000000: 00000002 00000000 00010000 0001 01 10 /run/l.sock\n" + Embryo + Embryo,
            Netlink(10, "/run/l.sock", listening: true, queued: 2));
        Assert.Equal([10UL, 0UL, 0UL], two.Select(e => e.Inode));
        Assert.Equal([2UL, 3UL, 3UL], two.Select(e => e.Unix!.RefCount));
        Assert.All(two.Where(e => e.Inode == 0), e => Assert.Equal((UnixSocketState.Connecting, (uint?)null, (ulong?)null), (e.Unix!.State, e.Uid, e.RecvQueue)));

        // One more embryo line than waiting connections: one is forged; the extra goes, RefCnt is unknown.
        List<SocketEntry> forged = Join(
            "0000000000000000: 00000002 00000000 00010000 0001 01 10 /run/l.sock\n" + Embryo + Embryo,
            Netlink(10, "/run/l.sock", listening: true, queued: 1));
        Assert.Equal([10UL, 0UL], forged.Select(e => e.Inode));
        Assert.Null(forged[1].Unix!.RefCount);

        // No listener with that path has anything waiting: not a socket.
        Assert.Single(Join(Embryo, Netlink(10, "/run/l.sock", listening: true, queued: 0)));
    }
}
