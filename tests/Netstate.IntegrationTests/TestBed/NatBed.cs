using System.Net;
using System.Net.Sockets;

namespace Netstate.IntegrationTests.TestBed;

/// <summary>
/// Three private namespaces, client - router - server, joined by two veth pairs. The router
/// forwards IPv4 and IPv6 and has nft NAT rules: traffic leaving towards the server is masqueraded
/// (SNAT to 10.2.0.1 / fd00:2::1), except that TCP port 9090 on the router is forwarded (DNAT) to
/// 10.2.0.2:8081 without masquerade. The bed then makes real traffic through it: a TCP connection
/// over IPv4 and one over IPv6, a UDP request and its answer, and a DNATed TCP connection; the
/// server records the address each one arrived from, which is what NAT made of it.
/// </summary>
public sealed class NatBed : IDisposable
{
    private const string Rules = """
        table inet netstate_test {
          chain pre {
            type nat hook prerouting priority dstnat; policy accept;
            tcp dport 9090 dnat ip to 10.2.0.2:8081
          }
          chain post {
            type nat hook postrouting priority srcnat; policy accept;
            oifname "r1" tcp dport 8081 return
            oifname "r1" masquerade
          }
        }
        """;

    private readonly List<Socket> _clientSockets = [];
    private readonly List<Socket> _serverSockets = [];

    public NatBed()
    {
        Client = new NetworkNamespace();
        Router = new NetworkNamespace();
        Server = new NetworkNamespace();
        try
        {
            Build();
            MakeTraffic();
        }
        catch
        {
            // xunit does not dispose a fixture whose constructor failed: take the namespaces down here.
            Dispose();
            throw;
        }
    }

    public NetworkNamespace Client { get; }

    public NetworkNamespace Router { get; }

    public NetworkNamespace Server { get; }

    /// <summary>The client's port and what the server saw, for the masqueraded IPv4 TCP connection.</summary>
    public (int ClientPort, IPEndPoint SeenByServer) Tcp4 { get; private set; }

    public (int ClientPort, IPEndPoint SeenByServer) Tcp6 { get; private set; }

    public (int ClientPort, IPEndPoint SeenByServer) Udp4 { get; private set; }

    /// <summary>The DNATed connection: the client's port and the server socket's local end (the real destination).</summary>
    public (int ClientPort, IPEndPoint RealDestination) Dnat { get; private set; }

    public void Dispose()
    {
        Client.Run(() => _clientSockets.ForEach(s => s.Dispose()));
        Server.Run(() => _serverSockets.ForEach(s => s.Dispose()));
        Client.Dispose();
        Router.Dispose();
        Server.Dispose();
    }

