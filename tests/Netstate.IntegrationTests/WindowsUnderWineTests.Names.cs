using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// The Windows layout without -n, under Wine 8 in the bed's namespace. What Wine shows there, and so
/// what these tests assert: Dns.GetHostName() in netstate.exe is the Linux host name (gethostname, the
/// same in the namespace as in this test host), while Environment.MachineName is its NetBIOS form in
/// upper case ("vm" and "VM" on the development machine), so the computer's name netstate shows is the
/// test host's Dns.GetHostName(); Wine's resolver is Linux's (Dns.GetHostEntry of 127.0.0.1 answers
/// "localhost" from /etc/hosts, of ::1 and of the namespace's own 10.77.0.1 nothing), so "localhost"
/// in a row would mean loopback went to the resolver; IPGlobalProperties.DomainName is empty, so -f's
/// name for this computer is the host name alone; and the prefix has a Windows services file
/// (drive_c/windows/system32/drivers/etc/services) that lists 3389/tcp as ms-wbt-server.
/// </summary>
public sealed partial class WindowsUnderWineTests
{
    /// <summary>Windows' Remote Desktop port: in the prefix's services file, and free in the private namespace.</summary>
    private const int NamedPort = 3389;

    /// <summary>An address on the bed's veth subnet that nothing holds: a SYN to it (through a static neighbour entry) stays SYN_SENT, and its name is never found.</summary>
    private const string Nobody = "10.77.0.9";

    /// <summary>The computer's name as netstate.exe shows it under Wine: the host name's first label.</summary>
    private static string ComputerName => Dns.GetHostName().Split('.')[0];

    [Fact]
    public void Without_n_the_foreign_address_is_the_computers_name_and_a_service_and_with_n_numbers()
    {
        string service = ServiceInPrefix(NamedPort);
        Assert.Equal("ms-wbt-server", service);
        using var sockets = new NameSockets(_wine);

        ProcessResult named = _wine.Run("-a");
        ProcessResult full = _wine.Run("-af");
        ProcessResult numeric = _wine.Run("-an");

        string[] rows = Rows(named);
        string me = ComputerName;
        // Loopback peers: the computer's name, with the services file's name for 3389 and the number for an unnamed port.
        Has(rows, Row("TCP", $"127.0.0.1:{sockets.NamedClientPort}", $"{me}:{service}", "ESTABLISHED", null));
        Has(rows, Row("TCP", $"127.0.0.1:{NamedPort}", $"{me}:{sockets.NamedClientPort}", "ESTABLISHED", null));
        Has(rows, Row("TCP", $"127.0.0.1:{_wine.ClientPort}", $"{me}:{_wine.TcpPort}", "ESTABLISHED", null));
        // A listener's foreign 0.0.0.0:0 and [::]:0: the computer's name and port 0.
        Has(rows, Row("TCP", $"127.0.0.1:{NamedPort}", $"{me}:0", "LISTENING", null));
        Has(rows, Row("TCP", $"[::1]:{_wine.Tcp6Port}", $"{me}:0", "LISTENING", null));
        // A peer at the namespace's own address (read from GetUnicastIpAddressTable), which Wine's resolver cannot name.
        Has(rows, Row("TCP", $"{WineBed.DummyAddress}:{sockets.OwnClientPort}", $"{me}:{sockets.OwnPort}", "ESTABLISHED", null));
        // A peer nobody names: the address stays a number, the port is still the service.
        Has(rows, Row("TCP", $"{WineBed.DummyAddress}:{sockets.UnansweredPort}", $"{Nobody}:{service}", "SYN_SENT", null));
        Has(rows, Row("UDP", $"127.0.0.1:{_wine.UdpPort}", "*:*", "", null));
        // The Local Address column stays numeric; loopback never went to the resolver (which says "localhost").
        Assert.All(rows, r => Assert.Matches(@"^  (TCP|UDP)    (\d+\.\d+\.\d+\.\d+|\[[0-9a-f:]+\]):\d+ ", r));
        Assert.DoesNotContain(rows, r => r.Contains("localhost", StringComparison.Ordinal));
        // -f: no DNS domain under Wine, so the full name is the host name.
        Has(Rows(full), Row("TCP", $"127.0.0.1:{sockets.NamedClientPort}", $"{Dns.GetHostName()}:{service}", "ESTABLISHED", null));
        string[] numbers = Rows(numeric);
        Has(numbers, Row("TCP", $"127.0.0.1:{sockets.NamedClientPort}", $"127.0.0.1:{NamedPort}", "ESTABLISHED", null));
        Has(numbers, Row("TCP", $"127.0.0.1:{NamedPort}", "0.0.0.0:0", "LISTENING", null));
        Has(numbers, Row("TCP", $"{WineBed.DummyAddress}:{sockets.UnansweredPort}", $"{Nobody}:{NamedPort}", "SYN_SENT", null));
        Assert.DoesNotContain(numbers, r => r.Contains(me + ":", StringComparison.Ordinal) || r.Contains(service, StringComparison.Ordinal));
    }

