using Netstate.Cli.Arguments;
using Netstate.Cli.Terminal;
using Netstate.Cli.Watch;
using Netstate.Core.Model;
using Netstate.Core.Owners;
using Netstate.Core.Platform;
using static Netstate.Cli.Tests.TestSockets;

namespace Netstate.Cli.Tests;

/// <summary>
/// The live view on a fake 140x30 terminal: marks across refreshes, keys for sort, pause, group and
/// filter, and the confirmations in front of every change to the system.
/// </summary>
public class WatchViewTests
{
    private const int Width = 140;
    private const int Height = 30;
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private sealed class FakeActions : IWatchActions
    {
        public bool ReadOnly { get; init; }

        public List<SocketEntry> Closed { get; } = [];

        public List<(int Pid, EndSignal Signal)> Ended { get; } = [];

        public List<string> Filters { get; } = [];

        public ActionResult CloseResult { get; init; } = ActionResult.Done;

        public ActionResult CloseSocket(SocketEntry socket)
        {
            Closed.Add(socket);
            return CloseResult;
        }

        public ActionResult EndProcess(ProcessInfo process, EndSignal signal)
        {
            Ended.Add((process.Pid, signal));
            return ActionResult.Done;
        }

        public void ApplyFilter(string text)
        {
            if (text.Length > 0)
                FilterArgument.Parse(text);
            Filters.Add(text);
        }
    }

    private static (WatchView View, WatchController Keys, FakeActions Actions) Make(bool readOnly = false, ActionResult? closeResult = null)
    {
        var view = new WatchView(new EndpointNames(null, null), TimeSpan.FromSeconds(1), "");
        var actions = new FakeActions { ReadOnly = readOnly, CloseResult = closeResult ?? ActionResult.Done };
        return (view, new WatchController(view, actions), actions);
    }

    private static SocketEntry Conn(ushort port, TcpState state, ulong cookie, ulong inode = 0) =>
        new()
        {
            Protocol = Protocol.Tcp, Family = Family.Inet, Local = At("127.0.0.1", port), Remote = At("127.0.0.1", 5000),
            RawState = (byte)state, RecvQueue = 0, SendQueue = 0, Cookie = cookie, Inode = inode,
        };

    private static SocketEntry Listener(ushort port, ulong cookie) =>
        new() { Protocol = Protocol.Tcp, Family = Family.Inet, Local = At("0.0.0.0", port), RawState = (byte)TcpState.Listen, RecvQueue = 0, SendQueue = 0, Cookie = cookie };

    private static List<string> Screen(WatchView view) => view.Build(Width, Height).Select(l => l.Text).ToList();

    private static ScreenLine RowOf(WatchView view, string text) => view.Build(Width, Height).Single(l => l.Text.Contains(text, StringComparison.Ordinal));

    [Fact]
    public void The_first_refresh_marks_nothing_then_new_changed_and_closed_rows_are_marked_and_closed_ones_leave()
    {
        (WatchView view, _, _) = Make();
        SocketEntry a = Conn(40001, TcpState.Established, cookie: 1);
        view.Refreshed([a], null, 1, Start);
        Assert.Equal(LineStyle.Normal, RowOf(view, ":40001").Style);
        Assert.StartsWith("  ", RowOf(view, ":40001").Text, StringComparison.Ordinal);

        SocketEntry b = Conn(40002, TcpState.Established, cookie: 2);
        view.Refreshed([a, b], null, 2, Start.AddSeconds(1));
        Assert.Equal(LineStyle.New, RowOf(view, ":40002").Style);
        Assert.StartsWith("+ ", RowOf(view, ":40002").Text, StringComparison.Ordinal);

        // Same cookie, new state: one row, marked changed, showing the new state.
        SocketEntry aClosing = Conn(40001, TcpState.FinWait2, cookie: 1);
        view.Refreshed([aClosing, b], null, 2, Start.AddSeconds(2));
        ScreenLine changed = RowOf(view, ":40001");
        Assert.Equal(LineStyle.Changed, changed.Style);
        Assert.StartsWith("~ ", changed.Text, StringComparison.Ordinal);
        Assert.Contains("FIN_WAIT2", changed.Text, StringComparison.Ordinal);

        view.Refreshed([b], null, 1, Start.AddSeconds(3));
        ScreenLine closed = RowOf(view, ":40001");
        Assert.Equal(LineStyle.Closed, closed.Style);
        Assert.StartsWith("x ", closed.Text, StringComparison.Ordinal);

        for (int i = 0; i < WatchTable.MarkedRefreshes; i++)
            view.Refreshed([b], null, 1, Start.AddSeconds(4 + i));
        Assert.DoesNotContain(Screen(view), l => l.Contains(":40001", StringComparison.Ordinal));
        Assert.Equal(LineStyle.Normal, RowOf(view, ":40002").Style);
    }

