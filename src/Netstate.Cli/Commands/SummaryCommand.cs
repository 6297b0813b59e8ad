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
        var reporter = new NoteReporter(_err, _options.Verbose);
        var skipped = new List<SourceNote>();
        using NamespaceScopes scopes = NamespaceScopes.Open(Platforms.Open(_options.ProcRoot), _options.NetworkNamespace, _options.AllNamespaces, skipped);
        reporter.Report(skipped);
        var renderer = new SummaryRenderer(_out);
        var everyEntry = new List<SocketEntry>();
        var everyCounter = new List<SocketCounters>();
        foreach (NamespaceScope scope in scopes.Scopes)
        {
            // Unix from /proc (as for netstat's table): netlink leaves out sockets without an inode.
            Snapshot snapshot;
            using (SocketReader reader = SocketReader.Open(new SocketReadOptions { Details = SocketDetail.UnixRefCount, Source = _options.Source }, scope.Platform))
                snapshot = reader.Read();
            reporter.Report(Labelled(scope, snapshot.Notes));

            var notes = new List<SourceNote>();
            SocketCounters counters = scope.Platform.ReadSocketCounters(notes);
            reporter.Report(Labelled(scope, notes));
            List<SocketEntry> entries = [.. snapshot.Entries.Where(e => !OwnSockets.IsOwnDiagnosticsSocket(e))];
            if (scope.Space is { } space)
                NamespaceHeading.Write(_out, space, first: scope == scopes.Scopes[0]);
            renderer.Write(SocketSummary.Count(entries), counters);
            if (_options.AllNamespaces)
            {
                everyEntry.AddRange(entries);
                everyCounter.Add(counters);
            }
        }
        if (_options.AllNamespaces && scopes.Scopes.Count > 1)
        {
            _out.WriteLine();
            _out.WriteLine($"== all {scopes.Scopes.Count} network namespaces ==");
            renderer.Write(SocketSummary.Count(everyEntry), SocketCounters.SumInUse(everyCounter), kernelLine: false);
        }
        return ReturnCode.Success;
    }

    /// <summary>A problem in another namespace says which one.</summary>
    private static IEnumerable<SourceNote> Labelled(NamespaceScope scope, IEnumerable<SourceNote> notes) =>
        scope.Space is { IsOwn: false } space ? notes.Select(n => n with { Message = space.Label + ": " + n.Message }) : notes;
}
