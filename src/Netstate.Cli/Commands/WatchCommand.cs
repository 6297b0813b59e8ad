using Netstate.Cli.Arguments;
using Netstate.Cli.Terminal;
using Netstate.Cli.Watch;
using Netstate.Core;
using Netstate.Core.Model;
using Netstate.Core.Names;
using Netstate.Core.Owners;
using Netstate.Core.Platform;
using Netstate.Core.Platform.Windows;
using Netstate.Core.Query;
using Netstate.Core.Text;
using Netstate.Core.Vocabulary;

namespace Netstate.Cli.Commands;

/// <summary>
/// <c>netstate watch</c>: reads the sockets every interval through <see cref="SocketReader"/> (with
/// the few tcp_info figures it shows, <see cref="SocketDetail.TcpFigures"/>), streaming: each socket
/// the listing's selection and filter keep goes straight into its row, and no snapshot is held. The
/// owners come from <see cref="OwnerScans"/>, which scans beside the refreshes. Keys are read
/// between refreshes. Closing a socket and ending a process go through
/// <see cref="IPlatform"/>, each only after the user said yes.
/// </summary>
internal sealed class WatchCommand : IWatchActions
{
    private readonly WatchOptions _options;
    private readonly TextWriter _out;
    private readonly Func<ITerminal>? _terminalFactory;
    private IPlatform? _platform;
    private NetstatOptions _listing;
    private FilterSelection _selection;
    private SocketReader? _reader;
    private bool _filterChanged;
    private OwnerScans? _owners;
    private OwnerScan? _ownersUsed;
    private StreamWriter? _stats;
    private WatchView? _view;

    /// <summary>Of many warnings (namespaces skipped when not root), the header shows this many and counts the rest.</summary>
    private const int NotesShown = 3;

    /// <param name="options">What to watch.</param>
    /// <param name="stdout">The terminal's output (through Cli/Output).</param>
    /// <param name="terminalFactory">The screen; the real terminal when null (tests pass a fake one).</param>
    public WatchCommand(WatchOptions options, TextWriter stdout, Func<ITerminal>? terminalFactory = null)
    {
        _options = options;
        _out = stdout;
        _terminalFactory = terminalFactory;
        _listing = options.Listing;
        _selection = new FilterSelection(_listing);
    }

    public bool ReadOnly => _options.ReadOnly;

    public ReturnCode Run()
    {
        if (_options.Help)
        {
            _out.Write(WatchOptions.Usage);
            return ReturnCode.Success;
        }
        _platform = Platforms.Open(_listing.ProcRoot);
        OpenReader();
        // Windows has no inode to tie a socket to a scan: its owner PID comes with the row, so every refresh reads the owners afresh.
        _owners = new OwnerScans(_platform.ScanOwners, _listing.Interval, inlineBelow: OnWindows ? TimeSpan.MaxValue : null);
        try
        {
            if (_options.StatsPath is { } statsPath)
                _stats = OpenStats(statsPath);
            bool colour = string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
            // Windows: the console's own calls, since Wine's console garbles VT escape frames (and old conhosts have none).
            using ITerminal terminal = _terminalFactory?.Invoke() ?? (OnWindows ? WindowsConsoleSession.Open(colour) : TerminalSession.Open(_out, colour));
            return Loop(terminal);
        }
        finally
        {
            _reader?.Dispose();
            _owners.Finish();
            _stats?.Dispose();
        }
    }

    private static StreamWriter OpenStats(string path)
    {
        try
        {
            var writer = new StreamWriter(path, append: false) { AutoFlush = true };
            writer.WriteLine("time\tread\tshown\tread_ms\tupdate_ms\tdraw_ms\ttotal_ms\towners_scan_ms\towners_age_ms");
            return writer;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new UserFacingException($"cannot write the stats file '{UntrustedText.Escape(path)}': {e.Message}");
        }
    }

