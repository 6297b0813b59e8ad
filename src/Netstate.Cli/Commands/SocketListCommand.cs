using Netstate.Cli.Arguments;
using Netstate.Cli.Rendering;
using Netstate.Cli.Rendering.Json;
using Netstate.Core;
using Netstate.Core.Aggregation;
using Netstate.Core.Model;
using Netstate.Core.Names;
using Netstate.Core.Owners;
using Netstate.Core.Platform;
using Netstate.Core.Platform.Windows;
using Netstate.Core.Vocabulary;

namespace Netstate.Cli.Commands;

/// <summary>netstat's default mode: the inet and unix socket tables, once or every interval (-c).</summary>
internal sealed class SocketListCommand
{
    private readonly NetstatOptions _options;
    private readonly TextWriter _out;
    private readonly NoteReporter _notes;
    private readonly FilterSelection _selection;
    private readonly TerminalInfo _terminal;

    /// <param name="options">What to list.</param>
    /// <param name="stdout">Where the listing goes.</param>
    /// <param name="stderr">Where notes go.</param>
    /// <param name="terminal">What stdout is (ss spreads its columns over a terminal's width); detected when null.</param>
    public SocketListCommand(NetstatOptions options, TextWriter stdout, TextWriter stderr, TerminalInfo? terminal = null)
    {
        _terminal = terminal ?? TerminalInfo.Detect();
        _options = options;
        _out = stdout;
        _notes = new NoteReporter(stderr, options.Verbose);
        _selection = new FilterSelection(options);
    }

    public ReturnCode Run()
    {
        IPlatform platform = Platforms.Open(_options.ProcRoot);
        SocketQuery query = Query();
        bool counting = _options.CountBy.Count > 0;
        using SocketReader reader = SocketReader.Open(new SocketReadOptions
        {
            Tables = query.Tables,
            States = query.TcpStates,
            Details = query.Details,
            Filter = query.Filter,
            Owners = _selection.NeedsOwners || _options.CountBy.Contains(CountKey.Process),
            Source = _options.Source,
            NetworkNamespace = _options.NetworkNamespace,
            AllNetworkNamespaces = _selection.ReadsAllNamespaces,
        }, platform);
        // Names are for tables; JSON, CSV and counts keep numeric addresses.
        bool tableFormat = _options.Format is OutputFormat.Netstat or OutputFormat.Ss or OutputFormat.Windows;
        HostNameResolver? hosts = _options.NumericHosts || !tableFormat || counting ? null : new HostNameResolver(_options.ResolveTimeout);
        (ISocketListRenderer renderer, Func<InetAddress, bool> needsLookup) = ChooseRenderer(platform, hosts);
        SocketCounter? counter = counting
            ? new SocketCounter(_options.CountBy, _options.Format switch { OutputFormat.Ss => Dialect.Ss, OutputFormat.Windows => Dialect.Windows, _ => Dialect.Netstat }, _options.NumericUsers ? null : new UserNames(),
                _options.Format == OutputFormat.Ss ? platform.TaskNames() : null)
            : null;

        // A listing that needs every row before the first (names looked up together, counts,
        // closing) reads a snapshot; any other is written while the kernel is read.
        IStreamingListRenderer? streaming = renderer is IStreamingListRenderer candidate && candidate.CanStream(query.Tables)
            && counter is null && hosts is null && !_options.Kill ? candidate : null;

        return Repetition.Run(_options, _out, () =>
        {
            if (streaming is not null)
                return Stream(reader, streaming);
            Snapshot snapshot = reader.Read();
            ReportNotes(snapshot);
            List<SocketEntry> shown = Selected(snapshot.Entries, snapshot.Owners);
            int failedCloses = 0;
            if (_options.Kill)
                (shown, failedCloses) = Close(platform, shown);
            if (counter is not null)
            {
                renderer.WriteCounts(counter.Count(shown, snapshot.Owners, _options.Top), snapshot.TakenAt);
                return ReturnCode.Success;
            }
            if (hosts is not null)
            {
                hosts.ResolveAll(AddressesToLookUp(shown, needsLookup));
                if (_options.Verbose && hosts.TimedOut > 0)
                    _notes.Once("resolve-timeout", $"netstate: {hosts.TimedOut} reverse lookups did not answer in time; those addresses are shown as numbers");
            }
            (TcpOffloadStates? offload, bool offloadFailed) = _options.WindowsOffload ? ReadOffload(platform, query.Tables, shown) : (null, false);
            renderer.WriteSockets(new SocketListing(shown, snapshot.Owners, snapshot.TakenAt) { Offload = offload });
            return failedCloses == 0 && !offloadFailed ? ReturnCode.Success : ReturnCode.Failure;
        });
    }