    /// <summary>Asserts the row is listed, showing every row when it is not.</summary>
    private static void Has(string[] rows, string row) =>
        Assert.True(rows.Contains(row), $"no row\n{row}\nin\n{string.Join('\n', rows)}");

    /// <summary>The name the prefix's services file gives a TCP port (Wine's copy of Windows' file).</summary>
    private string ServiceInPrefix(int port)
    {
        string file = Path.Combine(_wine.Prefix, "drive_c", "windows", "system32", "drivers", "etc", "services");
        Match line = Regex.Match(File.ReadAllText(file), $@"(?m)^(\S+)\s+{port}/tcp\b");
        Assert.True(line.Success, $"{file} has no {port}/tcp");
        return line.Groups[1].Value;
    }

    /// <summary>
    /// The sockets of the names test, opened in the namespace and closed with it: a listener on
    /// 127.0.0.1:3389 with a connection, a connection over the namespace's own address, and a SYN to an
    /// address nothing answers. Connections close with a reset, so no TIME_WAIT row outlives the test.
    /// </summary>
    private sealed class NameSockets : IDisposable
    {
        private readonly WineBed _wine;
        private readonly List<Socket> _sockets = [];

        public NameSockets(WineBed wine)
        {
            _wine = wine;
            ProcessResult neighbour = wine.Linux("ip", "neigh", "replace", Nobody, "lladdr", "02:00:5e:10:20:99", "dev", WineBed.DummyInterface, "nud", "permanent");
            Assert.True(neighbour.ExitCode == 0, neighbour.Stderr);
            wine.Namespace.Run(() =>
            {
                NamedClientPort = Connect(Listen(IPAddress.Loopback, NamedPort));
                Socket own = Listen(IPAddress.Parse(WineBed.DummyAddress), 0);
                OwnPort = ((IPEndPoint)own.LocalEndPoint!).Port;
                OwnClientPort = Connect(own);
                Socket unanswered = Hold(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false });
                unanswered.Bind(new IPEndPoint(IPAddress.Parse(WineBed.DummyAddress), 0));
                try
                {
                    unanswered.Connect(new IPEndPoint(IPAddress.Parse(Nobody), NamedPort));
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
                {
                }
                UnansweredPort = ((IPEndPoint)unanswered.LocalEndPoint!).Port;
            });
        }

        public int NamedClientPort { get; private set; }

        public int OwnPort { get; private set; }

        public int OwnClientPort { get; private set; }

        public int UnansweredPort { get; private set; }

        private Socket Hold(Socket socket)
        {
            _sockets.Add(socket);
            return socket;
        }

        private Socket Listen(IPAddress address, int port)
        {
            Socket listener = Hold(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
            listener.Bind(new IPEndPoint(address, port));
            listener.Listen(4);
            return listener;
        }

        /// <summary>Connects a client to the listener, accepts it, and returns the client's port.</summary>
        private int Connect(Socket listener)
        {
            Socket client = Hold(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
            client.Connect(listener.LocalEndPoint!);
            Hold(listener.Accept());
            return ((IPEndPoint)client.LocalEndPoint!).Port;
        }

        public void Dispose()
        {
            _wine.Namespace.Run(() =>
            {
                foreach (Socket socket in _sockets)
                {
                    if (socket.Connected)
                        socket.LingerState = new LingerOption(true, 0);
                    socket.Dispose();
                }
            });
            _wine.Linux("ip", "neigh", "del", Nobody, "dev", WineBed.DummyInterface);
        }
    }
}
