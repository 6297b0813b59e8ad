using System.Net.Sockets;

namespace Netstate.IntegrationTests.TestBed;

/// <summary>Sockets a test bed keeps open for the life of its namespace, closed on the namespace's thread at the end.</summary>
public sealed class HeldSockets
{
    private readonly List<Socket> _held = [];

    public Socket Hold(Socket socket)
    {
        _held.Add(socket);
        return socket;
    }

    /// <summary>Stops holding a socket the bed closes itself (to make a state such as TIME_WAIT).</summary>
    public void Release(Socket socket) => _held.Remove(socket);

    public void CloseAll(NetworkNamespace ns) => ns.Run(() =>
    {
        foreach (Socket socket in _held)
            socket.Dispose();
        _held.Clear();
    });
}
