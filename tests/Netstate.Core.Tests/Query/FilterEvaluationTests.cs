using System.Net;
using Netstate.Core.Model;
using Netstate.Core.Owners;
using Netstate.Core.Query;

namespace Netstate.Core.Tests.Query;

/// <summary>
/// Filters evaluated over a fixed set of sockets, one of each kind that behaves differently:
/// v4 and v6 listeners, a dual-stack socket with an IPv4 peer, UDP, unix, owners, marks.
/// </summary>
public sealed class FilterEvaluationTests
{
    private static SocketEntry Inet(Protocol protocol, string local, string remote, TcpState state, uint uid = 0, ulong inode = 0,
        ulong recvQueue = 0, ulong sendQueue = 0, uint iface = 0, uint? mark = null, ulong? cgroup = null)
    {
        IPEndPoint l = IPEndPoint.Parse(local), r = IPEndPoint.Parse(remote);
        return new SocketEntry
        {
            Protocol = protocol,
            Family = l.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? Family.Inet6 : Family.Inet,
            Local = new Endpoint(InetAddress.FromIPAddress(l.Address), (ushort)l.Port),
            Remote = new Endpoint(InetAddress.FromIPAddress(r.Address), (ushort)r.Port),
            RawState = (byte)state,
            Uid = uid,
            Inode = inode,
            RecvQueue = recvQueue,
            SendQueue = sendQueue,
            Interface = iface,
            Details = mark is null && cgroup is null ? null : new SocketDetails { Mark = mark, CgroupId = cgroup },
        };
    }

    private static SocketEntry Unix(string? path, UnixSocketState state, bool listening, ulong inode) => new()
    {
        Protocol = Protocol.Unix,
        Family = Family.Unix,
        RawState = (byte)state,
        Inode = inode,
        Unix = new UnixSocketInfo(2, listening ? UnixSocketInfo.AcceptConnectionsFlag : 0, UnixSocketType.Stream, state, path),
    };

    private static readonly Dictionary<string, SocketEntry> Sockets = new()
    {
        ["ssh-listen"] = Inet(Protocol.Tcp, "0.0.0.0:22", "0.0.0.0:0", TcpState.Listen, inode: 100),
        ["ssh-v6-listen"] = Inet(Protocol.Tcp, "[::]:22", "[::]:0", TcpState.Listen, inode: 101),
        ["ssh-conn"] = Inet(Protocol.Tcp, "10.0.0.1:22", "10.0.0.9:50000", TcpState.Established, inode: 102, sendQueue: 300),
        ["web-out"] = Inet(Protocol.Tcp, "10.0.0.1:40000", "93.184.216.34:443", TcpState.Established, uid: 1000, inode: 103, recvQueue: 5),
        ["web-wait"] = Inet(Protocol.Tcp, "10.0.0.1:40001", "93.184.216.34:443", TcpState.TimeWait),
        ["mapped"] = Inet(Protocol.Tcp, "[::ffff:127.0.0.1]:8080", "[::ffff:127.0.0.1]:45000", TcpState.CloseWait, uid: 1000, inode: 104),
        ["v6-conn"] = Inet(Protocol.Tcp, "[2001:db8::1]:443", "[2001:db8:1::2]:50001", TcpState.SynRecv, iface: 2, mark: 0x1234, cgroup: 77),
        ["dns"] = Inet(Protocol.Udp, "0.0.0.0:53", "0.0.0.0:0", TcpState.Close, inode: 105),
        ["dns-client"] = Inet(Protocol.Udp, "127.0.0.1:33000", "127.0.0.1:53", TcpState.Established, inode: 106),
        ["unix-listen"] = Unix("/run/app.sock", UnixSocketState.Unconnected, listening: true, inode: 107),
        ["unix-conn"] = Unix(null, UnixSocketState.Connected, listening: false, inode: 108),
        ["unix-auto"] = Unix("@0f3a9", UnixSocketState.Unconnected, listening: false, inode: 109),
    };

    /// <summary>sshd (pid 10) holds both ssh listeners and the connection; curl (pid 2000) the web socket; nginx (pid 30) the unix listener.</summary>
    private static readonly OwnerMap Owners = BuildOwners(
        (100, 10, "sshd"), (101, 10, "sshd"), (102, 10, "sshd"), (102, 11, "sshd: alice"), (103, 2000, "curl"), (107, 30, "nginx"));

    private static OwnerMap BuildOwners(params (ulong Inode, int Pid, string Name)[] holders)
    {
        var first = new Dictionary<ulong, int>();
        var chain = new (SocketOwner Owner, int Next)[holders.Length];
        for (int i = holders.Length - 1; i >= 0; i--)
        {
            (ulong inode, int pid, string name) = holders[i];
            chain[i] = (new SocketOwner(new ProcessInfo(pid, System.Text.Encoding.UTF8.GetBytes(name)), 3), first.TryGetValue(inode, out int next) ? next : -1);
            first[inode] = i;
        }
        return new OwnerMap(first, chain, [], sawAnyProcess: true, scannedAsRoot: true);
    }

