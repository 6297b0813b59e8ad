using System.Globalization;
using Netstate.Cli.Arguments;
using Netstate.Cli.Recording;
using Netstate.Cli.Rendering;
using Netstate.Core.Aggregation;
using Netstate.Core.Kernel;
using Netstate.Core.Model;
using Netstate.Core.Sources;
using Netstate.Core.Owners;
using Netstate.Core.Platform;
using Netstate.Core.Tcp;
using Netstate.Core.Tracing;
using Netstate.Core.Vocabulary;

namespace Netstate.Cli.Commands;

/// <summary>
/// <c>netstate explain [STATE]</c>: the TCP state machine taught with this machine as the example.
/// A state gets its explanation, its live sockets and the settings that govern it; no state gets
/// the diagram with live counts.
/// </summary>
internal sealed class ExplainCommand
{
    private const int TopCount = 5;
    private readonly ExplainOptions _options;
    private readonly TextWriter _out;
    private readonly NoteReporter _notes;
    private readonly TerminalInfo _terminal;

    public ExplainCommand(ExplainOptions options, TextWriter stdout, TextWriter stderr, TerminalInfo terminal)
    {
        _options = options;
        _out = stdout;
        _notes = new NoteReporter(stderr, verbose: false);
        _terminal = terminal;
    }

    public ReturnCode Run()
    {
        if (_options.Help)
        {
            _out.Write(ExplainOptions.Usage);
            return ReturnCode.Success;
        }
        IPlatform platform = Platforms.Open(_options.ProcRoot);
        var skipped = new List<SourceNote>();
        using NamespaceScopes scopes = NamespaceScopes.Open(platform, _options.NetworkNamespace, _options.AllNamespaces, skipped);
        _notes.Report(skipped);
        var renderer = new ExplainRenderer(_out, _terminal.Width, _options.Ascii || !_terminal.Utf8);
        if (_options.State is not { } state)
        {
            // One diagram: of the namespace named, or the counts of every namespace added up.
            int[]? sum = null;
            foreach (NamespaceScope scope in scopes.Scopes)
            {
                int[] counts = new LiveTcpSockets(scope.Platform, _options.Source, _notes).CountByState();
                if (sum is null)
                    sum = counts;
                else
                    for (int i = 0; i < sum.Length; i++)
                        sum[i] = sum[i] < 0 || counts[i] < 0 ? -1 : sum[i] + counts[i];
            }
            string? where = !scopes.Named ? null
                : _options.AllNamespaces ? $"all {scopes.Scopes.Count} network namespaces (added up)"
                : "netns " + NamespaceHeading.Of(scopes.Scopes[0].Space!);
            renderer.WriteDiagram(sum ?? new int[16], where);
            return ReturnCode.Success;
        }
        TcpStateInfo info = TcpStateCatalogue.Of(state);
        // Owners are the host's processes, whichever namespace: scanned once, when some socket has a file at all.
        OwnerMap? owners = null;
        var parts = new List<ExplainPart>();
        foreach (NamespaceScope scope in scopes.Scopes)
        {
            var sockets = new LiveTcpSockets(scope.Platform, _options.Source, _notes);
            IReadOnlyList<SysctlValue> settings = scope.Platform.ReadSettings(info.Explanation.Settings);
            parts.Add(new ExplainPart(scope.Space, Describe(state, sockets, platform, ref owners), settings));
        }
        using StateRecording? recording = StateRecording.Open(_options.Database, _notes);
        renderer.WriteState(info, parts, recording is null ? null : Recorded(state, recording),
            [.. Lab.LabScenarios.All.Where(s => s.Shows.Contains(state)).Select(s => (s.Name, s.Summary))]);
        return ReturnCode.Success;
    }

    /// <summary>The rise of the state's count (in all, and on its busiest ports) and its last hour of changes.</summary>
    private static RecordedState Recorded(TcpState state, StateRecording recording)
    {
        var growth = new List<StateGrowth>();
        StateGrowth? total = recording.Growth(state);
        if (total is not null)
            growth.Add(total);
        foreach (ushort port in recording.BusiestPorts(state, 3))
        {
            if (recording.Growth(state, port) is not { } onPort)
                continue;
            // A port that holds every socket of the state says the same as the total, and more precisely.
            if (total is not null && onPort.From == total.From && onPort.To == total.To && onPort.Since == total.Since)
                growth[0] = onPort;
            else
                growth.Add(onPort);
        }
        return new RecordedState(recording.Where, growth, recording.Activity(state, TimeSpan.FromHours(1)));
    }

    private static StateSockets Describe(TcpState state, LiveTcpSockets sockets, IPlatform platform, ref OwnerMap? owners)
    {
        if (state == TcpState.BoundInactive && !sockets.SeesBoundInactive)
            return new StateSockets(null, "only netlink lists them, and this run reads /proc");
        IReadOnlyList<SocketEntry> entries = sockets.ReadState(state).Entries;
        // Owners cost a walk of every process's descriptors: only when some socket has a file at all.
        if (owners is null && entries.Any(e => e.Inode != 0))
            owners = platform.ScanOwners();
        bool hasPeer = state is not (TcpState.Listen or TcpState.BoundInactive or TcpState.Close);
        bool withPort = state is TcpState.SynSent or TcpState.FinWait1 or TcpState.FinWait2 or TcpState.Closing or TcpState.TimeWait;

        // Counted by value; only the keys that can make the top few are turned into text. Peers are
        // grouped by address (one client behind thousands of sockets is one line), with the range
        // of ports seen where the port tells something (the destinations a client exhausts).
        var ports = new KeyCounts<ushort>();
        var remotes = new KeyCounts<InetAddress>();
        var remotePorts = withPort ? new Dictionary<InetAddress, (ushort Low, ushort High)>() : null;
        var processes = new KeyCounts<ProcessInfo>(ReferenceEqualityComparer.Instance);
        foreach (SocketEntry entry in entries)
        {
            ports.Add(entry.Local.Port);
            if (hasPeer)
            {
                // A dual-stack socket's IPv4 peer is that IPv4 address: one peer, one entry.
                InetAddress peer = entry.Remote.Address.IsV4Mapped ? entry.Remote.Address.MappedV4 : entry.Remote.Address;
                remotes.Add(peer);
                if (remotePorts is not null)
                {
                    ushort port = entry.Remote.Port;
                    remotePorts[peer] = remotePorts.TryGetValue(peer, out var seen)
                        ? (Math.Min(seen.Low, port), Math.Max(seen.High, port))
                        : (port, port);
                }
            }
            if (owners?.First(entry.Inode) is { } owner)
                processes.Add(owner.Process);
        }
        return new StateSockets(entries.Count, null)
        {
            TopLocalPorts = ports.Top(TopCount, port => port.ToString(CultureInfo.InvariantCulture)),
            TopRemotes = remotes.Top(TopCount, address => EndpointText.Address(address, Dialect.Filter)),
            RemotePorts = remotePorts,
            TopProcesses = processes.Top(TopCount, process => $"{process.Pid.ToString(CultureInfo.InvariantCulture)}/{process.ProgramNameText}"),
        };
    }
}
