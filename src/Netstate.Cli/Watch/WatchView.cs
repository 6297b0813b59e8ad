using System.Globalization;
using Netstate.Cli.Arguments;
using Netstate.Cli.Commands;
using Netstate.Cli.Terminal;
using Netstate.Core.Aggregation;
using Netstate.Core.Model;
using Netstate.Core.Owners;
using Netstate.Core.Text;
using Netstate.Core.Vocabulary;

namespace Netstate.Cli.Watch;

/// <summary>A change waiting for the user's yes: what it is, and the one socket or process it would touch.</summary>
internal sealed record PendingAction(string Question, SocketEntry? Socket, ProcessInfo? Process, string Answers = "y: yes   any other key: cancel");

/// <summary>
/// Everything the live view shows and how: the rows, the sort, the selection, the modes (paused,
/// grouped, listeners hidden), the filter being edited, a question waiting for an answer, the last
/// message. <see cref="Build"/> lays it out for a screen of a given size, formatting only the rows
/// that fit; the keys change it through <see cref="WatchController"/>.
/// </summary>
internal sealed class WatchView
{
    private readonly List<WatchRow> _rowBuffer = [];
    private RowKey[] _keys = [];
    private List<WatchRow>? _visible;
    private bool _selectionResolved;
    // Where the frame last built put things, for mouse clicks: the column headings' line and each
    // column's cells, the first row's line, and which rows the page shows. -1: not on screen.
    private int _headingLine = -1;
    private int _firstRowLine = -1;
    private int _pageFirst;
    private int _pageCount;
    private readonly List<(int Start, int End, WatchColumn Column)> _columnSpans = [];
    private List<ProcessGroup>? _groups;
    private int _top;

    public WatchView(EndpointNames names, TimeSpan interval, string filterText)
    {
        Names = names;
        Interval = interval;
        FilterText = filterText;
    }

    public WatchTable Table { get; } = new();

    public EndpointNames Names { get; }

    public TimeSpan Interval { get; }

    public WatchColumn SortColumn { get; private set; } = WatchColumn.Local;

    public bool Descending { get; private set; }

    public bool Paused { get; set; }

    /// <summary>Whether rows come from several network namespaces: the Netns column shows (and can be sorted on).</summary>
    public bool ShowNamespaces
    {
        get;
        set
        {
            field = value;
            if (!value && SortColumn == WatchColumn.Namespace)
                SortColumn = WatchColumn.Local;
            Invalidate();
        }
    }

    /// <summary>Which network namespaces are read, for the header ("all 7", a --net namespace's label); null: netstate's own.</summary>
    public string? NamespaceScope { get; set; }

    public bool HideListeners { get; private set; }

    public bool Grouped { get; private set; }

    /// <summary>The process whose sockets alone are shown (Enter on a group); null for all.</summary>
    public ProcessGroup? Expanded { get; private set; }

    /// <summary>The filter in force, as typed.</summary>
    public string FilterText { get; set; }

    /// <summary>The filter being typed after '/', or null when not editing.</summary>
    public string? FilterDraft { get; set; }

    /// <summary>Why the draft was refused, with the caret under the mistake.</summary>
    public FilterUsageException? FilterError { get; set; }

    public PendingAction? Pending { get; set; }

    public bool ShowHelp { get; set; }

    public string? Status { get; private set; }

    public LineStyle StatusStyle { get; private set; }

    public DateTimeOffset LastRefresh { get; private set; }

    /// <summary>Sockets read in the last refresh, before the filter.</summary>
    public int TotalRead { get; private set; }

    /// <summary>Counts per state of the sockets the view shows (Core's aggregation).</summary>
    public SocketSummary Summary { get; private set; } = SocketSummary.Count([]);

    /// <summary>Lasting notes for the header: owners hidden, tables unreadable.</summary>
    public List<string> Notes { get; } = [];

