using Netstate.Core.Model;
using Netstate.Core.Vocabulary;

namespace Netstate.Core.Tests.Vocabulary;

/// <summary>Socket kinds and timers in each dialect (docs/vocabulary.md, "Protocols").</summary>
public sealed class ProtocolTextTests
{
    public static TheoryData<SocketEntry, string, string, string, string> Rows => new()
    {
        // socket, netstat, ss, filter, windows
        { Sockets.Tcp(TcpState.Listen), "tcp", "tcp", "tcp", "TCP" },
        { Sockets.Tcp(TcpState.Listen, "::1"), "tcp6", "tcp", "tcp", "TCP" },
        { Sockets.Inet(Protocol.Udp, TcpState.Close, "::"), "udp6", "udp", "udp", "UDP" },
        { Sockets.Inet(Protocol.UdpLite, TcpState.Close), "udpl", "udpl", "udplite", "UDPL" },
        { Sockets.Inet(Protocol.Raw, TcpState.Close, "::"), "raw6", "raw", "raw", "RAW" },
        { Sockets.Unix(UnixSocketState.Connected), "unix", "u_str", "unix", "UNIX" },
        { Sockets.Unix(UnixSocketState.Connected, type: UnixSocketType.Datagram), "unix", "u_dgr", "unix", "UNIX" },
        { Sockets.Unix(UnixSocketState.Connected, type: UnixSocketType.SeqPacket), "unix", "u_seq", "unix", "UNIX" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Names_the_kind_of_socket(SocketEntry entry, string netstat, string ss, string filter, string windows)
    {
        Assert.Equal(netstat, ProtocolText.Of(entry, Dialect.Netstat));
        Assert.Equal(ss, ProtocolText.Of(entry, Dialect.Ss));
        Assert.Equal(filter, ProtocolText.Of(entry, Dialect.Filter));
        Assert.Equal(windows, ProtocolText.Of(entry, Dialect.Windows));
        Assert.Equal(netstat, ProtocolText.Of(entry, Dialect.Rfc9293));
    }

    [Fact]
    public void The_zero_window_probe_timer_is_persist_in_ss_and_probe_elsewhere()
    {
        Assert.Equal("persist", TimerText.Of(TimerKind.Probe, Dialect.Ss));
        Assert.Equal("probe", TimerText.Of(TimerKind.Probe, Dialect.Netstat));
        Assert.Equal("keepalive", TimerText.Of(TimerKind.Keepalive, Dialect.Ss));
        Assert.Equal("unknown", TimerText.Of((TimerKind)9, Dialect.Netstat));
    }

    [Fact]
    public void Unix_types_and_families_have_one_name()
    {
        Assert.Equal("SEQPACKET", ProtocolText.Of(UnixSocketType.SeqPacket));
        Assert.Equal("inet6", ProtocolText.Of(Family.Inet6));
    }
}