    [Fact]
    public void The_header_counts_states_in_the_netstat_vocabulary_and_says_shown_of_total()
    {
        (WatchView view, _, _) = Make();
        view.Refreshed([Conn(40001, TcpState.Established, 1), Conn(40002, TcpState.TimeWait, 2), Listener(5000, 3)], null, 10, Start);
        List<string> screen = Screen(view);
        Assert.Contains("3 of 10 sockets shown", screen[0], StringComparison.Ordinal);
        Assert.Equal("tcp: ESTABLISHED 1  TIME_WAIT 1  LISTEN 1", screen[1]);
    }

    [Fact]
    public void Sort_keys_move_the_sorted_column_and_r_reverses_it()
    {
        (WatchView view, WatchController keys, _) = Make();
        view.Refreshed([Conn(40002, TcpState.Established, 1), Conn(40001, TcpState.SynSent, 2)], null, 2, Start);
        List<string> rows() => Screen(view).Where(l => l.Contains(":4000", StringComparison.Ordinal)).ToList();
        Assert.Contains(":40001", rows()[0], StringComparison.Ordinal);
        keys.Handle(Key.Of('r'));
        Assert.Contains(":40002", rows()[0], StringComparison.Ordinal);
        keys.Handle(Key.Of('r'));
        // Local -> Remote -> State: ESTABLISHED (1) sorts before SYN_SENT (2).
        keys.Handle(Key.Of('s'));
        keys.Handle(Key.Of('s'));
        Assert.Equal(WatchColumn.State, view.SortColumn);
        Assert.Contains("ESTABLISHED", rows()[0], StringComparison.Ordinal);
        Assert.Contains("State^", Screen(view)[3], StringComparison.Ordinal);
        keys.Handle(Key.Of('S'));
        Assert.Equal(WatchColumn.Remote, view.SortColumn);
    }

    [Fact]
    public void Pause_stops_and_resumes_with_a_refresh()
    {
        (WatchView view, WatchController keys, _) = Make();
        Assert.Equal(KeyOutcome.Redraw, keys.Handle(Key.Of('p')));
        Assert.True(view.Paused);
        Assert.Contains("[PAUSED]", Screen(view)[0], StringComparison.Ordinal);
        Assert.Equal(KeyOutcome.Refresh, keys.Handle(Key.Of(' ')));
        Assert.False(view.Paused);
    }

    [Fact]
    public void The_listeners_key_hides_and_shows_listening_sockets()
    {
        (WatchView view, WatchController keys, _) = Make();
        view.Refreshed([Conn(40001, TcpState.Established, 1), Listener(5000, 2)], null, 2, Start);
        keys.Handle(Key.Of('l'));
        Assert.DoesNotContain(Screen(view), l => l.Contains("LISTEN ", StringComparison.Ordinal) && l.Contains("0.0.0.0:5000", StringComparison.Ordinal));
        keys.Handle(Key.Of('l'));
        Assert.Contains(Screen(view), l => l.Contains("0.0.0.0:5000", StringComparison.Ordinal));
    }

