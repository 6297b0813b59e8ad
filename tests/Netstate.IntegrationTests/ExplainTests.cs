using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Netstate.Core.Kernel;
using Netstate.Core.Model;
using Netstate.Core.Tcp;
using Netstate.Core.Vocabulary;
using Netstate.IntegrationTests.TestBed;
using NetworkNamespace = Netstate.IntegrationTests.TestBed.NetworkNamespace;

namespace Netstate.IntegrationTests;

/// <summary>
/// A private namespace with exactly one CLOSE_WAIT and one TIME_WAIT socket made by real TCP
/// exchanges, one bound-only socket, and sysctls set to values no default has: explain must count
/// those sockets and print that namespace's settings, not the host's.
/// </summary>
public sealed class ExplainStateSockets : IDisposable
{
    /// <summary>Values written into the namespace's /proc/sys before any test runs.</summary>
    public static readonly IReadOnlyDictionary<KernelSetting, string> Overrides = new Dictionary<KernelSetting, string>
    {
        [TcpSettings.FinTimeout] = "37",
        [TcpSettings.MaxTwBuckets] = "4321",
        [TcpSettings.KeepaliveTime] = "1234",
        [TcpSettings.SoMaxConn] = "777",
        [TcpSettings.OrphanRetries] = "3",
        [TcpSettings.LocalPortRange] = "40000 40999",
    };

    private readonly HeldSockets _held = new();
    private Socket? _listener;

    public ExplainStateSockets()
    {
        Namespace = new NetworkNamespace();
        Namespace.Run(() =>
        {
            foreach ((KernelSetting setting, string value) in Overrides)
                File.WriteAllText("/proc/" + setting.RelativePath, value);
            _listener = Hold(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
            _listener.Bind(new IPEndPoint(IPAddress.Loopback, 10050));
            _listener.Listen(16);

            // CLOSE_WAIT on the server: the client shuts down its sending side, the server never closes.
            (Socket halfClosed, _) = ConnectPair();
            halfClosed.Shutdown(SocketShutdown.Send);

            // Bound, neither listening nor connecting.
            Hold(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)).Bind(new IPEndPoint(IPAddress.Loopback, 10070));
        });
        MakeTimeWait();
    }

    public NetworkNamespace Namespace { get; }

    /// <summary>TIME_WAIT on the client: it closes first, then the server. Remade if a slow run outlived the 60 s.</summary>
    public void EnsureTimeWait()
    {
        if (Count(TcpState.TimeWait) == 0)
            MakeTimeWait();
    }

    private void MakeTimeWait()
    {
        Namespace.Run(() =>
        {
            (Socket early, Socket late) = ConnectPair();
            early.Close();
            Thread.Sleep(50);
            late.Close();
            _held.Release(early);
            _held.Release(late);
        });
        DateTime deadline = DateTime.UtcNow.AddSeconds(5);
        while (Count(TcpState.TimeWait) == 0 || Count(TcpState.CloseWait) == 0)
        {
            if (DateTime.UtcNow > deadline)
                throw new InvalidOperationException("the namespace never reached TIME_WAIT and CLOSE_WAIT");
            Thread.Sleep(20);
        }
    }

    /// <summary>How many sockets the namespace's /proc/net/tcp shows in <paramref name="state"/>.</summary>
    public int Count(TcpState state)
    {
        string hex = ((int)state).ToString("X2", System.Globalization.CultureInfo.InvariantCulture);
        return System.Text.Encoding.ASCII.GetString(Namespace.ReadProcNet("tcp")).Split('\n').Skip(1)
            .Count(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: > 3 } cells && cells[3] == hex);
    }

    /// <summary>A sysctl file of the namespace, read from inside it.</summary>
    public string Sysctl(KernelSetting setting) =>
        Namespace.Run(() => File.Exists("/proc/" + setting.RelativePath)
            ? string.Join(' ', File.ReadAllText("/proc/" + setting.RelativePath).Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries))
            : "<missing>");

    private (Socket Client, Socket Accepted) ConnectPair()
    {
        Socket client = Hold(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        client.Connect(new IPEndPoint(IPAddress.Loopback, 10050));
        return (client, Hold(_listener!.Accept()));
    }

    private Socket Hold(Socket socket) => _held.Hold(socket);

    public void Dispose()
    {
        _held.CloseAll(Namespace);
        Namespace.Dispose();
    }
}

/// <summary><c>netstate explain</c> run inside that namespace, over netlink and over /proc.</summary>
public sealed partial class ExplainTests : IClassFixture<ExplainStateSockets>
{
    private readonly ExplainStateSockets _bed;

    public ExplainTests(ExplainStateSockets bed)
    {
        _bed = bed;
        _bed.EnsureTimeWait();
    }

