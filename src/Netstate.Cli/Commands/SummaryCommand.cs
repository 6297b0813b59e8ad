using Netstate.Cli.Arguments;
using Netstate.Cli.Rendering;
using Netstate.Core;
using Netstate.Core.Aggregation;
using Netstate.Core.Kernel;
using Netstate.Core.Model;
using Netstate.Core.Platform;
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
        IPlatform platform = Platforms.Open(_options.ProcRoot);
        // Unix from /proc (as for netstat's table): netlink leaves out sockets without an inode.
        Snapshot snapshot;
        using (SocketReader reader = SocketReader.Open(new SocketReadOptions { Details = SocketDetail.UnixRefCount, Source = _options.Source }, platform))
            snapshot = reader.Read();
        new NoteReporter(_err, _options.Verbose).Report(snapshot.Notes);

        var notes = new List<SourceNote>();
        SocketCounters counters = platform.ReadSocketCounters(notes);
        new NoteReporter(_err, _options.Verbose).Report(notes);
        new SummaryRenderer(_out).Write(SocketSummary.Count(snapshot.Entries.Where(e => !OwnSockets.IsOwnDiagnosticsSocket(e))), counters);
        return ReturnCode.Success;
    }
}