    private WatchRow? _selectedRow;
    private int _selectedPid = -1;
    private int _selectedIndex;

    /// <summary>Takes a refresh: the sockets shown (after the selection and filter) out of <paramref name="totalRead"/>.</summary>
    public void Refreshed(IReadOnlyList<SocketEntry> shown, OwnerMap? owners, int totalRead, DateTimeOffset at)
    {
        BeginRefresh(owners, at);
        foreach (SocketEntry entry in shown)
            Table.Take(entry);
        EndRefresh(totalRead, null);
    }

    /// <summary>Starts a refresh read at <paramref name="at"/>; the sockets shown follow one by one into <see cref="Table"/> (<see cref="WatchTable.Take"/>).</summary>
    public void BeginRefresh(OwnerMap? owners, DateTimeOffset at)
    {
        Table.Begin(owners, at);
        LastRefresh = at;
    }

    /// <summary>
    /// Ends the refresh: <paramref name="totalRead"/> sockets were read before the filter. The owners
    /// are from a scan started at <paramref name="ownersAt"/> in the background, or scanned for this
    /// read (null).
    /// </summary>
    public void EndRefresh(int totalRead, DateTimeOffset? ownersAt)
    {
        Table.End();
        Summary = SocketSummary.Count(LiveEntries());
        TotalRead = totalRead;
        OwnersAt = ownersAt;
        Invalidate();
    }

    private IEnumerable<SocketEntry> LiveEntries()
    {
        foreach (WatchRow row in Table.ByEndpoints)
        {
            if (row.Mark != RowMark.Closed)
                yield return row.Entry;
        }
    }

    /// <summary>When the background owner scan joined in the last refresh started; null when the owners were scanned for it.</summary>
    public DateTimeOffset? OwnersAt { get; private set; }

    /// <summary>A refresh was read and taken in, and its first frame is not drawn yet.</summary>
    public bool RefreshPending { get; private set; }

    /// <summary>The whole time of the last refresh whose frame was drawn: read, update of the rows, frame (the header shows it).</summary>
    public TimeSpan? RefreshTime { get; private set; }

    private TimeSpan _read;
    private TimeSpan _update;

    /// <summary>How long the read and the update of the rows took; the frame's time follows in <see cref="RefreshFinished"/>.</summary>
    public void RefreshStarted(TimeSpan read, TimeSpan update)
    {
        _read = read;
        _update = update;
        RefreshPending = true;
    }

    /// <summary>The refresh's first frame took <paramref name="draw"/>: the refresh time is complete.</summary>
    public (TimeSpan Read, TimeSpan Update) RefreshFinished(TimeSpan draw)
    {
        RefreshPending = false;
        RefreshTime = _read + _update + draw;
        return (_read, _update);
    }

    public void Say(string message, LineStyle style = LineStyle.Normal)
    {
        Status = message;
        StatusStyle = style;
    }

    public void Invalidate()
    {
        _visible = null;
        _groups = null;
        _selectionResolved = false;
    }

    public void SortBy(int step)
    {
        int count = WatchColumns.All.Length;
        do
            SortColumn = (WatchColumn)((((int)SortColumn + step) % count + count) % count);
        while (SortColumn == WatchColumn.Namespace && !ShowNamespaces);
        Invalidate();
    }

    /// <summary>Sorts by <paramref name="column"/> ascending; when it is the sort already, reverses.</summary>
    public void SortOn(WatchColumn column)
    {
        if (column == SortColumn)
            Descending = !Descending;
        else
        {
            SortColumn = column;
            Descending = false;
        }
        Invalidate();
    }

