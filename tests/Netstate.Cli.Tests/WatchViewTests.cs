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

        /// <summary>What <see cref="RefuseClose"/> answers (Windows refuses UDP, IPv6 and listeners before asking).</summary>
        public Func<SocketEntry, string?> Refusal { get; init; } = _ => null;

        public string? RefuseClose(SocketEntry socket) => Refusal(socket);

        public string NoOwnerReason { get; init; } = "not root: other users' processes are hidden";

        public string? NoNamesReason { get; init; }

        public bool EndsBySignal { get; init; } = true;

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

    /// <summary>The view with what WatchCommand answers on Windows: the close refusals of WindowsTcpClose, TerminateProcess, no services file.</summary>
    private static (WatchView View, WatchController Keys, FakeActions Actions) MakeWindows()
    {
        var view = new WatchView(new EndpointNames(null, null), TimeSpan.FromSeconds(1), "");
        var actions = new FakeActions
        {
            Refusal = s => Netstate.Core.Platform.Windows.WindowsTcpClose.Refusal(s)?.Reason,
            NoOwnerReason = "Windows gives no process for TIME_WAIT rows",
            NoNamesReason = @"no services file at C:\windows\system32\drivers\etc\services",
            EndsBySignal = false,
        };
        return (view, new WatchController(view, actions), actions);
    }

    [Fact]
    public void On_windows_a_close_windows_cannot_do_is_refused_before_asking_and_an_ipv4_connection_is_asked_about()
    {
        (WatchView view, WatchController keys, FakeActions actions) = MakeWindows();
        view.Refreshed([Listener(40002, 2), Conn(40001, TcpState.Established, 1)], null, 2, Start);
        keys.Handle(new Key(KeyKind.Home));
        if (view.SelectedRow!.Entry.TcpState != TcpState.Listen)
            keys.Handle(new Key(KeyKind.Down));
        keys.Handle(Key.Of('c'));
        Assert.Null(view.Pending);
        ScreenLine status = view.Build(Width, Height).Single(l => l.Text.StartsWith("cannot close tcp 0.0.0.0:40002", StringComparison.Ordinal));
        Assert.Contains("Windows cannot close a listening socket", status.Text, StringComparison.Ordinal);
        Assert.Equal(LineStyle.Error, status.Style);
        keys.Handle(Key.Of('y'));
        Assert.Empty(actions.Closed);

        keys.Handle(new Key(KeyKind.Home));
        if (view.SelectedRow!.Entry.TcpState == TcpState.Listen)
            keys.Handle(new Key(KeyKind.Down));
        keys.Handle(Key.Of('c'));
        Assert.NotNull(view.Pending);
        keys.Handle(Key.Of('y'));
        Assert.Equal(1UL, Assert.Single(actions.Closed).Cookie);
    }

    [Fact]
    public void On_windows_ending_a_process_offers_y_only_and_says_ended_and_a_row_without_owner_says_why()
    {
        (WatchView view, WatchController keys, FakeActions actions) = MakeWindows();
        view.Refreshed([Conn(40001, TcpState.Established, 1, inode: 10), Conn(40003, TcpState.TimeWait, 3)], Owners((10, 321, "server.exe")), 2, Start);
        keys.Handle(Key.Of('e'));
        Assert.Contains(Screen(view), l => l.StartsWith("y: end it (TerminateProcess", StringComparison.Ordinal));
        // 9 is no answer here: Windows has no second way to end a process.
        keys.Handle(Key.Of('9'));
        Assert.Empty(actions.Ended);
        keys.Handle(Key.Of('e'));
        keys.Handle(Key.Of('y'));
        Assert.Equal((321, EndSignal.Terminate), Assert.Single(actions.Ended));
        Assert.Contains(Screen(view), l => l == "ended process 321 (server.exe)");

        keys.Handle(new Key(KeyKind.Down));
        keys.Handle(Key.Of('e'));
        Assert.Contains(Screen(view), l => l == "no process is known for this row (Windows gives no process for TIME_WAIT rows)");
        keys.Handle(Key.Of('n'));
        Assert.Contains(Screen(view), l => l == @"names are not available (no services file at C:\windows\system32\drivers\etc\services)");
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
    public void Across_namespaces_a_netns_column_names_each_rows_namespace_and_close_names_it_too()
    {
        (WatchView view, WatchController keys, FakeActions actions) = Make();
        var blue = new NetworkNamespace(4026532001) { Name = "blue\e[31m" };
        var bare = new NetworkNamespace(4026532002);
        view.ShowNamespaces = true;
        view.NamespaceScope = "all 2";
        // The same endpoints in two namespaces: two rows, told apart by the column.
        view.Refreshed([Conn(40001, TcpState.Established, 1).InNamespace(blue), Conn(40001, TcpState.Established, 2).InNamespace(bare)], null, 2, Start);
        List<string> screen = Screen(view);
        Assert.Contains("netns: all 2", screen[2], StringComparison.Ordinal);
        Assert.StartsWith("  Netns", screen[3], StringComparison.Ordinal);
        Assert.Contains(screen, l => l.StartsWith("  blue\\x1B[31m", StringComparison.Ordinal) && l.Contains("127.0.0.1:40001", StringComparison.Ordinal));
        Assert.Contains(screen, l => l.StartsWith("  net:[4026532002]", StringComparison.Ordinal) && l.Contains("127.0.0.1:40001", StringComparison.Ordinal));

        // Sorting cycles through the column while it shows; the close question names the namespace.
        keys.Handle(Key.Of('S'));
        keys.Handle(Key.Of('S'));
        Assert.Equal(WatchColumn.Namespace, view.SortColumn);
        Assert.StartsWith("  blue", Screen(view)[4], StringComparison.Ordinal);
        keys.Handle(Key.Of('c'));
        Assert.Contains(Screen(view), l => l.StartsWith("Close tcp 127.0.0.1:40001 -> 127.0.0.1:5000 ESTABLISHED in netns blue", StringComparison.Ordinal));
        keys.Handle(Key.Of('y'));
        Assert.Same(blue, Assert.Single(actions.Closed).Namespace);

        // One namespace again: no column, and the sort leaves it.
        view.ShowNamespaces = false;
        Assert.Equal(WatchColumn.Local, view.SortColumn);
        Assert.DoesNotContain("Netns", Screen(view)[3], StringComparison.Ordinal);
        for (int i = 0; i < WatchColumns.All.Length; i++)
        {
            keys.Handle(Key.Of('s'));
            Assert.NotEqual(WatchColumn.Namespace, view.SortColumn);
        }
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

    [Fact]
    public void Watch_options_take_a_stats_file_and_refuse_an_empty_one()
    {
        Assert.Equal("/tmp/s.tsv", WatchOptions.Parse(["--stats", "/tmp/s.tsv"]).StatsPath);
        Assert.Equal("x.tsv", WatchOptions.Parse(["--stats=x.tsv", "-t"]).StatsPath);
        Assert.Null(WatchOptions.Parse([]).StatsPath);
        Assert.Throws<UsageException>(() => WatchOptions.Parse(["--stats"]));
        Assert.Throws<UsageException>(() => WatchOptions.Parse(["--stats="]));
    }

    [Fact]
    public void The_header_shows_the_whole_time_of_the_last_refresh_once_its_frame_is_drawn()
    {
        (WatchView view, _, _) = Make();
        view.Refreshed([Conn(40001, TcpState.Established, 1)], null, 1, Start);
        view.RefreshStarted(TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(40));
        Assert.True(view.RefreshPending);
        Assert.DoesNotContain("refresh", Screen(view)[0], StringComparison.Ordinal);
        (TimeSpan read, TimeSpan update) = view.RefreshFinished(TimeSpan.FromMilliseconds(12));
        Assert.Equal((TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(40)), (read, update));
        Assert.False(view.RefreshPending);
        Assert.Contains("refresh 352 ms", Screen(view)[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_click_on_a_heading_sorts_by_it_and_again_reverses_and_a_click_on_a_row_selects_it()
    {
        (WatchView view, WatchController keys, _) = Make();
        view.Refreshed([Conn(40002, TcpState.Established, 1), Conn(40001, TcpState.SynSent, 2), Conn(40003, TcpState.TimeWait, 3)], null, 3, Start);
        List<string> screen = Screen(view);
        int heading = screen.FindIndex(l => l.StartsWith("  Proto", StringComparison.Ordinal));
        int stateX = screen[heading].IndexOf("State", StringComparison.Ordinal);
        // Terminal cells are 1-based.
        keys.Handle(new Key(KeyKind.Click, Column: stateX + 2, Row: heading + 1));
        Assert.Equal((WatchColumn.State, false), (view.SortColumn, view.Descending));
        keys.Handle(new Key(KeyKind.Click, Column: stateX + 1, Row: heading + 1));
        Assert.Equal((WatchColumn.State, true), (view.SortColumn, view.Descending));
        // Descending by state: TIME_WAIT, SYN_SENT, ESTABLISHED; click the last row.
        screen = Screen(view);
        int last = screen.FindIndex(l => l.Contains(":40002", StringComparison.Ordinal));
        keys.Handle(new Key(KeyKind.Click, Column: 10, Row: last + 1));
        Assert.Equal((ushort)40002, view.SelectedRow!.Entry.Local.Port);
        Assert.True(view.Build(Width, Height)[last].Selected);
        // A click below the rows or on the header does nothing.
        keys.Handle(new Key(KeyKind.Click, Column: 10, Row: Height - 3));
        keys.Handle(new Key(KeyKind.Click, Column: 10, Row: 1));
        Assert.Equal((ushort)40002, view.SelectedRow!.Entry.Local.Port);
        Assert.Equal((WatchColumn.State, true), (view.SortColumn, view.Descending));
    }

    [Fact]
    public void The_wheel_moves_the_selection_and_the_mouse_never_answers_a_question()
    {
        (WatchView view, WatchController keys, FakeActions actions) = Make();
        view.Refreshed([.. Enumerable.Range(0, 10).Select(i => Conn((ushort)(40000 + i), TcpState.Established, (ulong)i + 1))], null, 10, Start);
        Screen(view);
        keys.Handle(new Key(KeyKind.WheelDown, Column: 5, Row: 10));
        Assert.Equal((ushort)(40000 + WatchController.WheelStep), view.SelectedRow!.Entry.Local.Port);
        keys.Handle(new Key(KeyKind.WheelUp, Column: 5, Row: 10));
        keys.Handle(new Key(KeyKind.WheelUp, Column: 5, Row: 10));
        Assert.Equal((ushort)40000, view.SelectedRow!.Entry.Local.Port);
        // c asks; clicks and the wheel leave the question open and close nothing.
        keys.Handle(Key.Of('c'));
        List<string> screen = Screen(view);
        int row = screen.FindIndex(l => l.Contains(":40005", StringComparison.Ordinal));
        keys.Handle(new Key(KeyKind.Click, Column: 3, Row: row + 1));
        keys.Handle(new Key(KeyKind.WheelDown, Column: 3, Row: row + 1));
        Assert.NotNull(view.Pending);
        Assert.Empty(actions.Closed);
        Assert.Equal((ushort)40000, view.SelectedRow!.Entry.Local.Port);
        keys.Handle(Key.Of('n'));
        Assert.Null(view.Pending);
        Assert.Empty(actions.Closed);
    }

    [Fact]
    public void Two_sockets_under_one_proc_key_are_two_rows_and_each_closes_alone()
    {
        // /proc gives no cookie; two sockets can share protocol, endpoints and inode (inode 0: TIME_WAIT).
        (WatchView view, _, _) = Make();
        SocketEntry a = Conn(40001, TcpState.TimeWait, cookie: 0);
        SocketEntry b = Conn(40001, TcpState.TimeWait, cookie: 0);
        view.Refreshed([a, b], null, 2, Start);
        Assert.Equal(2, view.Table.Rows.Count);
        view.Refreshed([Conn(40001, TcpState.TimeWait, cookie: 0)], null, 1, Start.AddSeconds(1));
        Assert.Equal([RowMark.None, RowMark.Closed], view.Table.Rows.Select(r => r.Mark).Order());
        for (int i = 0; i < WatchTable.MarkedRefreshes; i++)
            view.Refreshed([Conn(40001, TcpState.TimeWait, cookie: 0)], null, 1, Start.AddSeconds(2 + i));
        Assert.Single(view.Table.Rows);
    }

    [Fact]
    public void Across_many_refreshes_with_churn_the_kept_order_equals_a_full_sort_for_every_column()
    {
        // Rows come, go, change state and queues, and (cookie kept) change endpoints; after every
        // refresh the merged endpoint order and each column's key sort must equal sorting from scratch.
        var random = new Random(15);
        var live = new Dictionary<ulong, SocketEntry>();
        ulong nextCookie = 1;
        SocketEntry Socket(ulong cookie) => new()
        {
            Protocol = random.Next(5) == 0 ? Protocol.Udp : Protocol.Tcp, Family = random.Next(3) == 0 ? Family.Inet6 : Family.Inet,
            Local = At(random.Next(2) == 0 ? "127.0.0.1" : "10.0.0." + random.Next(1, 4), (ushort)random.Next(1000, 1010)),
            Remote = At("192.168.0." + random.Next(1, 3), (ushort)random.Next(80, 83)),
            RawState = (byte)random.Next(1, 12), RecvQueue = random.Next(4) == 0 ? null : (ulong)random.Next(3), SendQueue = (ulong)random.Next(3),
            Cookie = cookie, Inode = (ulong)random.Next(1, 5),
            Details = random.Next(3) == 0 ? null : new SocketDetails { Tcp = new TcpDetails { RoundTripTime = (uint)random.Next(3), BytesAcked = (ulong)random.Next(1000), BytesReceived = (ulong)random.Next(1000) } },
        };
        OwnerMap owners = Owners((1, 10, "b"), (2, 11, "a"), (3, 12, "b"));
        (WatchView view, WatchController keys, _) = Make();
        for (int refresh = 0; refresh < 40; refresh++)
        {
            foreach (ulong cookie in live.Keys.ToList())
            {
                int roll = random.Next(10);
                if (roll == 0)
                    live.Remove(cookie);
                else if (roll <= 3)
                    live[cookie] = Socket(cookie); // same socket, other state, queues or endpoints
            }
            for (int i = random.Next(12); i > 0; i--)
                live[nextCookie] = Socket(nextCookie++);
            view.Refreshed([.. live.Values], owners, live.Count, Start.AddSeconds(refresh));

            IReadOnlyList<WatchRow> ordered = view.Table.ByEndpoints;
            Assert.Equal(ordered.OrderBy(r => r, Comparer<WatchRow>.Create(WatchTable.CompareByEndpoints)), ordered);
            Assert.All(ordered.Select((row, index) => (row, index)), p => Assert.Equal(p.index, p.row.EndpointRank));
            foreach (WatchColumn column in WatchColumns.All)
            {
                foreach (bool descending in new[] { false, true })
                {
                    var rows = ordered.ToList();
                    RowKey[] buffer = [];
                    WatchColumns.Sort(rows, column, descending, ref buffer);
                    List<WatchRow> expected = [.. ordered.Order(Comparer<WatchRow>.Create(Reference(column, descending)))];
                    Assert.Equal(expected, rows);
                }
            }
        }
    }

    /// <summary>The sort as first written: a comparison per column, ties by local and remote endpoint, then cookie and inode.</summary>
    private static Comparison<WatchRow> Reference(WatchColumn column, bool descending)
    {
        Comparison<WatchRow> primary = column switch
        {
            WatchColumn.Proto => (a, b) => a.Entry.Protocol.CompareTo(b.Entry.Protocol) is var c and not 0 ? c : a.Entry.Family.CompareTo(b.Entry.Family),
            WatchColumn.Local => (a, b) => WatchTable.CompareEndpoints(a.Entry.Local, b.Entry.Local),
            WatchColumn.Remote => (a, b) => WatchTable.CompareEndpoints(a.Entry.Remote, b.Entry.Remote),
            WatchColumn.State => (a, b) => Netstate.Core.Vocabulary.SocketStateText.TcpEquivalent(a.Entry).CompareTo(Netstate.Core.Vocabulary.SocketStateText.TcpEquivalent(b.Entry)),
            WatchColumn.Process => (a, b) => string.CompareOrdinal(a.FirstOwner?.ProgramNameText, b.FirstOwner?.ProgramNameText) is var c and not 0 ? c
                : (a.FirstOwner?.Pid ?? 0).CompareTo(b.FirstOwner?.Pid ?? 0),
            WatchColumn.RecvQ => (a, b) => Nullable.Compare(a.Entry.RecvQueue, b.Entry.RecvQueue),
            WatchColumn.SendQ => (a, b) => Nullable.Compare(a.Entry.SendQueue, b.Entry.SendQueue),
            WatchColumn.Rtt => (a, b) => Nullable.Compare(a.RoundTripTime, b.RoundTripTime),
            WatchColumn.SendRate => (a, b) => Nullable.Compare(a.SendRate, b.SendRate),
            WatchColumn.ReceiveRate => (a, b) => Nullable.Compare(a.ReceiveRate, b.ReceiveRate),
            WatchColumn.Sent => (a, b) => Nullable.Compare(a.BytesAcked, b.BytesAcked),
            WatchColumn.Received => (a, b) => Nullable.Compare(a.BytesReceived, b.BytesReceived),
            WatchColumn.Namespace => (a, b) => string.CompareOrdinal(a.Entry.Namespace?.Label, b.Entry.Namespace?.Label) is var c and not 0 ? c
                : (a.Entry.Namespace?.Inode ?? 0).CompareTo(b.Entry.Namespace?.Inode ?? 0),
            _ => (a, b) => a.FirstSeen.CompareTo(b.FirstSeen),
        };
        return (a, b) =>
        {
            int order = primary(a, b);
            if (order == 0)
                order = WatchTable.CompareByEndpoints(a, b);
            return descending ? -order : order;
        };
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
