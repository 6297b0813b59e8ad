using Netstate.Core.Model;
using Netstate.Core.Vocabulary;

namespace Netstate.Core.Tests.Vocabulary;

/// <summary>States of UDP, raw and unix sockets: one spelling per dialect (the table in docs/vocabulary.md).</summary>
public sealed class SocketStateTextTests
{
    public static TheoryData<string, SocketEntry, string, string, string, string> Rows => new()
    {
        // name, socket, netstat column, netstat dialect, ss, filter
        { "udp unconnected", Sockets.Inet(Protocol.Udp, TcpState.Close), "", "CLOSE", "UNCONN", "close" },
        { "udp connected", Sockets.Inet(Protocol.Udp, TcpState.Established), "ESTABLISHED", "ESTABLISHED", "ESTAB", "established" },
        { "udplite unconnected", Sockets.Inet(Protocol.UdpLite, TcpState.Close), "", "CLOSE", "UNCONN", "close" },
        { "raw", Sockets.Inet(Protocol.Raw, TcpState.Close), "7", "CLOSE", "UNCONN", "close" },
        { "tcp state 0", Sockets.Inet(Protocol.Tcp, TcpState.Unknown), "", "UNKNOWN", "UNKNOWN", "unknown" },
        { "tcp bound-inactive", Sockets.Inet(Protocol.Tcp, TcpState.BoundInactive), "BOUND_INACTIVE", "BOUND_INACTIVE", "UNCONN", "bound-inactive" },
        { "unix listening", Sockets.Unix(UnixSocketState.Unconnected, listening: true), "LISTENING", "LISTENING", "LISTEN", "listening" },
        { "unix connected", Sockets.Unix(UnixSocketState.Connected), "CONNECTED", "CONNECTED", "ESTAB", "established" },
        { "unix connecting", Sockets.Unix(UnixSocketState.Connecting), "CONNECTING", "CONNECTING", "SYN-SENT", "syn-sent" },
        { "unix unconnected", Sockets.Unix(UnixSocketState.Unconnected), "", "UNCONNECTED", "UNCONN", "close" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Writes_one_spelling_per_dialect(string name, SocketEntry entry, string column, string netstat, string ss, string filter)
    {
        Assert.Equal(column, SocketStateText.NetstatColumn(entry));
        Assert.Equal(netstat, SocketStateText.Of(entry, Dialect.Netstat));
        Assert.Equal(ss, SocketStateText.Of(entry, Dialect.Ss));
        Assert.Equal(filter, SocketStateText.Of(entry, Dialect.Filter));
        Assert.False(string.IsNullOrEmpty(SocketStateText.Of(entry, Dialect.Windows)), name);
    }

    [Fact]
    public void A_unix_listener_is_filed_under_listen()
    {
        Assert.Equal(TcpState.Listen, SocketStateText.TcpEquivalent(Sockets.Unix(UnixSocketState.Unconnected, listening: true)));
        Assert.Equal(TcpState.Close, SocketStateText.TcpEquivalent(Sockets.Unix(UnixSocketState.Disconnecting)));
        Assert.Equal(TcpState.TimeWait, SocketStateText.TcpEquivalent(Sockets.Tcp(TcpState.TimeWait)));
    }
}