    /// <summary>
    /// A click at screen cell (<paramref name="x"/>, <paramref name="y"/>), 0-based, on the frame
    /// last built: on a column heading it sorts by that column (again: reverses), on a row it selects
    /// the row. Elsewhere it does nothing; returns whether it did something.
    /// </summary>
    public bool Click(int x, int y)
    {
        if (y == _headingLine && !ShowsGroups)
        {
            foreach ((int start, int end, WatchColumn column) in _columnSpans)
            {
                if (x >= start && x < end)
                {
                    SortOn(column);
                    return true;
                }
            }
            return false;
        }
        int index = _pageFirst + (y - _firstRowLine);
        if (_firstRowLine < 0 || y < _firstRowLine || y >= _firstRowLine + _pageCount || index >= LineCount)
            return false;
        Select(index);
        return true;
    }

    public void Reverse()
    {
        Descending = !Descending;
        Invalidate();
    }

    public void ToggleListeners()
    {
        HideListeners = !HideListeners;
        Invalidate();
    }

    public void ToggleGrouped()
    {
        Grouped = !Grouped;
        Expanded = null;
        Invalidate();
    }

    /// <summary>Enter on a group: its sockets alone; Esc (null) goes back to the groups.</summary>
    public void Expand(ProcessGroup? group)
    {
        Expanded = group;
        Grouped = group is null;
        Invalidate();
    }

    /// <summary>
    /// The socket rows in view order: listeners hidden or not, one process's alone when expanded.
    /// Built from the table's endpoint order once per refresh or change of mode (one pass; a sort
    /// of keys for columns other than the local address), into a list reused across refreshes.
    /// </summary>
    public List<WatchRow> VisibleRows()
    {
        if (_visible is not null)
            return _visible;
        List<WatchRow> rows = _rowBuffer;
        rows.Clear();
        IReadOnlyList<WatchRow> ordered = Table.ByEndpoints;
        if (rows.Capacity < ordered.Count)
            rows.Capacity = ordered.Count;
        bool filtered = HideListeners || Expanded is not null;
        for (int i = 0; i < ordered.Count; i++)
        {
            WatchRow row = ordered[i];
            if (filtered)
            {
                if (HideListeners && NetstatSelection.Shows(row.Entry, all: false, listening: true))
                    continue;
                if (Expanded is { } group && (row.FirstOwner?.Pid ?? 0) != group.Pid)
                    continue;
            }
            rows.Add(row);
        }
        WatchColumns.Sort(rows, SortColumn, Descending, ref _keys);
        return _visible = rows;
    }

    /// <summary>The visible rows by process (only while no process is expanded).</summary>
    public List<ProcessGroup> Groups() => _groups ??= ProcessGroup.Of(VisibleRows());

    /// <summary>Whether the screen lists processes rather than sockets.</summary>
    public bool ShowsGroups => Grouped && Expanded is null;

    private int LineCount => ShowsGroups ? Groups().Count : VisibleRows().Count;

    public WatchRow? SelectedRow => !ShowsGroups && VisibleRows() is { Count: > 0 } rows ? rows[SelectedIndex()] : null;

    public ProcessGroup? SelectedGroup => ShowsGroups && Groups() is { Count: > 0 } groups ? groups[SelectedIndex()] : null;

    /// <summary>Moves the selection by <paramref name="delta"/> lines (clamped).</summary>
    public void Move(int delta)
    {
        int count = LineCount;
        if (count == 0)
            return;
        Select(Math.Clamp(SelectedIndex() + delta, 0, count - 1));
    }

    /// <summary>
    /// The selection follows its socket or process across refreshes and re-sorts; when that is gone,
    /// it keeps its place. Looked up once per new order (rows are the same objects across refreshes).
    /// </summary>
    private int SelectedIndex()
    {
        int count = LineCount;
        if (count == 0)
            return 0;
        if (_selectionResolved)
            return Math.Clamp(_selectedIndex, 0, count - 1);
        int found = -1;
        if (ShowsGroups)
            found = Groups().FindIndex(g => g.Pid == _selectedPid);
        else if (_selectedRow is { } selected)
            found = VisibleRows().IndexOf(selected);
        Select(found >= 0 ? found : Math.Clamp(_selectedIndex, 0, count - 1));
        return _selectedIndex;
    }