    private ReturnCode Loop(ITerminal terminal)
    {
        // Numbers first, as netstat -n: the n key turns names on, and lookups then run in the background.
        var names = new EndpointNames(LoadServices(), _listing.ResolveTimeout) { Dialect = OnWindows ? Dialect.Windows : Dialect.Netstat };
        var view = new WatchView(names, _listing.Interval, _listing.Filter?.Text ?? "") { ShowNamespaces = _selection.ReadsAllNamespaces };
        _view = view;
        var controller = new WatchController(view, this);
        Refresh(view);
        long next = Environment.TickCount64 + (long)_listing.Interval.TotalMilliseconds;
        while (true)
        {
            bool refreshed = view.RefreshPending;
            if (terminal.EndedBy is { } signal)
                return signal switch
                {
                    "SIGTERM" => ReturnCode.Terminated,
                    "SIGHUP" or "the terminal closing" => ReturnCode.HungUp,
                    _ => ReturnCode.Interrupted,
                };
            long drawStart = System.Diagnostics.Stopwatch.GetTimestamp();
            terminal.Draw(view.Build(terminal.Width, terminal.Height));
            if (refreshed)
                FinishRefresh(view, System.Diagnostics.Stopwatch.GetElapsedTime(drawStart));
            long wait = view.Paused ? 1000 : Math.Max(0, next - Environment.TickCount64);
            bool refreshNow = false;
            foreach (Key key in terminal.ReadKeys(TimeSpan.FromMilliseconds(wait)))
            {
                switch (controller.Handle(key))
                {
                    case KeyOutcome.Quit:
                        return ReturnCode.Success;
                    case KeyOutcome.Refresh:
                        refreshNow = true;
                        break;
                }
            }
            if (refreshNow || (!view.Paused && Environment.TickCount64 >= next))
            {
                if (!view.Paused || refreshNow)
                    Refresh(view);
                next = Environment.TickCount64 + (long)_listing.Interval.TotalMilliseconds;
            }
        }
    }

    private bool OnWindows => _platform is WindowsPlatform;

