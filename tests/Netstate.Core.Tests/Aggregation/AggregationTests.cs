using Netstate.Core.Aggregation;
using Netstate.Core.Model;
using Netstate.Core.Vocabulary;

namespace Netstate.Core.Tests.Aggregation;

/// <summary>Counting, top-N and summaries: the one aggregation the CLI, a web page and metrics share.</summary>
public sealed class AggregationTests
{
    private static readonly SocketEntry[] Entries =
    [
        Sockets.Inet(Protocol.Tcp, TcpState.Listen, "0.0.0.0", 80),
        Sockets.Inet(Protocol.Tcp, TcpState.Listen, "127.0.0.1", 8080),
        Sockets.Inet(Protocol.Tcp, TcpState.Established, "10.0.0.1", 80, "10.0.0.9", 5000),
        Sockets.Inet(Protocol.Tcp, TcpState.Established, "10.0.0.2", 80, "10.0.0.9", 5001),
        Sockets.Inet(Protocol.Tcp, TcpState.Established, "127.0.0.1", 8080, "127.0.0.1", 5002),
        Sockets.Inet(Protocol.Tcp, TcpState.Established, "127.0.0.1", 8081, "127.0.0.1", 5003),
        Sockets.Inet(Protocol.Tcp, TcpState.Established, "::ffff:10.0.0.1", 80, "::ffff:10.0.0.8", 5004),
        Sockets.Inet(Protocol.Tcp, TcpState.TimeWait, "10.0.0.1", 80, "10.0.0.9", 5005),
        Sockets.Inet(Protocol.Udp, TcpState.Close, "0.0.0.0", 53),
        Sockets.Unix(UnixSocketState.Unconnected, listening: true),
        Sockets.Unix(UnixSocketState.Connected, type: UnixSocketType.Datagram, inode: 2),
    ];

    [Fact]
    public void Counts_by_state_and_protocol_in_the_dialect_asked_for()
    {
        SocketCounts netstat = new SocketCounter([CountKey.State, CountKey.Proto], Dialect.Netstat, users: null, taskNames: null).Count(Entries, null, top: 0);
        Assert.Equal(Entries.Length, netstat.Total);
        Assert.Equal(
            ["4 ESTABLISHED tcp", "2 LISTEN tcp", "1 CLOSE udp", "1 CONNECTED unix", "1 ESTABLISHED tcp6", "1 LISTENING unix", "1 TIME_WAIT tcp"],
            netstat.Rows.Select(r => $"{r.Count} {string.Join(' ', r.Labels)}"));

        SocketCounts ss = new SocketCounter([CountKey.State, CountKey.Proto], Dialect.Ss, users: null, taskNames: null).Count(Entries, null, top: 3);
        Assert.Equal(["5 ESTAB tcp", "2 LISTEN tcp", "1 ESTAB u_dgr"], ss.Rows.Select(r => $"{r.Count} {string.Join(' ', r.Labels)}"));
        Assert.Equal(Entries.Length, ss.Total);
    }

    [Fact]
    public void A_remote_address_is_labelled_as_each_dialect_writes_it_and_unix_sockets_have_none()
    {
        var counter = new SocketCounter([CountKey.RemoteAddr], Dialect.Ss, users: null, taskNames: null);
        CountRow mapped = counter.Count(Entries, null, top: 0).Rows.Single(r => r.Labels[0].Contains("ffff", StringComparison.Ordinal));
        Assert.Equal("[::ffff:10.0.0.8]", mapped.Labels[0]);
        Assert.Equal("10.0.0.8", new SocketCounter([CountKey.RemoteAddr], Dialect.Netstat, null, null).Count(Entries, null, 0).Rows
            .Single(r => r.RemoteAddress == mapped.RemoteAddress).Labels[0]);
        CountRow unix = counter.Count(Entries, null, 0).Rows.Single(r => r.IsMissing(CountKey.RemoteAddr));
        Assert.Equal(("-", 2L), (unix.Labels[0], unix.Count));
    }

    [Fact]
    public void Ports_and_uids_are_numbers_on_the_row()
    {
        CountRow top = new SocketCounter([CountKey.LocalPort, CountKey.User], Dialect.Netstat, null, null).Count(Entries, null, 1).Rows.Single();
        Assert.Equal(((ushort)80, 0u, 5L), (top.LocalPort, top.Uid, top.Count));
        Assert.Equal(["80", "0"], top.Labels);
    }

    [Fact]
    public void Key_counts_rank_the_most_frequent_with_stable_ties_and_name_only_what_can_make_the_top()
    {
        var counts = new KeyCounts<ushort>().AddRange([80, 443, 443, 22, 8080, 8080, 9000]);
        var named = new List<ushort>();
        IReadOnlyList<Ranked<ushort>> top = counts.Top(3, port =>
        {
            named.Add(port);
            return port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        });
        // 443 and 8080 twice; then 22, 80 and 9000 once each, in text order: "22" < "80" < "9000".
        Assert.Equal([("443", 2), ("8080", 2), ("22", 1)], top.Select(r => (r.Name, r.Count)));
        Assert.Equal(5, counts.Distinct);
        Assert.Equal(2, counts.CountOf(443));
        Assert.Empty(counts.Top(0, p => "never"));

        var few = new KeyCounts<string>().AddRange(["a", "b", "b", "c", "c", "c"]);
        var seen = new List<string>();
        few.Top(1, k => { seen.Add(k); return k; });
        Assert.Equal(["c"], seen); // only the key that can be first is named
    }

    [Fact]
    public void The_summary_counts_kinds_and_tcp_states_in_one_pass()
    {
        SocketSummary summary = SocketSummary.Count(Entries);
        Assert.Equal(Entries.Length, summary.Total);
        Assert.Equal(7, summary.Count(Protocol.Tcp, Family.Inet));
        Assert.Equal(1, summary.Count(Protocol.Tcp, Family.Inet6));
        Assert.Equal(2, summary.Count(Protocol.Unix, Family.Unix));
        Assert.Equal(5, summary.Count(TcpState.Established));
        Assert.Equal(1, summary.Count(TcpState.TimeWait));
        Assert.Equal(0, summary.Count((TcpState)40));
    }

    [Fact]
    public void A_wildcard_listener_accepts_every_connection_on_its_port_and_a_bound_one_those_on_its_address()
    {
        var established = new EstablishedCounts(Entries);
        Assert.Equal(2, established.AcceptedBy(Entries[0]));   // 0.0.0.0:80: 10.0.0.1 and 10.0.0.2, not the tcp6 one
        Assert.Equal(1, established.AcceptedBy(Entries[1]));   // 127.0.0.1:8080
        Assert.Equal(1, established.AcceptedBy(Sockets.Inet(Protocol.Tcp, TcpState.Listen, "::", 80)));
    }
}