    private void Select(int index)
    {
        _selectedIndex = index;
        _selectionResolved = true;
        if (ShowsGroups)
            _selectedPid = Groups()[index].Pid;
        else
            _selectedRow = VisibleRows()[index];
    }

    public List<ScreenLine> Build(int width, int height)
    {
        width = Math.Max(width, 20);
        height = Math.Max(height, 6);
        _headingLine = _firstRowLine = -1;
        _pageCount = 0;
        _columnSpans.Clear();
        if (ShowHelp)
            return HelpLines();
        var lines = new List<ScreenLine>(height);
        Header(lines);
        List<ScreenLine> bottom = Bottom();
        int room = Math.Max(1, height - lines.Count - 1 - bottom.Count);
        if (ShowsGroups)
            GroupLines(lines, room);
        else
            SocketLines(lines, room, width);
        while (lines.Count < height - bottom.Count)
            lines.Add(new ScreenLine(""));
        lines.AddRange(bottom);
        return lines;
    }

    private void Header(List<ScreenLine> lines)
    {
        string when = LastRefresh == default ? "--:--:--" : LastRefresh.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        string every = Interval.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        string shown = ShowsGroups ? $"{Groups().Count} processes, " : "";
        string took = RefreshTime is { } time ? $"  refresh {time.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms" : "";
        lines.Add(new ScreenLine($"netstate watch  {when}  every {every}s  {shown}{Table.LiveCount} of {TotalRead} sockets shown{took}"
            + (Paused ? "  [PAUSED]" : "") + (Names.Enabled ? "  [names]" : "") + (HideListeners ? "  [listeners hidden]" : ""), LineStyle.Heading));
        lines.Add(new ScreenLine(StateTotals()));
        string filter = FilterText.Length == 0 ? "none" : UntrustedText.Escape(FilterText);
        string process = Expanded is { } group ? $"  process: {GroupName(group)} (Esc: all processes)" : "";
        string scope = NamespaceScope is { } spaces ? $"  netns: {UntrustedText.Escape(spaces)}" : "";
        lines.Add(new ScreenLine($"filter: {filter}{process}{scope}  sort: {WatchColumns.Title(SortColumn)} {(Descending ? "descending" : "ascending")}"));
        if (OwnersAt is { } scanned)
        {
            string age = Math.Max(0, (LastRefresh - scanned).TotalSeconds).ToString("0.0", CultureInfo.InvariantCulture);
            lines.Add(new ScreenLine($"owners: scanned {age} s before this refresh, in the background; sockets opened since show '-' until the next scan"));
        }
        foreach (string note in Notes)
            lines.Add(new ScreenLine(note, LineStyle.Error));
    }

    /// <summary>The TCP states present, in the state diagram's order, then the other protocols.</summary>
    private string StateTotals()
    {
        var parts = new List<string>();
        foreach (TcpState state in Enum.GetValues<TcpState>())
        {
            int count = Summary.Count(state);
            if (count > 0)
                parts.Add($"{TcpStateText.Name(state, Names.Dialect)} {count}");
        }
        int tcp = parts.Count == 0 ? 0 : Enum.GetValues<TcpState>().Sum(Summary.Count);
        int other = Summary.Total - tcp;
        string text = parts.Count == 0 ? "tcp: none" : "tcp: " + string.Join("  ", parts);
        return other > 0 ? $"{text}   other sockets: {other}" : text;
    }