    [Fact]
    public void Grouping_lists_one_line_per_process_and_enter_shows_that_process_sockets()
    {
        (WatchView view, WatchController keys, _) = Make();
        OwnerMap owners = Owners((10, 100, "server"), (11, 100, "server"), (12, 200, "client"));
        view.Refreshed([Conn(40001, TcpState.Established, 1, inode: 10), Listener(5000, 2), Conn(40002, TcpState.Established, 3, inode: 12)], owners, 3, Start);
        keys.Handle(Key.Of('g'));
        List<string> screen = Screen(view);
        Assert.Contains(screen, l => l.Contains("PID", StringComparison.Ordinal) && l.Contains("Sockets", StringComparison.Ordinal));
        Assert.Contains(screen, l => l.Contains("100", StringComparison.Ordinal) && l.Contains("server", StringComparison.Ordinal));
        Assert.Contains(screen, l => l.Contains("(no process known)", StringComparison.Ordinal));
        // Select the client and open it: only its socket is listed.
        while (view.SelectedGroup?.Pid != 200)
            keys.Handle(new Key(KeyKind.Down));
        keys.Handle(new Key(KeyKind.Enter));
        screen = Screen(view);
        Assert.Contains(screen, l => l.Contains(":40002", StringComparison.Ordinal) && l.Contains("200/client", StringComparison.Ordinal));
        Assert.DoesNotContain(screen, l => l.Contains(":40001", StringComparison.Ordinal));
        keys.Handle(new Key(KeyKind.Escape));
        Assert.True(view.ShowsGroups);
    }

