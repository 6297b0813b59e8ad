using System.Net.Sockets;

namespace Netstate.Lab;

/// <summary>
/// One lab at a time on a host. Every lab serves on 127.0.0.1:<see cref="LabSession.ServerPort"/> in
/// a namespace of its own, and the state-change tracepoint reports every namespace without saying
/// which: two labs at once would read each other's changes as their own. The lock is a unix socket
/// bound to an abstract name in the host's network namespace: the kernel frees it when the holder
/// exits, even by SIGKILL, and it leaves no file behind.
/// </summary>
internal sealed class LabHostLock : IDisposable
{
    private const string Name = "\0netstate-lab";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    private readonly Socket _socket;

    private LabHostLock(Socket socket) => _socket = socket;

    /// <summary>
    /// Takes the lock, waiting (and saying so once through <paramref name="waiting"/>) while another lab
    /// holds it, until <paramref name="limit"/> has passed or <paramref name="cancel"/> is set.
    /// </summary>
    /// <exception cref="LabException">Still held by another lab after <paramref name="limit"/>.</exception>
    /// <exception cref="OperationCanceledException">Interrupted while waiting.</exception>
    public static LabHostLock Take(Action waiting, TimeSpan limit, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(waiting);
        DateTime deadline = DateTime.UtcNow + limit;
        bool said = false;
        while (true)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                socket.Bind(new UnixDomainSocketEndPoint(Name));
                return new LabHostLock(socket);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                socket.Dispose();
            }
            if (!said)
            {
                waiting();
                said = true;
            }
            if (DateTime.UtcNow >= deadline)
            {
                throw new LabException($"another netstate lab has been running on this host for over {limit.TotalMinutes:0} minutes",
                    "let it finish or stop it; two labs at once would read each other's traced changes");
            }
            cancel.WaitHandle.WaitOne(Poll);
            cancel.ThrowIfCancellationRequested();
        }
    }

    public void Dispose() => _socket.Dispose();
}