    private void SocketLines(List<ScreenLine> lines, int room, int width)
    {
        List<WatchRow> rows = VisibleRows();
        int selected = SelectedIndex();
        int first = Scroll(selected, rows.Count, room);
        List<WatchRow> page = rows.GetRange(first, Math.Min(room, rows.Count - first));
        var texts = page.Select(row => WatchColumns.All.Select(c => WatchColumns.Text(row, c, Names)).ToArray()).ToList();
        int[] widths = Layout(texts, width, ShowNamespaces);
        int start = 2;
        for (int c = 0; c < widths.Length; c++)
        {
            if (widths[c] == 0)
                continue;
            _columnSpans.Add((start, start + widths[c] + 1, WatchColumns.All[c]));
            start += widths[c] + 1;
        }
        _headingLine = lines.Count;
        _firstRowLine = lines.Count + 1;
        _pageFirst = first;
        _pageCount = page.Count;
        lines.Add(new ScreenLine("  " + Join(WatchColumns.All.Select(c => WatchColumns.Title(c) + (c == SortColumn ? (Descending ? "v" : "^") : "")).ToArray(), widths), LineStyle.Heading));
        for (int i = 0; i < page.Count; i++)
        {
            WatchRow row = page[i];
            (char marker, LineStyle style) = row.Mark switch
            {
                RowMark.New => ('+', LineStyle.New),
                RowMark.Changed => ('~', LineStyle.Changed),
                RowMark.Closed => ('x', LineStyle.Closed),
                _ => (' ', LineStyle.Normal),
            };
            lines.Add(new ScreenLine($"{marker} {Join(texts[i], widths)}", style, first + i == selected));
        }
        if (rows.Count == 0)
            lines.Add(new ScreenLine(Paused ? "(paused before the first refresh)" : "(no sockets match)"));
    }

    private void GroupLines(List<ScreenLine> lines, int room)
    {
        List<ProcessGroup> groups = Groups();
        int selected = SelectedIndex();
        int first = Scroll(selected, groups.Count, room);
        _headingLine = lines.Count;
        _firstRowLine = lines.Count + 1;
        _pageFirst = first;
        _pageCount = Math.Max(0, Math.Min(groups.Count, first + room) - first);
        lines.Add(new ScreenLine($"  {"PID",7} {"Program",-24} {"Sockets",7} {"ESTABLISHED",11} {"LISTEN",6} {"Other",6} {"Tx/s",6} {"Rx/s",6}", LineStyle.Heading));
        for (int i = first; i < Math.Min(groups.Count, first + room); i++)
        {
            ProcessGroup g = groups[i];
            string name = g.Process is null ? "(no process known)" : UntrustedText.Escape(g.Process.ProgramNameText);
            if (name.Length > 24)
                name = name[..24];
            string pid = g.Pid == 0 ? "-" : g.Pid.ToString(CultureInfo.InvariantCulture);
            lines.Add(new ScreenLine($"{(g.Marked > 0 ? '~' : ' ')} {pid,7} {name,-24} {g.Sockets,7} {g.States.Count(TcpState.Established),11} {g.States.Count(TcpState.Listen),6} {g.Other,6} {WatchColumns.Bytes(g.SendRate),6} {WatchColumns.Bytes(g.ReceiveRate),6}",
                g.Marked > 0 ? LineStyle.Changed : LineStyle.Normal, i == selected));
        }
        if (groups.Count == 0)
            lines.Add(new ScreenLine("(no sockets match)"));
    }

    private int Scroll(int selected, int count, int room)
    {
        if (selected < _top)
            _top = selected;
        else if (selected >= _top + room)
            _top = selected - room + 1;
        _top = Math.Clamp(_top, 0, Math.Max(0, count - room));
        return _top;
    }