    [Fact]
    public void A_malformed_live_filter_shows_the_error_with_a_caret_and_keeps_the_old_filter()
    {
        (WatchView view, WatchController keys, FakeActions actions) = Make();
        keys.Handle(Key.Of('/'));
        foreach (char c in "sport = :x")
            keys.Handle(Key.Of(c));
        Assert.Equal(KeyOutcome.Redraw, keys.Handle(new Key(KeyKind.Enter)));
        List<ScreenLine> lines = view.Build(Width, Height);
        int expression = lines.FindIndex(l => l.Text == "  sport = :x");
        Assert.True(expression > 0, string.Join('\n', lines.Select(l => l.Text)));
        Assert.Equal(LineStyle.Error, lines[expression - 1].Style);
        Assert.Matches(@"^ +\^$", lines[expression + 1].Text);
        Assert.Equal("", view.FilterText);
        Assert.Empty(actions.Filters);

        // Fixed and applied: the filter is in force and a refresh follows.
        keys.Handle(new Key(KeyKind.Backspace));
        keys.Handle(Key.Of('5'));
        Assert.Equal(KeyOutcome.Refresh, keys.Handle(new Key(KeyKind.Enter)));
        Assert.Equal("sport = :5", view.FilterText);
        Assert.Contains("filter: sport = :5", Screen(view)[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Closing_asks_first_names_the_socket_and_acts_only_on_y()
    {
        (WatchView view, WatchController keys, FakeActions actions) = Make();
        view.Refreshed([Conn(40001, TcpState.Established, 1)], null, 1, Start);
        keys.Handle(Key.Of('c'));
        Assert.Contains(Screen(view), l => l.StartsWith("Close tcp 127.0.0.1:40001 -> 127.0.0.1:5000 ESTABLISHED", StringComparison.Ordinal));
        keys.Handle(Key.Of('n'));
        Assert.Empty(actions.Closed);
        Assert.Contains(Screen(view), l => l == "cancelled");

        keys.Handle(new Key(KeyKind.Delete));
        Assert.Equal(KeyOutcome.Refresh, keys.Handle(Key.Of('y')));
        Assert.Equal(1UL, Assert.Single(actions.Closed).Cookie);
        Assert.Contains(Screen(view), l => l.StartsWith("closed tcp 127.0.0.1:40001", StringComparison.Ordinal));
    }

    [Fact]
    public void A_refused_close_says_why_on_screen()
    {
        (WatchView view, WatchController keys, _) = Make(closeResult: new ActionResult(ActionOutcome.NotPermitted, "operation not permitted (EPERM): needs CAP_NET_ADMIN"));
        view.Refreshed([Conn(40001, TcpState.Established, 1)], null, 1, Start);
        keys.Handle(Key.Of('c'));
        keys.Handle(Key.Of('y'));
        ScreenLine status = view.Build(Width, Height).Single(l => l.Text.StartsWith("could not close", StringComparison.Ordinal));
        Assert.Contains("EPERM", status.Text, StringComparison.Ordinal);
        Assert.Equal(LineStyle.Error, status.Style);
    }

    [Fact]
    public void Ending_a_process_asks_with_pid_and_name_and_9_sends_sigkill()
    {
        (WatchView view, WatchController keys, FakeActions actions) = Make();
        view.Refreshed([Conn(40001, TcpState.Established, 1, inode: 10)], Owners((10, 321, "daemon")), 1, Start);
        keys.Handle(Key.Of('e'));
        Assert.Contains(Screen(view), l => l == "End process 321 (daemon)?");
        keys.Handle(new Key(KeyKind.Escape));
        Assert.Empty(actions.Ended);
        keys.Handle(Key.Of('e'));
        keys.Handle(Key.Of('9'));
        Assert.Equal((321, EndSignal.Kill), Assert.Single(actions.Ended));
        Assert.Contains(Screen(view), l => l == "sent SIGKILL to process 321 (daemon)");
    }

    [Fact]
    public void Read_only_refuses_both_changes_without_asking()
    {
        (WatchView view, WatchController keys, FakeActions actions) = Make(readOnly: true);
        view.Refreshed([Conn(40001, TcpState.Established, 1, inode: 10)], Owners((10, 321, "daemon")), 1, Start);
        keys.Handle(Key.Of('c'));
        Assert.Null(view.Pending);
        keys.Handle(Key.Of('y'));
        keys.Handle(Key.Of('e'));
        keys.Handle(Key.Of('y'));
        Assert.Empty(actions.Closed);
        Assert.Empty(actions.Ended);
        Assert.Contains(Screen(view), l => l.StartsWith("read-only", StringComparison.Ordinal));
    }

    [Fact]
    public void Hostile_process_names_are_escaped_on_screen()
    {
        (WatchView view, _, _) = Make();
        view.Refreshed([Conn(40001, TcpState.Established, 1, inode: 10)], Owners((10, 7, "evil\e]2;pwned\a")), 1, Start);
        string row = RowOf(view, ":40001").Text;
        Assert.DoesNotContain('\e', row);
        Assert.DoesNotContain('\a', row);
        Assert.Contains("7/evil", row, StringComparison.Ordinal);
    }

    [Fact]
    public void The_help_screen_lists_the_keys_and_any_key_returns()
    {
        (WatchView view, WatchController keys, _) = Make();
        keys.Handle(Key.Of('?'));
        List<string> help = Screen(view);
        Assert.Contains(help, l => l.Contains("close the selected connection", StringComparison.Ordinal));
        keys.Handle(Key.Of('x'));
        Assert.False(view.ShowHelp);
        Assert.Equal(KeyOutcome.Quit, keys.Handle(Key.Of('q')));
        Assert.Equal(KeyOutcome.Quit, keys.Handle(new Key(KeyKind.Interrupt)));
    }

    [Fact]
    public void Watch_options_take_the_listing_flags_an_interval_and_read_only()
    {
        WatchOptions options = WatchOptions.Parse(["-t", "--interval", "0.5", "--read-only", "state", "established"]);
        Assert.True(options.ReadOnly);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.Listing.Interval);
        Assert.Equal(SocketTables.Tcp, options.Listing.Tables);
        Assert.Equal("state established", options.Listing.Filter!.Text);
        // No selector: TCP and UDP, listeners included.
        WatchOptions plain = WatchOptions.Parse([]);
        Assert.Equal(SocketTables.Tcp | SocketTables.Udp, plain.Listing.Tables);
        Assert.True(plain.Listing.All);
        Assert.Throws<UsageException>(() => WatchOptions.Parse(["--json"]));
        Assert.Throws<UsageException>(() => WatchOptions.Parse(["-r"]));
        Assert.Throws<FilterUsageException>(() => WatchOptions.Parse(["state", "bogus"]));
    }

    /// <summary>An owner map of (inode, pid, name) holders.</summary>
    private static OwnerMap Owners(params (ulong Inode, int Pid, string Name)[] holders)
    {
        var first = new Dictionary<ulong, int>();
        var chain = new (SocketOwner Owner, int Next)[holders.Length];
        for (int i = 0; i < holders.Length; i++)
        {
            chain[i] = (new SocketOwner(new ProcessInfo(holders[i].Pid, System.Text.Encoding.UTF8.GetBytes(holders[i].Name)), 3), -1);
            first.TryAdd(holders[i].Inode, i);
        }
        return new OwnerMap(first, chain, [], true, true);
    }
}