    private static string Select(string expression)
    {
        SocketFilter filter = SocketFilter.Parse(expression, new FakeFilterNames());
        return string.Join(' ', Sockets.Where(s => filter.Matches(s.Value, Owners)).Select(s => s.Key).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("state listening", "ssh-listen ssh-v6-listen unix-listen")]
    [InlineData("state established", "dns-client ssh-conn unix-conn web-out")]
    [InlineData("state unconnected", "dns unix-auto")]
    [InlineData("state bucket", "v6-conn web-wait")]
    [InlineData("state connected", "dns-client mapped ssh-conn unix-conn v6-conn web-out web-wait")]
    [InlineData("state synchronized", "dns-client mapped ssh-conn unix-conn v6-conn web-out web-wait")]
    [InlineData("exclude connected", "dns ssh-listen ssh-v6-listen unix-auto unix-listen")]
    [InlineData("state close-wait state time-wait", "mapped web-wait")]
    [InlineData("sport = :22", "ssh-conn ssh-listen ssh-v6-listen")]
    [InlineData("sport >= 40000", "web-out web-wait")]
    [InlineData("sport > 40000", "web-wait")]
    [InlineData("dport < 1", "dns ssh-listen ssh-v6-listen unix-auto unix-conn unix-listen")]
    [InlineData("dport = :https", "web-out web-wait")]
    [InlineData("port = 53", "dns dns-client")]
    [InlineData("port != 53 and proto udp", "")]
    [InlineData("port > 50000", "v6-conn")]
    [InlineData("src 10.0.0.0/8", "ssh-conn web-out web-wait")]
    [InlineData("src 10.0.0.1:22", "ssh-conn")]
    [InlineData("dst 93.184.216.0/24:443", "web-out web-wait")]
    // An IPv4 rule matches a dual-stack socket's mapped address; an IPv6 rule never an IPv4 socket.
    [InlineData("src 127.0.0.1", "dns-client mapped")]
    [InlineData("src ::ffff:127.0.0.1", "mapped")]
    [InlineData("src 0.0.0.0/0", "dns dns-client mapped ssh-conn ssh-listen web-out web-wait")]
    [InlineData("src ::/0", "mapped ssh-v6-listen v6-conn")]
    [InlineData("src [2001:db8::/32]", "v6-conn")]
    [InlineData("dst [2001:db8::/48]:50001", "")]
    [InlineData("dst [2001:db8::/47]:50001", "v6-conn")]
    [InlineData("src :22", "ssh-conn ssh-listen ssh-v6-listen")]
    [InlineData("src inet6:*:22", "ssh-v6-listen")]
    [InlineData("src inet:*:8080", "mapped")]
    [InlineData("src *", "dns dns-client mapped ssh-conn ssh-listen ssh-v6-listen unix-auto unix-conn unix-listen v6-conn web-out web-wait")]
    [InlineData("src unix:/RUN/*.sock", "unix-listen")]
    [InlineData("addr 127.0.0.1:53", "dns-client")]
    [InlineData("addr != 10.0.0.0/8 and proto tcp", "mapped ssh-listen ssh-v6-listen v6-conn")]
    [InlineData("dev eth0", "v6-conn")]
    [InlineData("fwmark 0x1200/0xff00", "v6-conn")]
    [InlineData("fwmark 0", "dns dns-client mapped ssh-conn ssh-listen ssh-v6-listen unix-auto unix-conn unix-listen web-out web-wait")]
    [InlineData("autobound", "dns-client unix-auto unix-conn web-out web-wait")]
    [InlineData("uid = 1000", "mapped web-out")]
    [InlineData("user alice", "mapped web-out")]
    [InlineData("inode 105", "dns")]
    [InlineData("queue > 0", "ssh-conn web-out")]
    [InlineData("recvq > 0", "web-out")]
    [InlineData("sendq >= 300", "ssh-conn")]
    [InlineData("proto udp", "dns dns-client")]
    [InlineData("family inet6", "mapped ssh-v6-listen v6-conn")]
    [InlineData("family unix", "unix-auto unix-conn unix-listen")]
    [InlineData("pid 10", "ssh-conn ssh-listen ssh-v6-listen")]
    [InlineData("pid = 11", "ssh-conn")]
    [InlineData("pid >= 30", "unix-listen web-out")]
    [InlineData("comm sshd", "ssh-conn ssh-listen ssh-v6-listen")]
    [InlineData("comm 'sshd:*'", "ssh-conn")]
    [InlineData("comm '[cn]*'", "unix-listen web-out")]
    [InlineData("comm != sshd and state listening", "unix-listen")]
    // Precedence: not > and > or.
    [InlineData("sport = 22 or sport = 53 and proto udp", "dns ssh-conn ssh-listen ssh-v6-listen")]
    [InlineData("( sport = 22 or sport = 53 ) and proto udp", "dns")]
    [InlineData("not state listening and proto tcp", "mapped ssh-conn v6-conn web-out web-wait")]
    public void Selects_the_expected_sockets(string expression, string expected) =>
        Assert.Equal(expected, Select(expression));

    [Fact]
    public void Owner_predicates_match_nothing_without_an_owner_map()
    {
        SocketFilter filter = SocketFilter.Parse("comm sshd or pid 10", new FakeFilterNames());
        Assert.DoesNotContain(Sockets.Values, s => filter.Matches(s, owners: null));
        Assert.True(filter.NeedsOwners);
    }

    [Fact]
    public void Evaluation_allocates_nothing_per_socket()
    {
        SocketFilter filter = SocketFilter.Parse(
            "( state established or state listening ) and not src 10.0.0.0/8 and ( dport < 1024 or comm 'ss*' or src unix:/run/* ) or port 53 or uid 1000 or fwmark 1 or autobound",
            new FakeFilterNames());
        SocketEntry[] entries = [.. Sockets.Values];
        int matched = 0;
        foreach (SocketEntry entry in entries)
            matched += filter.Matches(entry, Owners) ? 1 : 0; // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int round = 0; round < 1000; round++)
        {
            foreach (SocketEntry entry in entries)
                matched += filter.Matches(entry, Owners) ? 1 : 0;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(matched > 0);
        Assert.Equal(0, allocated);
    }
}