    /// <summary>
    /// Column widths for this page: fixed ones, endpoints and owners as wide as their longest text
    /// (within limits); optional columns dropped, least useful first, until the row fits. 0 = hidden.
    /// </summary>
    private static int[] Layout(List<string[]> texts, int width, bool namespaces)
    {
        WatchColumn[] columns = WatchColumns.All;
        int[] widths = new int[columns.Length];
        for (int c = 0; c < columns.Length; c++)
        {
            int natural = Math.Max(WatchColumns.Title(columns[c]).Length + 1, texts.Count == 0 ? 0 : texts.Max(t => t[c].Length));
            widths[c] = WatchColumns.Width(columns[c]) is > 0 and var fixedWidth ? Math.Max(fixedWidth, natural) : columns[c] switch
            {
                WatchColumn.Process => Math.Clamp(natural, 16, 32),
                WatchColumn.Namespace => namespaces ? Math.Clamp(natural, 8, 24) : 0,
                _ => Math.Clamp(natural, 15, 47),
            };
        }
        int Used() => 2 + widths.Where(w => w > 0).Sum(w => w + 1);
        for (int drop = 5; drop >= 1 && Used() > width; drop--)
        {
            for (int c = 0; c < columns.Length; c++)
            {
                if (WatchColumns.DropOrder(columns[c]) == drop)
                    widths[c] = 0;
            }
        }
        return widths;
    }

    private static string Join(string[] cells, int[] widths)
    {
        var line = new System.Text.StringBuilder();
        for (int c = 0; c < cells.Length; c++)
        {
            if (widths[c] == 0)
                continue;
            string cell = cells[c].Length > widths[c] ? cells[c][..widths[c]] : cells[c];
            line.Append(WatchColumns.RightAligned(WatchColumns.All[c]) ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c])).Append(' ');
        }
        return line.ToString().TrimEnd();
    }

    private List<ScreenLine> Bottom()
    {
        var lines = new List<ScreenLine>();
        if (FilterDraft is { } draft)
        {
            if (FilterError is { } error)
            {
                lines.Add(new ScreenLine(UntrustedText.Escape(error.Message), LineStyle.Error));
                string[] pointer = error.Pointer().Split('\n');
                lines.Add(new ScreenLine(pointer[0], LineStyle.Error));
                lines.Add(new ScreenLine(pointer[1], LineStyle.Error));
            }
            lines.Add(new ScreenLine($"filter: {UntrustedText.Escape(draft)}_", LineStyle.Prompt));
            lines.Add(new ScreenLine("Enter apply (empty: no filter)   Esc cancel   syntax: netstate --help, docs/filters.md"));
            return lines;
        }
        if (Pending is { } pending)
        {
            lines.Add(new ScreenLine(pending.Question, LineStyle.Prompt));
            lines.Add(new ScreenLine(pending.Answers));
            return lines;
        }
        lines.Add(new ScreenLine(Status ?? "", Status is null ? LineStyle.Normal : StatusStyle));
        lines.Add(new ScreenLine(ShowsGroups
            ? "q quit  ? help  Enter sockets of process  e end process  g sockets  / filter  p pause  l listeners"
            : "q quit  ? help  / filter  s/S sort  r reverse  p pause  g group  l listeners  n names  c close  e end process"));
        return lines;
    }

    public static string GroupName(ProcessGroup group) =>
        group.Process is null ? "(no process known)" : $"{group.Pid}/{UntrustedText.Escape(group.Process.ProgramNameText)}";

    private static List<ScreenLine> HelpLines()
    {
        var lines = new List<ScreenLine> { new("netstate watch: keys (any key returns)", LineStyle.Heading), new("") };
        bool inKeys = false;
        foreach (string line in WatchOptions.Usage.Split('\n'))
        {
            if (line.StartsWith("Keys:", StringComparison.Ordinal))
                inKeys = true;
            else if (inKeys && line.Length == 0)
                break;
            else if (inKeys)
                lines.Add(new ScreenLine(line));
        }
        lines.Add(new ScreenLine(""));
        lines.Add(new ScreenLine("Marks: + new (green)   ~ state or queue changed (yellow)   x closed, leaving (red)"));
        lines.Add(new ScreenLine($"Marks last {WatchTable.MarkedRefreshes} refreshes. Tx/s and Rx/s: bytes acknowledged by the peer and received"));
        lines.Add(new ScreenLine("per second since the last refresh (TCP, from tcp_info); '-' where the kernel gave no figure."));
        return lines;
    }
}
