using System.Globalization;
using System.Net.Sockets;
using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// <c>netstate watch --all-namespaces</c> and <c>--net</c>, the published binary in a tmux pane: the
/// pane runs in one private namespace the test made, a second one is held by a test thread only,
/// and both listen on the same port. A connection made in the second appears marked new with that
/// namespace's label, and the c key closes it there: its peer gets a reset, the first namespace's
/// connection on the same endpoints stays.
/// </summary>
[Collection("namespaces")]
public sealed class NamespaceWatchTests : IDisposable
{
    private const int Port = 7121;
    private readonly NetworkNamespace _own = new();
    private readonly NetworkNamespace _other = new();
    private readonly LoopbackConnections _ownConnections;
    private readonly LoopbackConnections _otherConnections;

    public NamespaceWatchTests()
    {
        _ownConnections = new LoopbackConnections(_own, Port);
        _otherConnections = new LoopbackConnections(_other, Port);
    }

    /// <summary>The second namespace's file: only the test's thread is in it.</summary>
    private string OtherPath => $"/proc/{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}/task/{_other.ThreadId.ToString(CultureInfo.InvariantCulture)}/ns/net";

    private static string KernelName(NetworkNamespace ns) => ns.Run(() => new FileInfo("/proc/thread-self/ns/net").LinkTarget!);

    private static TmuxPane StartWatch(NetworkNamespace ns, string arguments)
    {
        var pane = new TmuxPane(ns, width: 180);
        pane.Type($"{PublishedNetstate.Binary} watch {arguments}; echo \"watch exited $?\"");
        pane.Press("Enter");
        pane.WaitFor(s => s.Contains("netstate watch ", StringComparison.Ordinal) && s.Contains("Local Address", StringComparison.Ordinal), "the watch screen");
        return pane;
    }

    /// <summary>The screen lines that show both endpoints.</summary>
    private static IEnumerable<string> Rows(string screen, string local, string remote) =>
        screen.Split('\n').Where(l => l.Contains(" " + local + " ", StringComparison.Ordinal) && l.Contains(" " + remote + " ", StringComparison.Ordinal));

    [Fact]
    public void Watch_across_namespaces_marks_a_new_connection_with_its_namespace_and_closes_it_there()
    {
        string own = KernelName(_own);
        string other = KernelName(_other);
        Assert.NotEqual(own, other);
        (_, _, int ownClientPort) = _ownConnections.Connect();
        string filter = $"sport = :{Port} and state established";
        using TmuxPane pane = StartWatch(_own, $"--all-namespaces -t -c 1 '{filter}'");
        string server = $"127.0.0.1:{Port}";
        string screen = pane.WaitFor(s => Rows(s, server, $"127.0.0.1:{ownClientPort}").Any(r => r[2..].StartsWith(own + " ", StringComparison.Ordinal)),
            "the first namespace's connection, labelled");
        Assert.Contains("  Netns ", screen, StringComparison.Ordinal);
        Assert.Matches(@"netns: all \d+", screen);

        // A connection in the second namespace: a new row, marked +, with that namespace's label.
        (Socket client, _, int clientPort) = _otherConnections.Connect();
        string remote = $"127.0.0.1:{clientPort}";
        pane.WaitFor(s => Rows(s, server, remote).Any(r => r.StartsWith("+ " + other + " ", StringComparison.Ordinal)), "the new connection in the second namespace, marked +");

        // Narrow the view to it, then close it from the keyboard.
        pane.Press("/");
        pane.Type($" and dport = :{clientPort}");
        pane.Press("Enter");
        pane.WaitFor(s => Rows(s, server, remote).Count() == 1 && !Rows(s, server, $"127.0.0.1:{ownClientPort}").Any(), "the filter narrowing to the connection");
        pane.Press("c");
        pane.WaitFor(s => s.Contains($"Close tcp {server} -> {remote} ESTABLISHED in netns {other}", StringComparison.Ordinal), "the confirmation naming the namespace");
        pane.Press("y");
        pane.WaitFor(s => s.Contains($"closed tcp {server} -> {remote} ESTABLISHED in netns {other}", StringComparison.Ordinal), "the outcome on the status line");

        // The peer in the second namespace gets a reset; the first namespace's connection is still there.
        SocketException reset = Assert.Throws<SocketException>(() => _other.Run(() =>
        {
            client.ReceiveTimeout = 30_000;
            return client.Receive(new byte[16]);
        }));
        Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
        string ss = Tools.Require("ss", "iproute2");
        Assert.Contains($"127.0.0.1:{ownClientPort}", _own.Exec(ss, "-tanH", $"sport = :{Port}").Stdout, StringComparison.Ordinal);
        pane.Press("q");
        pane.WaitFor(s => s.Contains("watch exited 0", StringComparison.Ordinal), "watch ending on q");
    }

    [Fact]
    public void Watch_net_shows_the_named_namespace_only_and_says_which_it_is()
    {
        (_, _, int ownClientPort) = _ownConnections.Connect();
        (_, _, int otherClientPort) = _otherConnections.Connect();
        using TmuxPane pane = StartWatch(_own, $"--net {OtherPath} -t -c 1 'sport = :{Port}'");
        string screen = pane.WaitFor(s => Rows(s, $"127.0.0.1:{Port}", $"127.0.0.1:{otherClientPort}").Any(), "the second namespace's connection");
        Assert.Contains($"netns: {KernelName(_other)}", screen, StringComparison.Ordinal);
        Assert.Empty(Rows(screen, $"127.0.0.1:{Port}", $"127.0.0.1:{ownClientPort}"));
        Assert.DoesNotContain("  Netns ", screen, StringComparison.Ordinal);
        pane.Press("q");
        pane.WaitFor(s => s.Contains("watch exited 0", StringComparison.Ordinal), "watch ending on q");
    }

    public void Dispose()
    {
        _ownConnections.Dispose();
        _otherConnections.Dispose();
        _own.Dispose();
        _other.Dispose();
    }
}
