using Netstate.Cli.Arguments;
using Netstate.Cli.Rendering;
using Netstate.Core;
using Netstate.Core.Model;
using Netstate.Core.Names;
using Netstate.Core.Owners;
using Netstate.Core.Sources.Linux;
using Netstate.Core.Sources.Linux.SockDiag;

namespace Netstate.Cli.Commands;

/// <summary>netstat's default mode: the inet and unix socket tables, once or every interval (-c).</summary>
internal sealed class SocketListCommand
{
    private readonly NetstatOptions _options;
    private readonly TextWriter _out;
    private readonly NoteReporter _notes;
    private readonly FilterSelection _selection;

    public SocketListCommand(NetstatOptions options, TextWriter stdout, TextWriter stderr)
    {
        _options = options;
        _out = stdout;
        _notes = new NoteReporter(stderr, options.Verbose);
        _selection = new FilterSelection(options);
    }

    public ReturnCode Run()
    {
        ProcRoot procRoot = SocketSourceChoice.ProcRootOf(_options);

        using LinuxSocketSource source = SocketSourceChoice.Open(_options, procRoot);
        var reader = new SocketSnapshotReader(source, procRoot);
        SocketQuery query = Query();
        ServiceNames? services = _options.NumericPorts ? null : ServiceNames.Load();
        HostNameResolver? hosts = _options.NumericHosts ? null : new HostNameResolver(_options.ResolveTimeout);
        var addresses = new NetstatAddressText(services, hosts, _options.Wide);
        var renderer = new NetstatTableRenderer(_out,
            new NetstatRenderOptions(_options.All || _selection.FilterDecidesStates, _options.Listening && !_selection.FilterDecidesStates,
                _options.Extend > 0, _options.Programs, _options.Timers),
            addresses, _options.NumericUsers ? null : new UserNames());

        return Repetition.Run(_options, _out, () =>
        {
            Snapshot snapshot = reader.Read(query, _selection.NeedsOwners);
            ReportNotes(snapshot);
            List<SocketEntry> shown = Selected(snapshot.Entries, snapshot.Owners);
            if (hosts is not null)
            {
                hosts.ResolveAll(AddressesToLookUp(shown, addresses));
                if (_options.Verbose && hosts.TimedOut > 0)
                    _notes.Once("resolve-timeout", $"netstate: {hosts.TimedOut} reverse lookups did not answer in time; those addresses are shown as numbers");
            }
            Render(renderer, shown, snapshot.Owners);
            return ReturnCode.Success;
        });
    }

    /// <summary>
    /// The kernel-side part of the selection: -l wants TCP listeners only, the default wants
    /// everything but listeners, a filter narrows tables and states further. The exact rules are
    /// applied afterwards, per row.
    /// </summary>
    private SocketQuery Query()
    {
        // -o prints retransmits and probes together; only tcp_info reports both for every timer.
        SocketDetail details = SocketDetail.UnixRefCount | (_options.Timers ? SocketDetail.TcpCounters : SocketDetail.None);
        return _selection.Query(details);
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

    private static HashSet<InetAddress> AddressesToLookUp(List<SocketEntry> shown, NetstatAddressText addresses)
    {
        var wanted = new HashSet<InetAddress>();
        foreach (SocketEntry entry in shown)
        {
            if (entry.Protocol == Protocol.Unix)
                continue;
            if (addresses.NeedsLookup(entry.Local.Address))
                wanted.Add(entry.Local.Address);
            if (addresses.NeedsLookup(entry.Remote.Address))
                wanted.Add(entry.Remote.Address);
        }
        return wanted;
    }

    private void Render(NetstatTableRenderer renderer, List<SocketEntry> shown, OwnerMap? owners)
    {
        if (_options.ShowsInet && (_selection.Tables & ~SocketTables.Unix) != 0)
        {
            renderer.WriteInetHeader();
            foreach (SocketEntry entry in shown)
            {
                if (entry.Protocol != Protocol.Unix)
                    renderer.WriteInetRow(entry, owners);
            }
        }
        if ((_selection.Tables & SocketTables.Unix) != 0)
        {
            renderer.WriteUnixHeader();
            foreach (SocketEntry entry in shown)
            {
                if (entry.Protocol == Protocol.Unix)
                    renderer.WriteUnixRow(entry, owners);
            }
        }
    }


    /// <summary>Problems go to stderr once per run, source choices only with -v.</summary>
    private void ReportNotes(Snapshot snapshot)
    {
        _notes.Report(snapshot.Notes);
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
