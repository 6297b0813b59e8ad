using Netstate.Cli.Arguments;
using Netstate.Cli.Rendering;
using Netstate.Core.Kernel;
using Netstate.Core.Model;
using Netstate.Core.Sources;
using Netstate.Core.Sources.Linux;
using Netstate.Core.Sources.Linux.SockDiag;

namespace Netstate.Cli.Commands;

/// <summary>
/// --summary: what `ss -s` answers (how many sockets of each kind, TCP by state) as plain tables,
/// counted from one read of every socket table plus the kernel's own counters in sockstat.
/// </summary>
internal sealed class SummaryCommand
{
    private readonly NetstatOptions _options;
    private readonly TextWriter _out;
    private readonly TextWriter _err;

    public SummaryCommand(NetstatOptions options, TextWriter stdout, TextWriter stderr)
    {
        _options = options;
        _out = stdout;
        _err = stderr;
    }

    public ReturnCode Run()
    {
        ProcRoot procRoot = SocketSourceChoice.ProcRootOf(_options);
        using LinuxSocketSource source = SocketSourceChoice.Open(_options, procRoot);
        // Unix from /proc (as for netstat's table): netlink leaves out sockets without an inode.
        SourceResult result = source.Read(new SocketQuery(SocketTables.All) { Details = SocketDetail.UnixRefCount });
        foreach (SourceNote note in result.Notes)
        {
            if (note.Kind == SourceNoteKind.Warning)
                _err.WriteLine($"netstate: warning: {note.Message}");
            else if (_options.Verbose)
                _err.WriteLine($"netstate: {note.Message}");
        }

        SocketCounters counters = ReadCounters(procRoot);
        new SummaryRenderer(_out).Write(SocketSummary.Count(result.Entries.Where(e => !OwnSockets.IsOwnDiagnosticsSocket(e))), counters);
        return ReturnCode.Success;
    }

    private SocketCounters ReadCounters(ProcRoot procRoot)
    {
        var counters = new SocketCounters();
        foreach (string file in new[] { procRoot.Net("sockstat"), procRoot.Net("sockstat6") })
        {
            try
            {
                foreach (string bad in counters.Parse(File.ReadAllBytes(file)))
                    _err.WriteLine($"netstate: warning: {file}: line not understood: {Core.Text.UntrustedText.Escape(bad)}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _err.WriteLine($"netstate: warning: cannot read {file}: {e.Message}; the kernel counters are left out");
            }
        }
        return counters;
    }
}

/// <summary>Socket counts per protocol and family, and TCP sockets per state.</summary>
internal sealed class SocketSummary
{
    private readonly Dictionary<(Protocol, Family), int> _byKind = [];
    private readonly int[] _byTcpState = new int[16];

    public int Count(Protocol protocol, Family family) => _byKind.GetValueOrDefault((protocol, family));

    public int Count(TcpState state) => (int)state < _byTcpState.Length ? _byTcpState[(int)state] : 0;

    public int Total { get; private set; }

    public static SocketSummary Count(IEnumerable<SocketEntry> entries)
    {
        var summary = new SocketSummary();
        foreach (SocketEntry entry in entries)
        {
            summary.Total++;
            (Protocol, Family) kind = (entry.Protocol, entry.Family);
            summary._byKind[kind] = summary._byKind.GetValueOrDefault(kind) + 1;
            if (entry.Protocol == Protocol.Tcp && entry.RawState < summary._byTcpState.Length)
                summary._byTcpState[entry.RawState]++;
        }
        return summary;
    }
}
