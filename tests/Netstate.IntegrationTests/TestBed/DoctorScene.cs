using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Netstate.IntegrationTests.TestBed;

/// <summary>
/// A private namespace for one doctor test: sockets made on its thread, sysctls and nft rules set
/// inside it only (they vanish with it), and the doctor run inside it with --json.
/// </summary>
public sealed class DoctorScene : IDisposable
{
    private const int Port = 10050;
    private readonly HeldSockets _held = new();
    private readonly Dictionary<int, Socket> _listeners = [];
    private Socket? _server;

    public NetworkNamespace Namespace { get; } = new();

    public void Run(Action build) => Namespace.Run(build);

    public Socket Listen(int port, int backlog)
    {
        var socket = Hold(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        socket.Listen(backlog);
        _listeners[port] = socket;
        return socket;
    }

    /// <summary>Connected client/accepted pairs to port 10050 (the listener is made on first use).</summary>
    public List<(Socket Client, Socket Accepted)> Pairs(int count)
    {
        _server ??= Listen(Port, 1024);
        var pairs = new List<(Socket, Socket)>();
        for (int i = 0; i < count; i++)
        {
            Socket client = Hold(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
            client.Connect(IPAddress.Loopback, Port);
            pairs.Add((client, Hold(_server.Accept())));
        }
        return pairs;
    }

    /// <summary>Accepts <paramref name="count"/> connections waiting on the listener of port 10050 and closes them at once.</summary>
    public void AcceptAndClose(int count)
    {
        Socket listener = _listeners[Port];
        for (int i = 0; i < count; i++)
            listener.Accept().Close();
    }

    /// <summary>Starts a connect that may never complete (the listener is full, or the handshake is blocked).</summary>
    public void ConnectNonBlocking(int port)
    {
        Socket client = Hold(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false });
        try
        {
            client.Connect(IPAddress.Loopback, port);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
        {
        }
    }

    public void Sysctl(string name, string value) =>
        Namespace.Run(() => File.WriteAllText($"/proc/sys/{name}", value));

    public void Nft(params string[] commands)
    {
        Tools.Require("nft", "nftables");
        foreach (string command in commands)
        {
            ProcessResult result = Namespace.Exec("nft", command.Split(' '));
            Assert.True(result.ExitCode == 0, $"nft {command}: {result.Stderr}");
        }
    }

    public ProcessResult Doctor(params string[] arguments) => Tools.Netstate(Namespace, ["doctor", .. arguments]);

    /// <summary>Runs the doctor (no window) and returns the one finding of <paramref name="rule"/>.</summary>
    public JsonElement OnlyFinding(string rule, out int exitCode)
    {
        ProcessResult result = Doctor("--json", "--window", "0");
        Assert.True(result.Stderr == "", result.Stderr);
        exitCode = result.ExitCode;
        using JsonDocument report = JsonDocument.Parse(result.Stdout);
        Assert.Equal(1, report.RootElement.GetProperty("version").GetInt32());
        JsonElement[] matching = report.RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("rule").GetString() == rule).ToArray();
        Assert.True(matching.Length == 1, $"expected one '{rule}' finding in:\n{result.Stdout}\nwhile ss saw:\n{Namespace.Exec("ss", "-tanm").Stdout}");
        return matching[0].Clone();
    }

    /// <summary>A counter of this namespace's /proc/net/snmp or /proc/net/netstat ("TcpExt:", "ListenOverflows").</summary>
    public long Counter(string table, string name)
    {
        foreach (string file in new[] { "snmp", "netstat" })
        {
            string[] lines = System.Text.Encoding.ASCII.GetString(Namespace.ReadProcNet(file)).Split('\n');
            for (int i = 0; i + 1 < lines.Length; i += 2)
            {
                string[] names = lines[i].Split(' ');
                if (names[0] != table)
                    continue;
                int index = Array.IndexOf(names, name);
                if (index > 0)
                    return long.Parse(lines[i + 1].Split(' ')[index], System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        throw new InvalidOperationException($"no counter {table} {name}");
    }

    /// <summary>Waits until ss counts <paramref name="count"/> TCP sockets in <paramref name="state"/> (ss spelling).</summary>
    public void WaitFor(string state, int count) =>
        WaitUntil(() => Namespace.Exec("ss", "-tanH", "state", state.ToLowerInvariant()).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == count,
            $"{count} sockets in {state}");

    public static void WaitUntil(Func<bool> condition, string what)
    {
        for (int i = 0; i < 100; i++)
        {
            if (condition())
                return;
            Thread.Sleep(100);
        }
        Assert.Fail($"gave up waiting for {what}");
    }

    private Socket Hold(Socket socket) => _held.Hold(socket);

    public void Dispose()
    {
        _held.CloseAll(Namespace);
        Namespace.Dispose();
    }
}
