using System.Diagnostics;
using Netstate.Cli.Arguments;
using Netstate.Cli.Output;
using Netstate.Cli.Recording;
using Netstate.Core;
using Netstate.Core.Model;
using Netstate.Core.Platform;
using Netstate.Core.Tracing;

namespace Netstate.Cli.Commands;

/// <summary>
/// <c>netstate record</c>: traces like trace and life together and stores transitions, lifetimes
/// and a periodic count of sockets per state, local port and program in SQLite, until stopped.
/// </summary>
internal sealed class RecordCommand(RecordOptions options, TextWriter stdout, TextWriter stderr)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(1);

    public const string Usage = """
        usage: netstate record [--db FILE] [--retention AGE] [--interval SECONDS] [-v]

        Records TCP activity until stopped (root; Ctrl+C or SIGTERM): every state change,
        every connection's lifetime with its bytes, and every SECONDS the number of TCP
        sockets per state, local port and program. 'netstate history' reads it back.
        Tracing is set up and cleaned up as for 'netstate trace'.

              --db FILE          the SQLite database (default /var/lib/netstate/record.db
                                 for root, ~/.local/share/netstate/record.db otherwise)
              --retention AGE    delete what is older than AGE: 90s, 10m, 2h, 7d (default 7d)
              --interval SECONDS how often to count sockets (default 60)
          -v, --verbose          say more (owner scan notes)
          -h, --help             show this help

        The database uses write-ahead logging: a recording killed at any moment keeps
        everything stored before. It needs the system's SQLite library (libsqlite3-0).
        """;

    public ReturnCode Run()
    {
        if (options.Help)
        {
            stdout.Write(Usage);
            return ReturnCode.Success;
        }
        string path = options.Database ?? TraceDatabase.DefaultPath;
        using TraceDatabase database = TraceDatabase.Open(path, create: true);
        long pruned = database.Prune(DateTimeOffset.UtcNow - options.Retention);
        using var stop = new StopSignals();
        IPlatform platform = Platforms.Open(null);
        using ITcpTrace trace = TraceCommand.Start(platform, new TcpTraceRequest { Resets = true, SocketEnds = true }, stderr);
        stderr.WriteLine($"netstate: recording into {path} (retention {Rendering.TraceTextRenderer.Duration(options.Retention)}, socket counts every {options.Interval.TotalSeconds} s){(pruned > 0 ? $"; removed {pruned} rows older than the retention" : "")}");
        stderr.Flush();

        var tracker = TcpTraceTracker.For(platform);
        var notes = new NoteReporter(stderr, options.Verbose);
        Stopwatch sinceCount = Stopwatch.StartNew(), sincePrune = Stopwatch.StartNew();
        CountSockets(platform, database, notes);
        long events = 0, lifetimes = 0, lost = 0;
        while (true)
        {
            bool last = stop.Requested;
            TcpTraceBatch batch = trace.Poll();
            notes.Report(batch.Notes);
            lost += batch.Lost;
            (IReadOnlyList<TcpTraceEvent> traced, IReadOnlyList<TcpLifetime> ended) = tracker.Add(batch);
            database.Store(traced, ended);
            events += traced.Count;
            lifetimes += ended.Count;
            if (sinceCount.Elapsed >= options.Interval)
            {
                CountSockets(platform, database, notes);
                sinceCount.Restart();
            }
            if (sincePrune.Elapsed >= PruneInterval)
            {
                database.Prune(DateTimeOffset.UtcNow - options.Retention);
                sincePrune.Restart();
            }
            if (last)
                break;
            // Nothing goes to stdout, so there is no reader to watch: a plain wait.
            Thread.Sleep(PollInterval);
        }
        if (lost > 0)
            stderr.WriteLine($"netstate: warning: the kernel dropped {lost} events while recording (its buffer was full)");
        stderr.WriteLine($"netstate: recorded {events} events and {lifetimes} lifetimes; tracing stopped and the tracefs instance removed");
        return ReturnCode.Success;
    }

    /// <summary>One sample: TCP sockets per state, local port and owning program (the first holder's name).</summary>
    private static void CountSockets(IPlatform platform, TraceDatabase database, NoteReporter notes)
    {
        Snapshot snapshot;
        using (SocketReader reader = SocketReader.Open(new SocketReadOptions { Tables = SocketTables.Tcp, Owners = true }, platform))
            snapshot = reader.Read();
        notes.Report(snapshot.Notes);
        var counts = new Dictionary<(TcpState, ushort, string?), long>();
        foreach (SocketEntry entry in snapshot.Entries)
        {
            var key = (entry.TcpState, entry.Local.Port, snapshot.Owners?.First(entry.Inode)?.Process.ProgramNameText);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        database.StoreCounts(snapshot.TakenAt, counts.Select(c => (c.Key.Item1, c.Key.Item2, c.Key.Item3, c.Value)));
    }
}
