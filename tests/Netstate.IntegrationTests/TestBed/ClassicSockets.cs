using System.Net;
using System.Net.Sockets;
using Netstate.Core.Model;
using Netstate.Core.Platform.Linux;
using Netstate.Core.Platform.Linux.Sources;

namespace Netstate.IntegrationTests.TestBed;

/// <summary>
/// A private namespace holding one socket in each situation netstat users meet: listeners on v4,
/// v6 and dual-stack, established pairs, an IPv4 peer on a v6 socket, TIME_WAIT, CLOSE_WAIT,
/// FIN_WAIT2 (held and orphaned), SYN_SENT, UDP bound and connected, UDP-Lite, raw ICMP, and unix
/// stream, datagram, abstract and unnamed sockets. Every state is produced by real TCP exchanges.
/// </summary>
public sealed class ClassicSockets : IDisposable
{
    private readonly HeldSockets _held = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("netstate-it-").FullName;

    public ClassicSockets()
    {
        Namespace = new NetworkNamespace();
        Namespace.Run(Build);
        WaitForTcpStates(TcpState.TimeWait, TcpState.CloseWait, TcpState.FinWait2, TcpState.SynSent, TcpState.Established, TcpState.Listen);
    }

    public NetworkNamespace Namespace { get; }

    public string UnixListenerPath => Path.Combine(_directory, "server.sock");