    /// <summary>Windows keeps its port names in %SystemRoot%\System32\drivers\etc\services; without that file the n key says so.</summary>
    private static string WindowsServicesPath => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.System), "drivers", "etc", "services");

    public string? NoNamesReason { get; private set; }

    public string NoOwnerReason => OnWindows
        ? "PID 0: Windows gives none for TIME_WAIT rows, Wine none for Linux processes' sockets"
        : "not root: other users' processes are hidden";

    public bool EndsBySignal => !OnWindows;

    public string? RefuseClose(SocketEntry socket) => OnWindows ? WindowsTcpClose.Refusal(socket)?.Reason : null;

    private ServiceNames? LoadServices()
    {
        if (OnWindows && !File.Exists(WindowsServicesPath))
        {
            NoNamesReason = $"no services file at {UntrustedText.Escape(WindowsServicesPath)}";
            return null;
        }
        try
        {
            return ServiceNames.Load();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            NoNamesReason = $"{(OnWindows ? UntrustedText.Escape(WindowsServicesPath) : "/etc/services")} could not be read";
            return null;
        }
    }

    private void OpenReader()
    {
        _reader?.Dispose();
        SocketQuery query = _selection.Query(SocketDetail.TcpFigures);
        _reader = SocketReader.Open(new SocketReadOptions
        {
            Tables = query.Tables,
            States = query.TcpStates,
            Details = query.Details,
            Owners = false, // OwnerScans scans beside the refreshes
            Source = _listing.Source,
            NetworkNamespace = _listing.NetworkNamespace,
            AllNetworkNamespaces = _selection.ReadsAllNamespaces,
        }, _platform!);
        _view?.ShowNamespaces = _selection.ReadsAllNamespaces;
    }

    /// <summary>Below this many sockets a refresh leaves the memory to the GC alone.</summary>
    private const int CollectAbove = 20_000;

    /// <summary>
    /// Reads the sockets into the view; the first frame after it completes the timing
    /// (<see cref="FinishRefresh"/>). A refresh holds no snapshot: what stays is the rows and the
    /// owner map. When a newer owner scan replaces the one in use, the old map (some tens of MiB at
    /// 200,000 sockets) sits in the oldest generation, which the GC would collect only after several
    /// more: with many sockets a full collection then keeps one map, not several, in memory (its time
    /// counts in the update; it comes every few refreshes, with the scans).
    /// </summary>
    private void Refresh(WatchView view)
    {
        OwnerScan? before = _ownersUsed;
        (TimeSpan read, TimeSpan update, int count) = ReadAndUpdate(view);
        long collectStart = System.Diagnostics.Stopwatch.GetTimestamp();
        if (count >= CollectAbove && before is not null && !ReferenceEquals(before, _ownersUsed))
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        view.RefreshStarted(read, update + System.Diagnostics.Stopwatch.GetElapsedTime(collectStart));
    }

    /// <summary>
    /// One streamed read: each socket goes through the selection into the view's rows as it is
    /// parsed (that is in the read's time); the update is what follows, the ageing of marks and the
    /// order of the rows.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private (TimeSpan Read, TimeSpan Update, int Count) ReadAndUpdate(WatchView view)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        // Owners first, as SocketReader does: the scan joined finished before these sockets were read.
        OwnerScan scan = _owners!.Latest(out bool fresh);
        _ownersUsed = scan;
        OwnerMap owners = scan.Map;
        if (_filterChanged)
        {
            view.Table.Reset();
            _filterChanged = false;
        }
        int total = 0;
        FilterSelection selection = _selection;
        view.BeginRefresh(owners, DateTimeOffset.Now);
        Snapshot snapshot = _reader!.Read(_ => { }, entry =>
        {
            total++;
            if (selection.Keeps(entry, owners) && !OwnSockets.IsOwnDiagnosticsSocket(entry))
                view.Table.Take(entry);
        });
        TimeSpan read = System.Diagnostics.Stopwatch.GetElapsedTime(start);
        long updateStart = System.Diagnostics.Stopwatch.GetTimestamp();
        view.Notes.Clear();
        int warnings = 0;
        foreach (SourceNote note in snapshot.Notes)
        {
            if (note.Kind == SourceNoteKind.Warning && ++warnings <= NotesShown)
                view.Notes.Add("warning: " + UntrustedText.Escape(note.Message));
        }
        if (warnings > NotesShown)
            view.Notes.Add($"and {warnings - NotesShown} more warnings (netstate {(_selection.ReadsAllNamespaces ? "--all-namespaces " : "")}-tan lists them all)");
        view.NamespaceScope = _selection.ReadsAllNamespaces ? $"all {snapshot.Namespaces.Count}"
            : snapshot.Namespaces is [{ } space] ? space.Label : null;
        if (owners is { Hidden.Count: > 0, ScannedAsRoot: false } && OnWindows)
            view.Notes.Add($"{owners.Hidden.Count} processes could not be opened without elevation: their sockets show the PID without a name");
        else if (owners is { Hidden.Count: > 0, ScannedAsRoot: false })
            view.Notes.Add($"not root: the owners of {owners.Hidden.Count} processes' sockets are hidden ('-'), and closing others' sockets is refused");
        if (_owners.Failure is { } failure)
            view.Notes.Add("warning: the latest owner scan failed (" + UntrustedText.Escape(failure) + "); owners are from an older scan");
        view.EndRefresh(total, fresh ? null : scan.StartedAt);
        return (read, System.Diagnostics.Stopwatch.GetElapsedTime(updateStart), total);
    }

    /// <summary>The refresh's first frame is drawn: the header shows the whole time from now on, and --stats gets its line.</summary>
    private void FinishRefresh(WatchView view, TimeSpan draw)
    {
        (TimeSpan read, TimeSpan update) = view.RefreshFinished(draw);
        _stats?.WriteLine(string.Join('\t',
            view.LastRefresh.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture),
            view.TotalRead.ToString(System.Globalization.CultureInfo.InvariantCulture),
            view.Table.LiveCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Milliseconds(read), Milliseconds(update), Milliseconds(draw), Milliseconds(read + update + draw),
            Milliseconds(_ownersUsed?.Took ?? TimeSpan.Zero), Milliseconds(_ownersUsed is { } used ? view.LastRefresh - used.StartedAt : TimeSpan.Zero)));
    }

    private static string Milliseconds(TimeSpan time) => time.TotalMilliseconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);

    public ActionResult CloseSocket(SocketEntry socket) => _platform!.CloseSocket(socket);

    public ActionResult EndProcess(ProcessInfo process, EndSignal signal)
    {
        // The pid may have been reused since the row was read: signal only the program the user saw.
        if (_platform!.ReadProcessName(process.Pid) is not { } now || !now.ProgramName.AsSpan().SequenceEqual(process.ProgramName))
            return new ActionResult(ActionOutcome.Gone, "the process has ended (or its pid now belongs to another program)");
        ActionResult result = _platform.EndProcess(process.Pid, signal);
        // The process's sockets change hands or close: the next refresh scans the owners afresh rather than show it as their holder.
        if (result.Succeeded)
            _owners?.Rescan();
        return result;
    }

    public void ApplyFilter(string text)
    {
        SocketFilter? filter = text.Length == 0 ? null : FilterArgument.Parse(text, _listing.ResolveTimeout);
        _listing = _listing with { Filter = filter };
        _selection = new FilterSelection(_listing);
        _filterChanged = true;
        OpenReader();
    }
}