    /// <summary>One listing written row by row as the sockets are read; none is kept.</summary>
    private ReturnCode Stream(SocketReader reader, IStreamingListRenderer renderer)
    {
        OwnerMap? owners = null;
        Snapshot read = reader.Read(
            start: found =>
            {
                owners = found;
                renderer.Begin(found, DateTimeOffset.Now);
            },
            each: entry =>
            {
                if (_selection.Keeps(entry, owners) && !OwnSockets.IsOwnDiagnosticsSocket(entry))
                    renderer.Row(entry);
            });
        renderer.End();
        ReportNotes(read);
        return ReturnCode.Success;
    }

    /// <summary>
    /// -t: the offload states, read after the rows (only now, and only the TCP tables listed). A shown TCP
    /// row without one gets a blank column, never a made-up InHost, and one note on stderr says why
    /// (<see cref="WindowsOffloadNote"/>). A failed call that left shown rows blank makes the exit status 1,
    /// as a failed -s section does.
    /// </summary>
    private (TcpOffloadStates States, bool Failed) ReadOffload(IPlatform platform, SocketTables tables, List<SocketEntry> shown)
    {
        if (platform is not WindowsPlatform windows)
            throw new PlatformUnavailableException("the offload state (-t) is read from IP Helper, on Windows only");
        var notes = new List<SourceNote>();
        TcpOffloadStates offload = windows.ReadOffloadStates(tables, notes);
        _notes.Report(notes);
        string? note = WindowsOffloadNote.Note(offload, shown);
        if (note is not null)
            _notes.Once("offload", note);
        return (offload, note is not null && offload.Failures.Count > 0);
    }

    /// <summary>--net or --all-namespaces: rows say which namespace they come from.</summary>
    private bool ReadsNamespaces => _selection.ReadsAllNamespaces || _options.NetworkNamespace is not null;

    /// <summary>
    /// -K: closes each selected socket (the platform's close: sock_diag SOCK_DESTROY on Linux) and
    /// keeps those closed for the listing; each failure is one line on stderr with its reason.
    /// </summary>
    private (List<SocketEntry> Closed, int Failed) Close(IPlatform platform, List<SocketEntry> selected)
    {
        var closed = new List<SocketEntry>(selected.Count);
        int failed = 0;
        foreach (SocketEntry socket in selected)
        {
            ActionResult result = platform.CloseSocket(socket);
            if (result.Succeeded)
                closed.Add(socket);
            else
            {
                failed++;
                _notes.Once($"close-{failed}", $"netstate: could not close {SocketDescription.Of(socket)}: {result.Reason}");
            }
        }
        return (closed, failed);
    }

    /// <summary>The one renderer of this run, and which addresses it would show as names.</summary>
    private (ISocketListRenderer Renderer, Func<InetAddress, bool> NeedsLookup) ChooseRenderer(IPlatform platform, HostNameResolver? hosts)
    {
        ServiceNames? services = _options.NumericPorts ? null : ServiceNames.Load();
        switch (_options.Format)
        {
            case OutputFormat.Ss:
                var ssOptions = new SsRenderOptions(_options.Programs, _options.Timers, _options.Extend > 0, _options.Memory, _options.TcpInfo, _options.NumericPorts)
                {
                    Namespaces = _selection.ReadsAllNamespaces,
                };
                return (new SsListingRenderer(_out, ssOptions, new SsAddressText(services, hosts), SsHidesNetid(), _selection.SelectsOneState, _terminal.IsTerminal ? _terminal.Width : null,
                    _options.Programs ? platform.TaskNames() : null, platform.CgroupNames()), address => hosts is not null && !address.IsUnspecified);
            case OutputFormat.Json:
                return (new JsonListingRenderer(_out, _options.JsonLines), _ => false);
            case OutputFormat.Csv:
                return (new CsvListingRenderer(_out, _options.TcpInfo, _options.Memory, ReadsNamespaces), _ => false);
            case OutputFormat.Windows:
                WindowsAddressText? names = hosts is null && services is null ? null
                    : new WindowsAddressText(services, hosts, _options.WindowsFullNames, ThisComputer.Read(OwnAddresses(platform, hosts), _options.WindowsFullNames));
                return (new WindowsNetstatRenderer(_out, _options.WindowsPids, _options.WindowsExecutables, names, _options.WindowsOffload), address => names?.NeedsLookup(address) ?? false);
            default:
                var addresses = new NetstatAddressText(services, hosts, _options.Wide);
                var table = new NetstatTableRenderer(_out,
                    new NetstatRenderOptions(_options.All || _selection.FilterDecidesStates, _options.Listening && !_selection.FilterDecidesStates,
                        _options.Extend > 0, _options.Programs, _options.Timers, ReadsNamespaces),
                    addresses, _options.NumericUsers ? null : new UserNames());
                return (new NetstatListingRenderer(table, _out, _options.ShowsInet && (_selection.Tables & ~SocketTables.Unix) != 0,
                    (_selection.Tables & SocketTables.Unix) != 0), addresses.NeedsLookup);
        }
    }

    /// <summary>This computer's addresses, read only when host names are shown (the Windows platform has them; elsewhere none).</summary>
    private static HashSet<InetAddress> OwnAddresses(IPlatform platform, HostNameResolver? hosts) =>
        hosts is not null && platform is WindowsPlatform windows ? windows.ReadOwnAddresses() : new HashSet<InetAddress>();