    private void Build()
    {
        // The source articles' experiment: a server on port 10050 and a client.
        Socket server = Listen(new IPEndPoint(IPAddress.Loopback, 10050), 16);
        (Socket client, Socket accepted) = ConnectPair(server, new IPEndPoint(IPAddress.Loopback, 10050));

        // ssh-like v6-only listener, and a dual-stack one with an IPv4 client (::ffff:127.0.0.1).
        Socket v6 = Listen(new IPEndPoint(IPAddress.IPv6Any, 22), 16, dualMode: false);
        ConnectPair(v6, new IPEndPoint(IPAddress.IPv6Loopback, 22));
        Socket dual = Listen(new IPEndPoint(IPAddress.IPv6Any, 8080), 16, dualMode: true);
        ConnectPair(dual, new IPEndPoint(IPAddress.Loopback, 8080));

        _server = server;
        MakeTimeWait();

        // CLOSE_WAIT on the server, FIN_WAIT2 on the client: the client closes, the server never does.
        // One client only shuts down its sending side (FIN_WAIT2 with an inode), one closes outright
        // (an orphan FIN_WAIT2, kept by the kernel for tcp_fin_timeout).
        (Socket halfClosed, _) = ConnectPair(server, new IPEndPoint(IPAddress.Loopback, 10050));
        halfClosed.Shutdown(SocketShutdown.Send);
        (Socket orphaned, _) = ConnectPair(server, new IPEndPoint(IPAddress.Loopback, 10050));
        _held.Release(orphaned);
        orphaned.Close();

        // SYN_SENT: a listener with backlog 0 whose one queue slot is taken drops further SYNs.
        Socket full = Listen(new IPEndPoint(IPAddress.Loopback, 10060), 0);
        Hold(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)).Connect(IPAddress.Loopback, 10060);
        Socket waiting = Hold(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false });
        try
        {
            waiting.Connect(IPAddress.Loopback, 10060);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
        {
            // Expected: the handshake cannot complete while the queue is full.
        }
        _ = full;

        // UDP: a bound "server" on the DNS port, a v6 one, and a connected client.
        Hold(new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)).Bind(new IPEndPoint(IPAddress.Any, 53));
        Socket udp6 = Hold(new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp) { DualMode = false });
        udp6.Bind(new IPEndPoint(IPAddress.IPv6Any, 5353));
        Socket udpClient = Hold(new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
        udpClient.Connect(IPAddress.Loopback, 53);

        // UDP-Lite (protocol 136) and raw ICMP sockets.
        Hold(RawSockets.OpenUdpLite()).Bind(new IPEndPoint(IPAddress.Loopback, 4000));
        Hold(new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Icmp));
        Hold(new Socket(AddressFamily.InterNetworkV6, SocketType.Raw, ProtocolType.IcmpV6));

        // Unix: a stream listener with a connected (unnamed) client, a datagram socket, an abstract name.
        Socket unixServer = Hold(new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified));
        unixServer.Bind(new UnixDomainSocketEndPoint(UnixListenerPath));
        unixServer.Listen(8);
        Hold(new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)).Connect(new UnixDomainSocketEndPoint(UnixListenerPath));
        Hold(unixServer.Accept());
        Hold(new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified)).Bind(new UnixDomainSocketEndPoint(Path.Combine(_directory, "log.sock")));
        Socket abstractListener = Hold(new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified));
        abstractListener.Bind(new UnixDomainSocketEndPoint("\0netstate-abstract"));
        abstractListener.Listen(1);
        Hold(new Socket(AddressFamily.Unix, (SocketType)5 /* SOCK_SEQPACKET */, ProtocolType.Unspecified));
        _ = (client, accepted);
    }

    private Socket? _server;

    /// <summary>TIME_WAIT: the client closes first, then the server.</summary>
    private void MakeTimeWait()
    {
        (Socket early, Socket late) = ConnectPair(_server!, new IPEndPoint(IPAddress.Loopback, 10050));
        early.Close();
        Thread.Sleep(50);
        late.Close();
    }

    /// <summary>
    /// A TIME_WAIT socket lasts 60 s, which a slow run of a test class can outlive: makes a new one
    /// if none is left, so tests that expect every classic state keep finding it.
    /// </summary>
    public void EnsureTimeWait()
    {
        if (ReadTcp().Any(e => e.TcpState == TcpState.TimeWait))
            return;
        Namespace.Run(MakeTimeWait);
        WaitForTcpStates(TcpState.TimeWait);
    }

    private Socket Listen(IPEndPoint endpoint, int backlog, bool dualMode = false)
    {
        Socket socket = Hold(new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp));
        if (endpoint.AddressFamily == AddressFamily.InterNetworkV6)
            socket.DualMode = dualMode;
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(endpoint);
        socket.Listen(backlog);
        return socket;
    }

    private (Socket Client, Socket Accepted) ConnectPair(Socket listener, IPEndPoint target)
    {
        Socket client = Hold(new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp));
        client.Connect(target);
        return (client, Hold(listener.Accept()));
    }

    private Socket Hold(Socket socket) => _held.Hold(socket);

    /// <summary>Waits (5 s at most) until each state is present in the namespace's TCP tables.</summary>
    public void WaitForTcpStates(params TcpState[] states)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(5);
        HashSet<TcpState> seen;
        do
        {
            seen = ReadTcp().Select(e => e.TcpState).ToHashSet();
            if (states.All(seen.Contains))
                return;
            Thread.Sleep(20);
        }
        while (DateTime.UtcNow < deadline);
        throw new InvalidOperationException($"the namespace never reached {string.Join(", ", states.Except(seen))}");
    }

    /// <summary>Every TCP socket's endpoints and state, in one string: equal strings, same table.</summary>
    public string TcpTableKey() =>
        string.Join('\n', ReadTcp().Select(e => $"{e.Local} {e.Remote} {e.TcpState}").Order(StringComparer.Ordinal));

    public List<SocketEntry> ReadTcp()
    {
        var entries = new List<SocketEntry>();
        var problems = new ParseProblems();
        ProcNetInetParser.Parse(Namespace.ReadProcNet("tcp"), SocketTables.Tcp4, "tcp", entries, problems);
        ProcNetInetParser.Parse(Namespace.ReadProcNet("tcp6"), SocketTables.Tcp6, "tcp6", entries, problems);
        return entries;
    }

    public void Dispose()
    {
        _held.CloseAll(Namespace);
        Namespace.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
