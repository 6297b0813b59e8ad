using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// netstate watch of the Windows build, under Wine in a real terminal (tmux) in the bed's namespace:
/// the console API frames Wine's console draws on the pane, the keys it turns into key records, and
/// the exit codes. What only a real Windows console can show (conhost, Windows Terminal) is not here.
/// </summary>
public sealed partial class WindowsUnderWineTests
{
    /// <summary>Starts watch in a fresh pane; the shell prints the exit status after it ends.</summary>
    private TmuxPane Watch(params string[] arguments)
    {
        var pane = new TmuxPane(_wine.Namespace);
        pane.Type(_wine.ShellCommand(["watch", .. arguments]) + "; echo EXIT:$?");
        pane.Press("Enter");
        return pane;
    }

    private static string ExitLine(TmuxPane pane) =>
        Regex.Match(pane.WaitFor(s => Regex.IsMatch(s, @"(?m)^EXIT:\d+"), "the exit status", seconds: 60), @"(?m)^EXIT:\d+").Value;

    [Fact]
    public void Watch_shows_the_listener_the_connection_and_udp_in_windows_spellings_with_dashes_for_what_windows_lacks_and_q_exits_0()
    {
        using TmuxPane pane = Watch();

        string screen = pane.WaitFor(s => s.Contains($"127.0.0.1:{_wine.ClientPort}", StringComparison.Ordinal), "the connection's row", seconds: 90);
        Assert.Matches($@"(?m)^.\s*TCP\s+127\.0\.0\.1:{_wine.TcpPort}\s+0\.0\.0\.0:0\s+LISTENING\b", screen);
        Match established = Regex.Match(screen, $@"(?m)^.\s*TCP\s+127\.0\.0\.1:{_wine.ClientPort}\s+127\.0\.0\.1:{_wine.TcpPort}\s+ESTABLISHED\s+(?<rest>.*)$");
        Assert.True(established.Success, screen);
        Assert.Matches($@"(?m)^.\s*TCP\s+\[::1\]:{_wine.Tcp6Port}\s+\[::\]:0\s+LISTENING\b", screen);
        Assert.Matches($@"(?m)^.\s*UDP\s+127\.0\.0\.1:{_wine.UdpPort}\s+\*:\*", screen);
        // No owner (Wine's PID 0), and no queues from IP Helper: dashes, never a made-up 0.
        Assert.Matches(@"^-(\s+-)+\s", established.Groups["rest"].Value + " ");

        pane.Type("q");
        Assert.Equal("EXIT:0", ExitLine(pane));
        // The console is given back: the view's rows are gone from the pane and the cursor shows again.
        Assert.DoesNotContain("LISTENING", pane.Capture(), StringComparison.Ordinal);
        Assert.True(pane.CursorVisible);
    }

    [Fact]
    public void Ctrl_c_ends_watch_with_130_and_gives_the_screen_back()
    {
        using TmuxPane pane = Watch();
        pane.WaitFor(s => s.Contains("LISTENING", StringComparison.Ordinal), "the view", seconds: 90);

        pane.Press("C-c");

        Assert.Equal("EXIT:130", ExitLine(pane));
        Assert.DoesNotContain("LISTENING", pane.Capture(), StringComparison.Ordinal);
        Assert.True(pane.CursorVisible);
    }

    [Fact]
    public void A_close_windows_cannot_do_is_refused_with_the_reason_before_any_question()
    {
        using TmuxPane pane = Watch("sport", "=", $":{_wine.Tcp6Port}");
        pane.WaitFor(s => s.Contains($"[::1]:{_wine.Tcp6Port}", StringComparison.Ordinal), "the IPv6 listener's row", seconds: 90);

        pane.Type("c");

        string screen = pane.WaitFor(s => s.Contains("cannot close", StringComparison.Ordinal), "the refusal");
        Assert.Contains("Windows has no call to close an IPv6 connection", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("y: yes", screen, StringComparison.Ordinal);
        pane.Type("q");
        Assert.Equal("EXIT:0", ExitLine(pane));
    }

    /// <summary>
    /// Wine 8's SetTcpEntry is a stub that answers success and closes nothing: the view asks, calls it
    /// on y, sees the connection still listed and says so, and the peer gets no reset. On Windows the
    /// same keys reset the connection (an elevated prompt is needed); that needs a Windows machine.
    /// </summary>
    [Fact]
    public void Closing_a_connection_from_the_keyboard_asks_first_and_says_that_wines_set_tcp_entry_closed_nothing()
    {
        (Socket listener, Socket client, Socket server) = _wine.Namespace.Run(() =>
        {
            var l = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            l.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            l.Listen(1);
            var c = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            c.Connect(l.LocalEndPoint!);
            return (l, c, l.Accept());
        });
        using (listener)
        using (client)
        using (server)
        {
            int port = ((IPEndPoint)client.LocalEndPoint!).Port;
            int serverPort = ((IPEndPoint)listener.LocalEndPoint!).Port;
            using TmuxPane pane = Watch("sport", "=", $":{port}");
            pane.WaitFor(s => s.Contains($"127.0.0.1:{port}", StringComparison.Ordinal), "the connection's row", seconds: 90);

            pane.Type("c");
            string question = pane.WaitFor(s => s.Contains("The peer gets a reset.", StringComparison.Ordinal), "the question");
            Assert.Contains($"Close tcp 127.0.0.1:{port} -> 127.0.0.1:{serverPort} ESTABLISHED", question, StringComparison.Ordinal);
            pane.Type("y");

            string screen = pane.WaitFor(s => s.Contains("could not close", StringComparison.Ordinal) || s.Contains("closed tcp", StringComparison.Ordinal), "the outcome");
            Assert.Contains("SetTcpEntry answered success but the connection is still listed", screen, StringComparison.Ordinal);
            // Nothing reached the peer: no reset, no end of stream; the connection still carries data.
            Assert.False(server.Poll(500_000, SelectMode.SelectRead));
            client.Send([42]);
            var received = new byte[1];
            server.ReceiveTimeout = 5000;
            Assert.Equal(1, server.Receive(received));
            pane.Type("q");
            Assert.Equal("EXIT:0", ExitLine(pane));
        }
    }
}
