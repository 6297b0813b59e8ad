using System.Net;
using System.Net.Sockets;
using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// <c>netstate -K FILTER</c> on real connections in a private namespace: the selected sockets are
/// closed (ss no longer lists them, the peer gets a reset) and listed; refusals say why and exit 1.
/// </summary>
public sealed class KillOptionTests : IDisposable
{
    private const int Port = 6066;
    private readonly NetworkNamespace _ns = new();
    private readonly LoopbackConnections _connections;

    public KillOptionTests()
    {
        _connections = new LoopbackConnections(_ns, Port);
    }

    private (Socket Client, Socket Server, int ClientPort) Connect() => _connections.Connect();

    [Fact]
    public void K_closes_the_selected_connection_lists_it_and_the_peer_sees_a_reset()
    {
        (Socket client, _, int clientPort) = Connect();
        (_, _, int otherPort) = Connect();

        ProcessResult kill = Tools.Netstate(_ns, "-K", "-tn", $"sport = :{Port} and dport = :{clientPort}");
        Assert.True(kill.ExitCode == 0, kill.Stderr);
        Assert.Contains($"127.0.0.1:{Port}", kill.Stdout, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{clientPort}", kill.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain($"127.0.0.1:{otherPort}", kill.Stdout, StringComparison.Ordinal);

        string ss = Tools.Require("ss", "iproute2");
        Assert.Equal("", _ns.Exec(ss, "-tanH", $"sport = :{clientPort} or dport = :{clientPort}").Stdout.Trim());
        // The other connection is untouched.
        Assert.Equal(2, _ns.Exec(ss, "-tanH", $"sport = :{otherPort} or dport = :{otherPort}").Stdout.Trim().Split('\n').Length);
        SocketException reset = Assert.Throws<SocketException>(() => _ns.Run(() =>
        {
            client.ReceiveTimeout = 30_000;
            return client.Receive(new byte[16]);
        }));
        Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
    }

    [Fact]
    public void K_works_in_the_json_format_too()
    {
        (_, _, int clientPort) = Connect();
        ProcessResult kill = Tools.Netstate(_ns, "-K", "--json", "-t", $"sport = :{clientPort}");
        Assert.True(kill.ExitCode == 0, kill.Stderr);
        Assert.Contains($"\"port\":{clientPort}", kill.Stdout.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal("", _ns.Exec(Tools.Require("ss", "iproute2"), "-tanH", $"sport = :{clientPort}").Stdout.Trim());
    }

    [Fact]
    public void Without_privilege_each_refusal_is_reported_with_its_reason_and_the_exit_status_is_1()
    {
        (_, _, int clientPort) = Connect();
        string setpriv = Tools.Require("setpriv", "util-linux");
        ProcessResult kill = _ns.Run(() => ProcessResult.Run(setpriv,
            ["--reuid=65534", "--regid=65534", "--clear-groups", "env", "HOME=/tmp", Tools.NetstateBinary, "-K", "-tn", $"sport = :{clientPort}"]));
        Assert.Equal(1, kill.ExitCode);
        Assert.Contains($"could not close tcp 127.0.0.1:{clientPort} -> 127.0.0.1:{Port} ESTABLISHED", kill.Stderr, StringComparison.Ordinal);
        Assert.Contains("EPERM", kill.Stderr, StringComparison.Ordinal);
        Assert.Contains("CAP_NET_ADMIN", kill.Stderr, StringComparison.Ordinal);
        // Still there.
        Assert.NotEqual("", _ns.Exec(Tools.Require("ss", "iproute2"), "-tanH", $"sport = :{clientPort}").Stdout.Trim());
    }

    [Fact]
    public void A_unix_socket_cannot_be_closed_and_says_so()
    {
        string path = Path.Combine(Path.GetTempPath(), $"netstate-kill-{Environment.ProcessId}.sock");
        File.Delete(path);
        // Made on the namespace's thread: a unix socket belongs to the network namespace it was made in.
        using Socket unix = _ns.Run(() =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Bind(new UnixDomainSocketEndPoint(path));
            socket.Listen(1);
            return socket;
        });
        try
        {
            ProcessResult kill = Tools.Netstate(_ns, "-K", "-ax", $"src unix:{path}");
            Assert.Equal(1, kill.ExitCode);
            Assert.Contains($"could not close unix {path}", kill.Stderr, StringComparison.Ordinal);
            Assert.Contains("unix sockets", kill.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public void Dispose()
    {
        _connections.Dispose();
        _ns.Dispose();
    }
}
