using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// <c>netstate watch</c>, the published native binary, in a real terminal: a tmux pane inside a
/// private network namespace where the test opens, changes and closes real loopback connections,
/// and reads the screen back with capture-pane. Every wait polls with a generous deadline.
/// </summary>
public sealed class WatchTests : IDisposable
{
    private const int Port = 5555;
    private readonly NetworkNamespace _ns = new();
    private readonly LoopbackConnections _connections;

    public WatchTests()
    {
        _connections = new LoopbackConnections(_ns, Port);
    }

    private (Socket Client, Socket Server, int ClientPort) Connect() => _connections.Connect();

    private static TmuxPane StartWatch(NetworkNamespace ns, string arguments, string environment = "")
    {
        var pane = new TmuxPane(ns);
        pane.Type($"{environment}{PublishedNetstate.Binary} watch {arguments}; echo \"watch exited $?\"");
        pane.Press("Enter");
        pane.WaitFor(s => s.Contains("netstate watch ", StringComparison.Ordinal) && s.Contains("Local Address", StringComparison.Ordinal), "the watch screen");
        return pane;
    }

    /// <summary>The screen line of the row with this local endpoint, as plain text.</summary>
    private static string? Row(string screen, string local) =>
        screen.Split('\n').FirstOrDefault(l => l.Length > 2 && l[2..].Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, var column, ..] && column == local);

    [Fact]
    public void A_new_connection_is_marked_new_a_state_change_changed_and_a_closed_one_closed_then_gone()
    {
        using TmuxPane pane = StartWatch(_ns, "-t -c 1");
        pane.WaitFor(s => Row(s, $"127.0.0.1:{Port}") is { } row && row.Contains("LISTEN", StringComparison.Ordinal), "the listener");

        (Socket client, Socket server, int clientPort) = Connect();
        string local = $"127.0.0.1:{clientPort}";
        // New: '+' in the marker column, and green (SGR 32) on screen.
        pane.WaitFor(s => Row(s, local) is { } row && row.StartsWith("+ ", StringComparison.Ordinal) && row.Contains("ESTABLISHED", StringComparison.Ordinal), "the new connection marked +");
        pane.WaitFor(s => s.Split('\n').Any(l => l.Contains(local, StringComparison.Ordinal) && l.Contains("\e[32m", StringComparison.Ordinal)), "the new row in green", escapes: true);

        // The server closes its end: the client goes to CLOSE_WAIT, marked changed.
        _ns.Run(() => server.Shutdown(SocketShutdown.Send));
        pane.WaitFor(s => Row(s, local) is { } row && row.StartsWith("~ ", StringComparison.Ordinal) && row.Contains("CLOSE_WAIT", StringComparison.Ordinal), "the state change marked ~");

        // Both ends reset away (linger 0): the row is marked closed, then leaves.
        _ns.Run(() =>
        {
            client.LingerState = new LingerOption(true, 0);
            client.Close();
            server.LingerState = new LingerOption(true, 0);
            server.Close();
        });
        pane.WaitFor(s => Row(s, local) is { } row && row.StartsWith("x ", StringComparison.Ordinal), "the closed connection marked x");
        pane.WaitFor(s => Row(s, local) is null, "the closed connection leaving the screen");
        pane.Press("q");
        pane.WaitFor(s => s.Contains("watch exited 0", StringComparison.Ordinal), "watch ending on q");
    }

    [Fact]
    public void Keys_sort_filter_pause_and_group_and_a_bad_filter_shows_a_caret()
    {
        using TmuxPane pane = StartWatch(_ns, "-t -c 1");
        (_, _, int clientPort) = Connect();
        pane.WaitFor(s => Row(s, $"127.0.0.1:{clientPort}") is not null, "the connection");

        pane.Press("s");
        pane.WaitFor(s => s.Contains("sort: Foreign Address ascending", StringComparison.Ordinal), "sorting by the next column");
        pane.Press("r");
        pane.WaitFor(s => s.Contains("sort: Foreign Address descending", StringComparison.Ordinal), "the order reversed");

        pane.Press("g");
        pane.WaitFor(s => s.Contains("Sockets", StringComparison.Ordinal) && s.Contains("processes,", StringComparison.Ordinal), "the grouped view");
        pane.Press("g");

        // A malformed filter: the message and a caret under the mistake, and the view goes on.
        pane.Press("/");
        pane.Type("sport = :nope");
        pane.Press("Enter");
        string screen = pane.WaitFor(s => s.Contains("  sport = :nope", StringComparison.Ordinal) && s.Contains('^', StringComparison.Ordinal), "the filter error with a caret");
        Assert.Contains("filter:", screen, StringComparison.Ordinal);
        pane.Press("C-u"); // not a key watch knows: ignored, the draft stays
        for (int i = 0; i < "nope".Length; i++)
            pane.Press("BSpace");
        pane.Type(clientPort.ToString(CultureInfo.InvariantCulture));
        pane.Press("Enter");
        pane.WaitFor(s => s.Contains($"filter: sport = :{clientPort}", StringComparison.Ordinal) && Row(s, $"127.0.0.1:{Port}") is null, "the filter applied");

        // An empty filter removes it.
        pane.Press("/");
        for (int i = 0; i < 40; i++)
            pane.Press("BSpace");
        pane.Press("Enter");
        pane.WaitFor(s => s.Contains("filter: none", StringComparison.Ordinal), "the filter removed");
        pane.Press("q");
        pane.WaitFor(s => s.Contains("watch exited 0", StringComparison.Ordinal), "watch ending on q");
    }

    [Fact]
    public void Pausing_holds_the_screen_until_resumed()
    {
        using TmuxPane pane = StartWatch(_ns, "-t -c 1");
        pane.Press("p");
        pane.WaitFor(s => s.Contains("[PAUSED]", StringComparison.Ordinal), "paused");
        (_, _, int clientPort) = Connect();
        string local = $"127.0.0.1:{clientPort}";
        // Three refresh intervals pass while paused; the row must not appear. Not a timing assertion:
        // the socket exists from the start of the wait, and only a refresh could show it.
        Thread.Sleep(3000);
        Assert.Null(Row(pane.Capture(), local));
        pane.Press("p");
        pane.WaitFor(s => Row(s, local) is not null && !s.Contains("[PAUSED]", StringComparison.Ordinal), "the connection after resuming");
        pane.Press("q");
    }

    [Fact]
    public void Closing_a_connection_from_the_keyboard_resets_it_and_the_peer_sees_the_reset()
    {
        using TmuxPane pane = StartWatch(_ns, $"-t -c 1 sport = :{Port} and state established");
        (Socket client, Socket server, int clientPort) = Connect();
        pane.WaitFor(s => Row(s, $"127.0.0.1:{Port}") is { } row && row.Contains($"127.0.0.1:{clientPort}", StringComparison.Ordinal), "the server side of the connection");

        pane.Press("c");
        pane.WaitFor(s => s.Contains($"Close tcp 127.0.0.1:{Port} -> 127.0.0.1:{clientPort} ESTABLISHED", StringComparison.Ordinal), "the confirmation");
        pane.Press("y");
        pane.WaitFor(s => s.Contains($"closed tcp 127.0.0.1:{Port} -> 127.0.0.1:{clientPort}", StringComparison.Ordinal), "the outcome on the status line");

        // ss sees neither end any more, and the client's next read fails with a reset.
        string ss = Tools.Require("ss", "iproute2");
        Assert.True(Poll(() => _ns.Exec(ss, "-tanH", $"sport = :{clientPort} or dport = :{clientPort}").Stdout.Trim().Length == 0),
            "ss still lists the connection: " + _ns.Exec(ss, "-tanH", $"sport = :{clientPort} or dport = :{clientPort}").Stdout);
        SocketException reset = Assert.Throws<SocketException>(() => _ns.Run(() =>
        {
            client.ReceiveTimeout = 30_000;
            return client.Receive(new byte[16]);
        }));
        Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
        _ = server;
        pane.Press("q");
    }

    [Fact]
    public void Ending_a_process_from_the_keyboard_asks_first_and_a_yes_really_ends_it()
    {
        const int ServerPort = 7777;
        using System.Diagnostics.Process server = StartListeningProcess(ServerPort);
        try
        {
            using TmuxPane pane = StartWatch(_ns, $"-t -c 1 sport = :{ServerPort}");
            string local = $"127.0.0.1:{ServerPort}";
            string pid = server.Id.ToString(CultureInfo.InvariantCulture);
            // The listener's row names its process (pid/program, as netstat -p).
            pane.WaitFor(s => Row(s, local) is { } row && row.Contains("LISTEN", StringComparison.Ordinal) && row.Contains($"{pid}/python3", StringComparison.Ordinal), "the listener with its process");

            // Any other key than y (or 9) cancels: the process lives on.
            pane.Press("e");
            pane.WaitFor(s => s.Contains($"End process {pid} (python3)?", StringComparison.Ordinal), "the question naming the process");
            pane.Press("x");
            pane.WaitFor(s => s.Contains("cancelled", StringComparison.Ordinal), "the cancel on the status line");
            Assert.False(server.HasExited);

            pane.Press("e");
            pane.WaitFor(s => s.Contains($"End process {pid} (python3)?", StringComparison.Ordinal), "the question again");
            pane.Press("y");
            pane.WaitFor(s => s.Contains($"sent SIGTERM to process {pid} (python3)", StringComparison.Ordinal), "the outcome on the status line");
            Assert.True(server.WaitForExit(60_000), "the process did not end after SIGTERM");
            // Killed by the signal: a shell reports 128+15; .NET's ExitCode for a signalled child is 128+signal too.
            Assert.Equal(128 + 15, server.ExitCode);
            // Its listener closes with it: marked x, then gone.
            pane.WaitFor(s => Row(s, local) is { } row && row.StartsWith("x ", StringComparison.Ordinal), "the listener marked closed");
            pane.WaitFor(s => Row(s, local) is null, "the listener leaving the screen");
            pane.Press("q");
            pane.WaitFor(s => s.Contains("watch exited 0", StringComparison.Ordinal), "watch ending on q");
        }
        finally
        {
            if (!server.HasExited)
                server.Kill();
        }
    }

    [Fact]
    public void The_n_key_shows_host_and_service_names_and_back_to_numbers()
    {
        const int HttpAlt = 8080; // http-alt in /etc/services; 127.0.0.1 is localhost in /etc/hosts
        using var listener = new LoopbackConnections(_ns, HttpAlt);
        using TmuxPane pane = StartWatch(_ns, $"-t -c 1 sport = :{HttpAlt}");
        pane.WaitFor(s => Row(s, $"127.0.0.1:{HttpAlt}") is { } row && row.Contains("LISTEN", StringComparison.Ordinal), "the listener in numbers");

        pane.Press("n");
        // The lookup runs in the background; the screen shows the service name at once and the host once it is known.
        pane.WaitFor(s => s.Contains("[names]", StringComparison.Ordinal) && Row(s, "localhost:http-alt") is { } row && row.Contains("LISTEN", StringComparison.Ordinal), "the listener by name");
        pane.Press("n");
        pane.WaitFor(s => !s.Contains("[names]", StringComparison.Ordinal) && Row(s, $"127.0.0.1:{HttpAlt}") is not null && !s.Contains("localhost:http-alt", StringComparison.Ordinal), "numbers again");
        pane.Press("q");
        pane.WaitFor(s => s.Contains("watch exited 0", StringComparison.Ordinal), "watch ending on q");
    }

    [Fact]
    public void A_mouse_click_on_a_heading_sorts_by_it_and_a_click_on_a_row_selects_it()
    {
        using TmuxPane pane = StartWatch(_ns, $"-t -c 1 sport = :{Port} or dport = :{Port}");
        (_, _, int first) = Connect();
        (_, _, int second) = Connect();
        string screen = pane.WaitFor(s => Row(s, $"127.0.0.1:{first}") is not null && Row(s, $"127.0.0.1:{second}") is not null, "both connections");

        // A left click (SGR mouse report, 1-based column and row) on the State heading sorts by State.
        string[] lines = screen.Split('\n');
        int heading = Array.FindIndex(lines, l => l.TrimStart().StartsWith("Proto ", StringComparison.Ordinal) && l.Contains("Local Address", StringComparison.Ordinal));
        int stateColumn = heading < 0 ? -1 : lines[heading].IndexOf(" State", StringComparison.Ordinal) + 1;
        Assert.True(stateColumn > 0, "no column headings on screen:\n" + screen);
        pane.Click(stateColumn + 1, heading + 1);
        screen = pane.WaitFor(s => s.Contains("sort: State ascending", StringComparison.Ordinal), "the sort by State after the click");

        // A click on the second connection's client row selects it: c then asks about that very socket.
        lines = screen.Split('\n');
        int row = Array.FindIndex(lines, l => Row(l, $"127.0.0.1:{second}") is not null);
        Assert.True(row >= 0, "the row is not on screen:\n" + screen);
        pane.Click(10, row + 1);
        pane.WaitFor(s => s.Split('\n').Any(l => l.Contains($"127.0.0.1:{second} ", StringComparison.Ordinal) && l.Contains("\e[7m", StringComparison.Ordinal)), "the clicked row in reverse video", escapes: true);
        pane.Press("c");
        pane.WaitFor(s => s.Contains($"Close tcp 127.0.0.1:{second} -> 127.0.0.1:{Port} ESTABLISHED", StringComparison.Ordinal), "the question about the clicked row");
        pane.Press("Escape");
        pane.WaitFor(s => s.Contains("cancelled", StringComparison.Ordinal), "the question cancelled");
        pane.Press("q");
        pane.WaitFor(s => s.Contains("watch exited 0", StringComparison.Ordinal), "watch ending on q");
    }

    /// <summary>A python3 process in the namespace listening on 127.0.0.1:<paramref name="port"/>, once it listens.</summary>
    private System.Diagnostics.Process StartListeningProcess(int port)
    {
        // The system's python3 (not a version manager's shim): its program name is python3.
        const string python = "/usr/bin/python3";
        Assert.True(File.Exists(python), "python3 is not installed (apt-get install python3)");
        var process = _ns.Run(() => System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(python)
        {
            ArgumentList =
            {
                "-c",
                "import socket, sys, time\n"
                + "s = socket.socket()\n"
                + $"s.bind(('127.0.0.1', {port}))\n"
                + "s.listen()\n"
                + "print('ready', flush=True)\n"
                + "time.sleep(600)\n",
            },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!);
        string? line = process.StandardOutput.ReadLine();
        Assert.Equal("ready", line);
        return process;
    }

    [Fact]
    public void A_resized_window_is_redrawn_to_its_new_width()
    {
        using TmuxPane pane = StartWatch(_ns, "-t");
        pane.WaitFor(s => s.Contains(" Since", StringComparison.Ordinal), "the wide layout with every column");
        pane.Resize(90, 30);
        // SIGWINCH: the next frame drops the columns that no longer fit, without waiting for a key.
        pane.WaitFor(s => s.Contains("Local Address", StringComparison.Ordinal) && !s.Contains(" Since", StringComparison.Ordinal)
            && s.Split('\n').All(l => l.TrimEnd().Length <= 90), "the narrow layout");
        pane.Press("q");
    }

    [Theory]
    [InlineData("TERM", 143)]
    [InlineData("HUP", 129)]
    public void A_signal_restores_the_terminal_and_the_shell_shows_again(string signal, int exitCode)
    {
        using TmuxPane pane = StartWatch(_ns, "-t");
        Assert.True(pane.AlternateScreen);
        int watchPid = ChildOf(pane.ShellPid);
        ProcessResult kill = ProcessResult.Run("kill", ["-" + signal, watchPid.ToString(CultureInfo.InvariantCulture)]);
        Assert.Equal(0, kill.ExitCode);
        string screen = pane.WaitFor(s => s.Contains($"watch exited {exitCode}", StringComparison.Ordinal), $"the shell after SIG{signal}");
        Assert.False(pane.AlternateScreen);
        Assert.DoesNotContain("Local Address", screen, StringComparison.Ordinal);
        // Echo and line mode are back: typed text shows, and a command runs.
        pane.Type("echo typed-back");
        pane.Press("Enter");
        pane.WaitFor(s => s.Contains("shell$ echo typed-back", StringComparison.Ordinal) && s.Split('\n').Any(l => l.Trim() == "typed-back"), "the shell echoing again");
    }

    [Fact]
    public void With_NO_COLOR_the_marks_are_text_alone()
    {
        using TmuxPane pane = StartWatch(_ns, "-t -c 1", environment: "NO_COLOR=1 ");
        pane.WaitFor(s => Row(s, $"127.0.0.1:{Port}") is not null, "the listener");
        (_, _, int clientPort) = Connect();
        string local = $"127.0.0.1:{clientPort}";
        string screen = pane.WaitFor(s => Row(s, local) is { } row && row.StartsWith("+ ", StringComparison.Ordinal), "the new connection marked +");
        // No colour anywhere on the screen: no SGR 30-37 or 90-97 foreground (the selection may still be reverse video).
        string coloured = pane.Capture(escapes: true);
        Assert.DoesNotMatch(@"\e\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7])(?:;[0-9;]*)?m", coloured);
        Assert.Contains("+ ", screen, StringComparison.Ordinal);
        pane.Press("q");
        pane.WaitFor(s => s.Contains("watch exited 0", StringComparison.Ordinal), "watch ending on q");
    }

    [Fact]
    public void A_dumb_terminal_gets_a_clear_error_suggesting_the_repeating_listing()
    {
        using var pane = new TmuxPane(_ns);
        pane.Type($"TERM=dumb {PublishedNetstate.Binary} watch; echo \"watch exited $?\"");
        pane.Press("Enter");
        string screen = pane.WaitFor(s => s.Contains("watch exited 1", StringComparison.Ordinal), "watch refusing a dumb terminal");
        Assert.Contains("TERM is dumb", screen, StringComparison.Ordinal);
        Assert.Contains("netstate -c", screen, StringComparison.Ordinal);
        Assert.False(pane.AlternateScreen);
    }

    [Fact]
    public void Without_a_terminal_watch_says_so_and_does_not_hang()
    {
        ProcessResult result = _ns.Run(() => ProcessResult.Run(PublishedNetstate.Binary, ["watch"], timeout: TimeSpan.FromSeconds(60)));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("needs a terminal", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("netstate -c", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    private static bool Poll(Func<bool> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (condition())
                return true;
            Thread.Sleep(100);
        }
        return false;
    }

    /// <summary>The one child of the pane's shell: the watch it started.</summary>
    private static int ChildOf(int shell)
    {
        string children = File.ReadAllText($"/proc/{shell}/task/{shell}/children").Trim();
        return int.Parse(children.Split(' ')[0], CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        _connections.Dispose();
        _ns.Dispose();
    }
}
