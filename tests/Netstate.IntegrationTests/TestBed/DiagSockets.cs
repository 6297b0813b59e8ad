using System.Net;
using System.Net.Sockets;
using Netstate.Core.Model;

namespace Netstate.IntegrationTests.TestBed;

/// <summary>
/// <see cref="ClassicSockets"/> plus the cases where netlink and /proc are most likely to part:
/// a request sock (SYN_RECV, no inode), a connection the kernel accepted but the program did not
/// (ESTABLISHED, no inode), a v6 UDP socket connected to a v4-mapped peer, UDP-Lite over IPv6, and a unix connection
/// nobody accepts (the server-side embryo has no inode).
/// </summary>
public sealed class DiagSockets : IDisposable
{
    private readonly HeldSockets _held = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("netstate-diag-").FullName;

    public DiagSockets()
    {
        Classic = new ClassicSockets();
        Namespace.Run(Build);
        Classic.WaitForTcpStates(TcpState.SynRecv, TcpState.TimeWait, TcpState.CloseWait, TcpState.FinWait2, TcpState.SynSent);
    }

    public ClassicSockets Classic { get; }

    public NetworkNamespace Namespace => Classic.Namespace;

    public string PendingUnixPath => Path.Combine(_directory, "pending.sock");

    private void Build()
    {
        // SYN_RECV: TCP_DEFER_ACCEPT (level IPPROTO_TCP = 6, option 9) ignores the bare final ACK
        // for the whole deferral (600 s here), after which the connection would be established.
        Socket deferred = Hold(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        deferred.SetRawSocketOption(6, 9, BitConverter.GetBytes(600));
        deferred.Bind(new IPEndPoint(IPAddress.Loopback, 10070));
        deferred.Listen(4);
        Hold(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)).Connect(IPAddress.Loopback, 10070);

        // Accepted by the kernel only: an ESTABLISHED server side in the listener's queue, no inode.
        Socket unaccepting = Hold(new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = false });
        unaccepting.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 10080));
        unaccepting.Listen(8);
        Hold(new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp)).Connect(IPAddress.IPv6Loopback, 10080);

        // A dual-mode UDP socket sending to an IPv4 peer: ::ffff:127.0.0.1 on both ends in udp6.
        Socket mapped = Hold(new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp) { DualMode = true });
        mapped.Connect(IPAddress.Loopback, 53);
        mapped.Send("query"u8);

        // UDP-Lite over IPv6, connected, so udplite6 has a row to compare.
        Socket lite6 = Hold(RawSockets.OpenUdpLite6());
        lite6.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 4001));
        lite6.Connect(new IPEndPoint(IPAddress.IPv6Loopback, 4002));

        // A unix stream connection never accepted: /proc shows the embryo, unix_diag skips it.
        Socket unixListener = Hold(new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified));
        unixListener.Bind(new UnixDomainSocketEndPoint(PendingUnixPath));
        unixListener.Listen(4);
        Hold(new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)).Connect(new UnixDomainSocketEndPoint(PendingUnixPath));

        _closer = Hold(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        _closer.Bind(new IPEndPoint(IPAddress.Loopback, 10090));
        _closer.Listen(16);
    }

    private Socket? _closer;

    /// <summary>
    /// TIME_WAIT and orphaned FIN_WAIT2 sockets last 60 s, less than a slow run of the class takes:
    /// makes a fresh one of each (on 127.0.0.1:10090) for a test that needs them to be there.
    /// </summary>
    public void RefreshShortLivedStates()
    {
        Namespace.Run(() =>
        {
            Socket client = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            client.Connect(IPAddress.Loopback, 10090);
            Socket server = _closer!.Accept();
            client.Close();
            Thread.Sleep(50);
            server.Close(); // the client closed first: TIME_WAIT on its side

            Socket orphan = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            orphan.Connect(IPAddress.Loopback, 10090);
            Hold(_closer.Accept()); // kept open: CLOSE_WAIT
            orphan.Close(); // FIN acknowledged, then kept by the kernel alone: orphaned FIN_WAIT2
        });
        Classic.WaitForTcpStates(TcpState.TimeWait, TcpState.FinWait2, TcpState.CloseWait);
    }

    private Socket Hold(Socket socket) => _held.Hold(socket);

    public void Dispose()
    {
        _held.CloseAll(Namespace);
        Classic.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