    private void Build()
    {
        Ip(Client, "link", "add", "c0", "type", "veth", "peer", "name", "r0", "netns", Router.ThreadId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Ip(Server, "link", "add", "s0", "type", "veth", "peer", "name", "r1", "netns", Router.ThreadId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Ip(Client, "addr", "add", "10.1.0.2/24", "dev", "c0");
        Ip(Client, "addr", "add", "fd00:1::2/64", "dev", "c0", "nodad");
        Ip(Client, "link", "set", "c0", "up");
        Ip(Client, "route", "add", "default", "via", "10.1.0.1");
        Ip(Client, "-6", "route", "add", "default", "via", "fd00:1::1");
        Ip(Router, "addr", "add", "10.1.0.1/24", "dev", "r0");
        Ip(Router, "addr", "add", "fd00:1::1/64", "dev", "r0", "nodad");
        Ip(Router, "addr", "add", "10.2.0.1/24", "dev", "r1");
        Ip(Router, "addr", "add", "fd00:2::1/64", "dev", "r1", "nodad");
        Ip(Router, "link", "set", "r0", "up");
        Ip(Router, "link", "set", "r1", "up");
        Ip(Server, "addr", "add", "10.2.0.2/24", "dev", "s0");
        Ip(Server, "addr", "add", "fd00:2::2/64", "dev", "s0", "nodad");
        Ip(Server, "link", "set", "s0", "up");
        Ip(Server, "route", "add", "default", "via", "10.2.0.1");
        Ip(Server, "-6", "route", "add", "default", "via", "fd00:2::1");
        Router.Run(() =>
        {
            // /proc/sys/net follows the namespace of the thread that opens it.
            File.WriteAllText("/proc/sys/net/ipv4/ip_forward", "1");
            File.WriteAllText("/proc/sys/net/ipv6/conf/all/forwarding", "1");
        });
        string rules = Path.Combine(Path.GetTempPath(), $"netstate-nat-{Guid.NewGuid():N}.nft");
        try
        {
            File.WriteAllText(rules, Rules);
            ProcessResult nft = Router.Exec(Tools.Require("nft", "nftables"), "-f", rules);
            if (nft.ExitCode != 0)
                throw new InvalidOperationException($"nft -f failed in the router namespace: {nft.Stderr}");
        }
        finally
        {
            File.Delete(rules);
        }
    }

    private void MakeTraffic()
    {
        Socket tcp4 = Server.Run(() => Listen(IPAddress.Any, 8080));
        Socket tcp6 = Server.Run(() => Listen(IPAddress.IPv6Any, 8080));
        Socket forwarded = Server.Run(() => Listen(IPAddress.Any, 8081));
        Socket udpServer = Server.Run(() =>
        {
            var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Any, 5353));
            udp.ReceiveTimeout = 5000;
            _serverSockets.Add(udp);
            return udp;
        });

        Tcp4 = Connect(IPAddress.Parse("10.2.0.2"), 8080, tcp4, seenRemote: true);
        Tcp6 = Connect(IPAddress.Parse("fd00:2::2"), 8080, tcp6, seenRemote: true);
        Dnat = Connect(IPAddress.Parse("10.1.0.1"), 9090, forwarded, seenRemote: false);

        Socket udpClient = Client.Run(() =>
        {
            var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Any, 0));
            udp.ReceiveTimeout = 5000;
            _clientSockets.Add(udp);
            udp.SendTo("ping"u8.ToArray(), new IPEndPoint(IPAddress.Parse("10.2.0.2"), 5353));
            return udp;
        });
        IPEndPoint seen = Server.Run(() =>
        {
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            byte[] buffer = new byte[16];
            udpServer.ReceiveFrom(buffer, ref from);
            udpServer.SendTo("pong"u8.ToArray(), from);
            return (IPEndPoint)from;
        });
        Client.Run(() => udpClient.Receive(new byte[16]));
        Udp4 = (((IPEndPoint)udpClient.LocalEndPoint!).Port, seen);
    }

    private Socket Listen(IPAddress address, int port)
    {
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            listener.DualMode = false;
        listener.Bind(new IPEndPoint(address, port));
        listener.Listen();
        _serverSockets.Add(listener);
        return listener;
    }

    /// <summary>Connects from the client, accepts on the server and sends a byte both ways (so conntrack marks it ASSURED).</summary>
    private (int, IPEndPoint) Connect(IPAddress address, int port, Socket listener, bool seenRemote)
    {
        Socket client = Client.Run(() =>
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            _clientSockets.Add(socket);
            socket.Connect(new IPEndPoint(address, port));
            socket.Send("x"u8);
            return socket;
        });
        IPEndPoint end = Server.Run(() =>
        {
            Socket accepted = listener.Accept();
            _serverSockets.Add(accepted);
            accepted.Receive(new byte[1]);
            accepted.Send("y"u8);
            return (IPEndPoint)(seenRemote ? accepted.RemoteEndPoint! : accepted.LocalEndPoint!);
        });
        Client.Run(() => client.Receive(new byte[1]));
        return (((IPEndPoint)client.LocalEndPoint!).Port, end);
    }

    private static void Ip(NetworkNamespace ns, params string[] arguments)
    {
        ProcessResult result = ns.Exec("ip", arguments);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"'ip {string.Join(' ', arguments)}' failed: {result.Stderr}");
    }
}
