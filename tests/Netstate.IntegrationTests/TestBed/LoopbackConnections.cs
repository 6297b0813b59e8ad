using System.Net;
using System.Net.Sockets;

namespace Netstate.IntegrationTests.TestBed;

/// <summary>
/// A TCP listener on 127.0.0.1 inside a test's namespace, and connections to it with both ends
/// held by the test, so a test can change or close either end and watch what netstate sees.
/// </summary>
public sealed class LoopbackConnections : IDisposable
{
    private readonly NetworkNamespace _ns;
    private readonly List<Socket> _sockets = [];
    private readonly Socket _listener;

    public LoopbackConnections(NetworkNamespace ns, int port)
    {
        _ns = ns;
        Port = port;
        _listener = ns.Run(() =>
        {
            var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
            listener.Listen(16);
            return listener;
        });
        _sockets.Add(_listener);
    }

    public int Port { get; }

    /// <summary>A new connection: the client, the accepted socket, and the client's port.</summary>
    public (Socket Client, Socket Server, int ClientPort) Connect() => _ns.Run(() =>
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(IPAddress.Loopback, Port);
        Socket server = _listener.Accept();
        _sockets.Add(client);
        _sockets.Add(server);
        return (client, server, ((IPEndPoint)client.LocalEndPoint!).Port);
    });

    public void Dispose() => _ns.Run(() =>
    {
        foreach (Socket socket in _sockets)
            socket.Dispose();
    });
}
