using Netstate.Cli.Commands;
using Netstate.Core.Model;
using static Netstate.Cli.Tests.TestSockets;

namespace Netstate.Cli.Tests;

/// <summary>
/// Which rows -a, -l and the default print. netstat decides per table: tcp_do_one by the remote
/// port, udp_do_one and raw_do_one by whether the remote address is all zeros (notnull), and
/// unix_do_one by SS_UNCONNECTED with __SO_ACCEPTCON.
/// </summary>
public sealed class NetstatSelectionTests
{
    public enum Shown
    {
        Default,
        Listening,
    }

    [Theory]
    // tcp: a server is a socket whose remote port is 0.
    [InlineData(Protocol.Tcp, "0.0.0.0", (ushort)0, TcpState.Listen, Shown.Listening)]
    [InlineData(Protocol.Tcp, "::", (ushort)0, TcpState.Listen, Shown.Listening)]
    [InlineData(Protocol.Tcp, "203.0.113.5", (ushort)443, TcpState.Established, Shown.Default)]
    [InlineData(Protocol.Tcp, "2001:db8::1", (ushort)443, TcpState.TimeWait, Shown.Default)]
    // ... the address does not matter, only the port.
    [InlineData(Protocol.Tcp, "0.0.0.0", (ushort)80, TcpState.SynSent, Shown.Default)]
    [InlineData(Protocol.Tcp, "203.0.113.5", (ushort)0, TcpState.Close, Shown.Listening)]
    // udp: a server is a socket whose remote address is all zeros.
    [InlineData(Protocol.Udp, "0.0.0.0", (ushort)0, TcpState.Close, Shown.Listening)]
    [InlineData(Protocol.Udp, "::", (ushort)0, TcpState.Close, Shown.Listening)]
    [InlineData(Protocol.Udp, "8.8.8.8", (ushort)53, TcpState.Established, Shown.Default)]
    [InlineData(Protocol.Udp, "2001:db8::53", (ushort)53, TcpState.Established, Shown.Default)]
    // ... the port does not matter, only the address.
    [InlineData(Protocol.Udp, "0.0.0.0", (ushort)53, TcpState.Close, Shown.Listening)]
    [InlineData(Protocol.Udp, "10.0.0.1", (ushort)0, TcpState.Close, Shown.Default)]
    // ... and ::ffff:0.0.0.0 is not all zeros.
    [InlineData(Protocol.Udp, "::ffff:0.0.0.0", (ushort)0, TcpState.Close, Shown.Default)]
    [InlineData(Protocol.UdpLite, "0.0.0.0", (ushort)0, TcpState.Close, Shown.Listening)]
    [InlineData(Protocol.UdpLite, "10.0.0.1", (ushort)9, TcpState.Established, Shown.Default)]
    // raw: like udp.
    [InlineData(Protocol.Raw, "0.0.0.0", (ushort)0, (TcpState)7, Shown.Listening)]
    [InlineData(Protocol.Raw, "::", (ushort)0, (TcpState)7, Shown.Listening)]
    [InlineData(Protocol.Raw, "10.0.0.1", (ushort)0, (TcpState)1, Shown.Default)]
    public void Inet_sockets(Protocol protocol, string remote, ushort remotePort, TcpState state, Shown shownBy)
    {
        string local = remote.Contains(':', StringComparison.Ordinal) ? "::" : "0.0.0.0";
        SocketEntry entry = Inet(protocol, local, 1234, remote, remotePort, (byte)state);

        Assert.True(NetstatSelection.Shows(entry, all: true, listening: false), "-a shows every socket");
        Assert.True(NetstatSelection.Shows(entry, all: true, listening: true), "-a -l shows every socket");
        Assert.Equal(shownBy == Shown.Default, NetstatSelection.Shows(entry, all: false, listening: false));
        Assert.Equal(shownBy == Shown.Listening, NetstatSelection.Shows(entry, all: false, listening: true));
    }

    [Theory]
    // Listening: unconnected and accepting connections.
    [InlineData(UnixSocketState.Unconnected, UnixSocketInfo.AcceptConnectionsFlag, Shown.Listening)]
    [InlineData(UnixSocketState.Unconnected, UnixSocketInfo.AcceptConnectionsFlag | (1ul << 17), Shown.Listening)]
    // Everything else is for the default listing.
    [InlineData(UnixSocketState.Unconnected, 0ul, Shown.Default)]
    [InlineData(UnixSocketState.Connected, 0ul, Shown.Default)]
    [InlineData(UnixSocketState.Connected, UnixSocketInfo.AcceptConnectionsFlag, Shown.Default)]
    [InlineData(UnixSocketState.Connecting, UnixSocketInfo.AcceptConnectionsFlag, Shown.Default)]
    [InlineData(UnixSocketState.Disconnecting, 0ul, Shown.Default)]
    [InlineData(UnixSocketState.Free, UnixSocketInfo.AcceptConnectionsFlag, Shown.Default)]
    public void Unix_sockets(UnixSocketState state, ulong flags, Shown shownBy)
    {
        SocketEntry entry = Unix(2, flags, UnixSocketType.Stream, state, 42, "/run/s");

        Assert.True(NetstatSelection.Shows(entry, all: true, listening: false));
        Assert.True(NetstatSelection.Shows(entry, all: true, listening: true));
        Assert.Equal(shownBy == Shown.Default, NetstatSelection.Shows(entry, all: false, listening: false));
        Assert.Equal(shownBy == Shown.Listening, NetstatSelection.Shows(entry, all: false, listening: true));
    }
}