    /// <summary>ss drops the Netid column when one socket table is listed (its three unix tables count as three).</summary>
    private bool SsHidesNetid()
    {
        SocketTables tables = _selection.Tables;
        int count = ((tables & SocketTables.Tcp) != 0 ? 1 : 0) + ((tables & SocketTables.Udp) != 0 ? 1 : 0)
            + ((tables & SocketTables.UdpLite) != 0 ? 1 : 0) + ((tables & SocketTables.Raw) != 0 ? 1 : 0)
            + ((tables & SocketTables.Unix) != 0 ? 3 : 0);
        return count == 1;
    }

    /// <summary>
    /// The kernel-side part of the selection: -l wants TCP listeners only, the default wants
    /// everything but listeners, a filter narrows tables and states further, and each format asks
    /// for the details it shows. The exact rules are applied afterwards, per row.
    /// </summary>
    private SocketQuery Query() => _selection.Query(Details());

    /// <summary>What each format reads beyond the basic row.</summary>
    private SocketDetail Details()
    {
        SocketDetail asked = (_options.TcpInfo ? SocketDetail.TcpInfo | SocketDetail.Congestion | SocketDetail.CongestionModule : SocketDetail.None)
            | (_options.Memory ? SocketDetail.Memory : SocketDetail.None);
        return _options.Format switch
        {
            // ss always needs IPV6_V6ONLY ("*" or "[::]") and the unix peer, which only netlink has:
            // no RefCnt request, so unix sockets come over netlink too.
            OutputFormat.Ss => asked | SocketDetail.Extras | (_options.Timers || _options.Extend > 0 ? SocketDetail.TcpCounters : SocketDetail.None),
            // Machine-readable output always carries exact retransmit and probe counts.
            OutputFormat.Json or OutputFormat.Csv => asked | SocketDetail.UnixRefCount | SocketDetail.TcpCounters
                | (_options.Extend > 0 ? SocketDetail.Extras | SocketDetail.TypeOfService : SocketDetail.None),
            // -o prints retransmits and probes together; only tcp_info reports both for every timer.
            _ => SocketDetail.UnixRefCount | (_options.Timers ? SocketDetail.TcpCounters : SocketDetail.None),
        };
    }

    /// <summary>
    /// The rows netstat's -a/-l rules and the filter keep. Sized once: a list grown to 100,000
    /// entries passes through large-object-heap arrays that cost a full collection.
    /// </summary>
    private List<SocketEntry> Selected(IReadOnlyList<SocketEntry> entries, OwnerMap? owners)
    {
        var shown = new List<SocketEntry>(entries.Count);
        foreach (SocketEntry entry in entries)
        {
            if (_selection.Keeps(entry, owners) && !OwnSockets.IsOwnDiagnosticsSocket(entry))
                shown.Add(entry);
        }
        return shown;
    }

    private static HashSet<InetAddress> AddressesToLookUp(List<SocketEntry> shown, Func<InetAddress, bool> needsLookup)
    {
        var wanted = new HashSet<InetAddress>();
        foreach (SocketEntry entry in shown)
        {
            if (entry.Protocol == Protocol.Unix)
                continue;
            if (needsLookup(entry.Local.Address))
                wanted.Add(entry.Local.Address);
            if (needsLookup(entry.Remote.Address))
                wanted.Add(entry.Remote.Address);
        }
        return wanted;
    }

    /// <summary>Problems go to stderr once per run, source choices only with -v.</summary>
    private void ReportNotes(Snapshot snapshot)
    {
        _notes.Report(snapshot.Notes);
        if (OperatingSystem.IsWindows())
        {
            // What Windows netstat -b refuses to do without elevation, netstate does and says so, once.
            if (WindowsOwnerNotes.Note(_options.WindowsExecutables, WindowsElevation.IsElevated(), snapshot.Owners?.Hidden.Count ?? 0) is { } note)
                _notes.Once("hidden-owners", note);
            return;
        }
        if (snapshot.Owners is not { Hidden.Count: > 0 } owners)
            return;
        if (owners.ScannedAsRoot)
        {
            // netstat and ss say nothing here, and the reason is not ownership: say it with -v only.
            if (_options.Verbose)
                _notes.Once("hidden-owners", $"netstate: {owners.Hidden.Count} processes refuse to show their descriptors even to root (PID {string.Join(", ", owners.Hidden.Take(5))}{(owners.Hidden.Count > 5 ? ", ..." : "")}): a container or security module restricts /proc; their sockets show '-'");
            return;
        }
        _notes.Once("hidden-owners", owners.SawAnyProcess
            ? $"(Not all processes could be identified: the sockets of {owners.Hidden.Count} processes you do not own show '-'; run as root to see them all.)"
            : "(No process could be identified for \"-p\": their /proc/PID/fd directories are readable only by their owners or root.)");
    }
}
