using System.Net;
using Netstate.Core.Model;

namespace Netstate.Core.Tests;

/// <summary>Hand-made entries for the vocabulary, aggregation and diff tests.</summary>
internal static class Sockets
{
    public static InetAddress Address(string text) => InetAddress.FromIPAddress(IPAddress.Parse(text));

    public static Endpoint At(string address, ushort port) => new(Address(address), port);

    public static SocketEntry Inet(Protocol protocol, TcpState state, string local = "127.0.0.1", ushort localPort = 80,
        string remote = "0.0.0.0", ushort remotePort = 0, ulong inode = 0, ulong cookie = 0, ulong recvQueue = 0, ulong sendQueue = 0, uint uid = 0) => new()
    {
        Protocol = protocol,
        Family = Address(local).IsV6 ? Family.Inet6 : Family.Inet,
        Local = At(local, localPort),
        Remote = At(remote, remotePort),
        RawState = (byte)state,
        Inode = inode,
        Cookie = cookie,
        RecvQueue = recvQueue,
        SendQueue = sendQueue,
        Uid = uid,
    };

    public static SocketEntry Tcp(TcpState state, string local = "127.0.0.1", ushort localPort = 80, string remote = "0.0.0.0", ushort remotePort = 0) =>
        Inet(Protocol.Tcp, state, local, localPort, remote, remotePort);

    public static SocketEntry Unix(UnixSocketState state, bool listening = false, UnixSocketType type = UnixSocketType.Stream, ulong inode = 1) => new()
    {
        Protocol = Protocol.Unix,
        Family = Family.Unix,
        RawState = (byte)state,
        Inode = inode,
        Unix = new UnixSocketInfo(1, listening ? UnixSocketInfo.AcceptConnectionsFlag : 0, type, state, null),
    };
}
