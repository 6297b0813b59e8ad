using Netstate.Cli.Arguments;
using Netstate.Cli.Rendering;
using Netstate.Core.Aggregation;
using Netstate.Core.Kernel;
using Netstate.Core.Model;
using Netstate.Core.Sources.Linux.SockDiag;
using Netstate.Core.Sources.Linux;
using Netstate.Core.Sources;

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
        new NoteReporter(_err, _options.Verbose).Report(result.Notes);

        SocketCounters counters = ReadCounters(procRoot);
        new SummaryRenderer(_out).Write(SocketSummary.Count(result.Entries.Where(e => !OwnSockets.IsOwnDiagnosticsSocket(e))), counters);
        return ReturnCode.Success;
    }

    private SocketCounters ReadCounters(ProcRoot procRoot)
    {
        var notes = new List<SourceNote>();
        var counters = new SocketCounters();
        counters.ReadInto(procRoot.Net("sockstat"), notes);
        counters.ReadInto(procRoot.Net("sockstat6"), notes);
        new NoteReporter(_err, _options.Verbose).Report(notes);
        return counters;
    }
}
