using System.Net;
using System.Net.Sockets;

namespace Netstate.IntegrationTests.TestBed;

/// <summary>IPv4 loopback TCP sockets made inside a test's namespace: a listener, and a connection to one.</summary>
public static class LoopbackTcp
{
    public static Socket Listen(NetworkNamespace ns, int port) => ns.Run(() =>
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        socket.Listen(16);
        return socket;
    });

    public static Socket Connect(NetworkNamespace ns, Socket listener) => ns.Run(() =>
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect((IPEndPoint)listener.LocalEndPoint!);
        return socket;
    });
}
