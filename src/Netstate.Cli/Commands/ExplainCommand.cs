using System.Globalization;
using Netstate.Cli.Arguments;
using Netstate.Cli.Rendering;
using Netstate.Core.Kernel;
using Netstate.Core.Model;
using Netstate.Core.Owners;
using Netstate.Core.Platform;
using Netstate.Core.Tcp;
using Netstate.Core.Text;

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
        var sockets = new LiveTcpSockets(platform, _options.Source, _notes);
        var renderer = new ExplainRenderer(_out, _terminal.Width, _options.Ascii || !_terminal.Utf8);
        if (_options.State is not { } state)
        {
            renderer.WriteDiagram(sockets.CountByState());
            return ReturnCode.Success;
        }
        TcpStateInfo info = TcpStateCatalogue.Of(state);
        IReadOnlyList<SysctlValue> settings = platform.ReadSettings(info.Explanation.Settings);
        renderer.WriteState(info, Describe(state, sockets, platform), settings);
        return ReturnCode.Success;
    }

    private static StateSockets Describe(TcpState state, LiveTcpSockets sockets, IPlatform platform)
    {
        if (state == TcpState.BoundInactive && !sockets.SeesBoundInactive)
            return new StateSockets(null, "only netlink lists them, and this run reads /proc");
        IReadOnlyList<SocketEntry> entries = sockets.ReadState(state).Entries;
        // Owners cost a walk of every process's descriptors: only when some socket has a file at all.
        OwnerMap? owners = entries.Any(e => e.Inode != 0) ? platform.ScanOwners() : null;
        bool hasPeer = state is not (TcpState.Listen or TcpState.BoundInactive or TcpState.Close);
        bool withPort = state is TcpState.SynSent or TcpState.FinWait1 or TcpState.FinWait2 or TcpState.Closing or TcpState.TimeWait;

        // Counted by value; only the keys that can make the top few are turned into text.
        var ports = new Dictionary<ushort, int>();
        var remotes = new Dictionary<Endpoint, int>();
        var processes = new Dictionary<ProcessInfo, int>(ReferenceEqualityComparer.Instance);
        foreach (SocketEntry entry in entries)
        {
            Increment(ports, entry.Local.Port);
            if (hasPeer)
                Increment(remotes, withPort ? entry.Remote : entry.Remote with { Port = 0 });
            if (owners?.First(entry.Inode) is { } owner)
                Increment(processes, owner.Process);
        }
        return new StateSockets(entries.Count, null)
        {
            TopLocalPorts = Top(ports, port => port.ToString(CultureInfo.InvariantCulture)),
            TopRemotes = Top(remotes, remote => withPort ? WithPort(remote) : AddressText(remote.Address)),
            RemoteWithPort = withPort,
            TopProcesses = Top(processes, process => $"{process.Pid}/{UntrustedText.Escape(process.ProgramNameText)}"),
        };
    }

    private static string WithPort(Endpoint endpoint)
    {
        string port = endpoint.Port.ToString(CultureInfo.InvariantCulture);
        return endpoint.Address.IsV6 && !endpoint.Address.IsV4Mapped ? $"[{AddressText(endpoint.Address)}]:{port}" : $"{AddressText(endpoint.Address)}:{port}";
    }

    /// <summary>An IPv4 peer of a dual-stack socket is shown as the IPv4 address it is.</summary>
    private static string AddressText(InetAddress address) =>
        InetAddressFormatter.Format(address.IsV4Mapped ? address.MappedV4 : address);

    private static void Increment<TKey>(Dictionary<TKey, int> counts, TKey key) where TKey : notnull =>
        counts[key] = counts.GetValueOrDefault(key) + 1;

    /// <summary>The most frequent keys, ties by name; only keys counted at least as often as the last place are named.</summary>
    private static List<(string Name, int Count)> Top<TKey>(Dictionary<TKey, int> counts, Func<TKey, string> name) where TKey : notnull
    {
        int lastPlace = counts.Count > TopCount ? counts.Values.OrderDescending().ElementAt(TopCount - 1) : 0;
        return counts.Where(p => p.Value >= lastPlace)
            .Select(p => (Name: name(p.Key), Count: p.Value))
            .OrderByDescending(p => p.Count).ThenBy(p => p.Name, StringComparer.Ordinal)
            .Take(TopCount).ToList();
    }
}