    private string Explain(params string[] args)
    {
        ProcessResult result = Tools.Netstate(_bed.Namespace, ["explain", .. args]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal("", result.Stderr);
        return result.Stdout;
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("proc")]
    public void Close_wait_is_counted_with_its_owner(string source)
    {
        Assert.Equal(1, _bed.Count(TcpState.CloseWait));
        string output = Explain("close-wait", "--source", source);

        Assert.StartsWith("CLOSE_WAIT: ", output, StringComparison.Ordinal);
        Assert.Contains("\nSockets in CLOSE_WAIT now: 1\n", output, StringComparison.Ordinal);
        Assert.Contains($"  Processes: {Environment.ProcessId}/", output, StringComparison.Ordinal);
        Assert.Contains("  Local ports: 10050 (1)\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Time_wait_is_counted_and_its_destination_named()
    {
        string output = Explain("TIME-WAIT");
        Assert.Contains("\nSockets in TIME_WAIT now: 1\n", output, StringComparison.Ordinal);
        Assert.Contains("  Remote addresses: 127.0.0.1 (1, port 10050)\n", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("proc")]
    public void The_diagram_shows_the_live_counts(string source)
    {
        string output = Explain("--source", source);
        Dictionary<string, int> boxes = BoxCell().Matches(output)
            .ToDictionary(m => m.Groups["name"].Value, m => int.Parse(m.Groups["count"].Value, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(1, boxes["CLOSE_WAIT"]);
        Assert.Equal(1, boxes["TIME_WAIT"]);
        Assert.Equal(1, boxes["LISTEN"]);
        Assert.Equal(1, boxes["FIN_WAIT2"]);
        Assert.Equal(_bed.Count(TcpState.Established), boxes["ESTABLISHED"]);
        Assert.Equal(0, boxes["SYN_SENT"]);
    }

    [Fact]
    public void Bound_inactive_sockets_are_counted_over_netlink_only()
    {
        Assert.Contains("\nSockets in BOUND_INACTIVE now: 1\n", Explain("bound-inactive"), StringComparison.Ordinal);
        Assert.Contains("(BOUND_INACTIVE): 1.", Explain(), StringComparison.Ordinal);
        Assert.Contains("(BOUND_INACTIVE): not known", Explain("--source", "proc"), StringComparison.Ordinal);
    }

    /// <summary>Every setting each state prints equals the namespace's own /proc/sys, including the values the bed changed.</summary>
    [Theory]
    [InlineData("time-wait")]
    [InlineData("fin-wait-2")]
    [InlineData("close-wait")]
    [InlineData("listen")]
    [InlineData("syn-recv")]
    [InlineData("last-ack")]
    [InlineData("syn-sent")]
    public void Prints_the_namespaces_sysctl_values(string state)
    {
        string output = Explain(state);
        Assert.True(TcpStateText.TryParse(state, out TcpState parsed));
        IReadOnlyList<KernelSetting> settings = TcpStateCatalogue.Of(parsed).Explanation.Settings;
        Assert.NotEmpty(settings);
        foreach (KernelSetting setting in settings)
        {
            string expected = _bed.Sysctl(setting);
            if (expected == "<missing>")
            {
                Assert.Contains($"\n  {setting.Name}: not ", output, StringComparison.Ordinal);
                continue;
            }
            Assert.Contains($"\n  {setting.Name} = {expected}\n", output, StringComparison.Ordinal);
            if (ExplainStateSockets.Overrides.TryGetValue(setting, out string? changed))
                Assert.Equal(changed, expected);
        }
    }

    [Fact]
    public void The_global_tcp_max_orphans_is_reported_missing_inside_the_namespace()
    {
        Assert.Equal("<missing>", _bed.Sysctl(TcpSettings.MaxOrphans));
        Assert.Contains("\n  net.ipv4.tcp_max_orphans: not visible here: a global setting", Explain("fin-wait-2"), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\| (?<name>[A-Z_0-9]+) +(?<count>\d+) \|")]
    private static partial Regex BoxCell();
}

/// <summary>Peers are grouped by address: an IPv4 client seen through a dual-stack socket is the same peer.</summary>
public sealed class ExplainPeerGroupingTests
{
    [Fact]
    public void An_ipv4_peer_of_a_dual_stack_socket_is_grouped_with_the_same_ipv4_peer()
    {
        using var space = new NetworkNamespace();
        var held = new HeldSockets();
        try
        {
            space.Run(() =>
            {
                Socket listener = held.Hold(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
                listener.Bind(new IPEndPoint(IPAddress.Loopback, 10051));
                listener.Listen(4);
                // One client over plain IPv4, one over a dual-stack IPv6 socket (peer ::ffff:127.0.0.1).
                Socket v4 = held.Hold(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
                v4.Connect(new IPEndPoint(IPAddress.Loopback, 10051));
                Socket dual = held.Hold(new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true });
                dual.Connect(new IPEndPoint(IPAddress.Loopback.MapToIPv6(), 10051));
                Socket first = held.Hold(listener.Accept());
                Socket second = held.Hold(listener.Accept());
                // The clients close first, so the TIME_WAIT sockets are theirs, with the server as peer.
                v4.Close();
                dual.Close();
                Thread.Sleep(50);
                first.Close();
                second.Close();
            });

            ProcessResult result = Tools.Netstate(space, ["explain", "time-wait"]);
            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.Contains("  Remote addresses: 127.0.0.1 (2, port 10051)\n", result.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            held.CloseAll(space);
        }
    }
}
