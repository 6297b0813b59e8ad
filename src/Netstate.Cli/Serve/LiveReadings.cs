using System.Diagnostics;
using Netstate.Core;
using Netstate.Core.Diagnosis;
using Netstate.Core.Diagnosis.Rules;
using Netstate.Core.Model;
using Netstate.Core.Platform;
using Netstate.Core.Sources;

namespace Netstate.Cli.Serve;

/// <summary>
/// Reads the kernel for the server, at most once per interval however many clients ask: a request
/// gets the latest reading while it is younger than the interval, else waits for the next one,
/// which exactly one read produces for every request waiting at that moment (200,000 sockets with
/// owners take about a second; a read per scrape or page would multiply that).
/// Nobody asking means no reading at all.
/// </summary>
internal sealed class LiveReadings : IDisposable
{
    /// <summary>
    /// Every table, with what doctor's rules look at (memory, retransmit counters) and what filters may ask
    /// (the netlink extras). No unix reference count: that would force /proc for unix sockets.
    /// </summary>
    private const SocketDetail Details = SocketDetail.Memory | SocketDetail.TcpCounters | SocketDetail.Extras;

    private readonly IPlatform _platform;
    private readonly SocketReader _reader;
    private readonly TimeSpan _interval;
    private readonly Lock _lock = new();
    private readonly Action<IReadOnlyList<SourceNote>>? _notes;
    private LiveReading? _latest;
    private Task<LiveReading>? _pending;
    private long _readsFailed;

    /// <param name="platform">Where the sockets come from.</param>
    /// <param name="source">--source; the platform's default when null.</param>
    /// <param name="interval">The youngest a reading may be before another is taken.</param>
    /// <param name="notes">Told each reading's source notes (warnings go to stderr once).</param>
    public LiveReadings(IPlatform platform, SourcePolicy? source, TimeSpan interval, Action<IReadOnlyList<SourceNote>>? notes = null)
    {
        _platform = platform;
        _interval = interval;
        _notes = notes;
        _reader = SocketReader.Open(new SocketReadOptions
        {
            Tables = SocketTables.All,
            Details = Details,
            Owners = true,
            Source = source,
        }, platform);
    }

    public TimeSpan Interval => _interval;

    /// <summary>Reads that threw (the next request tries again).</summary>
    public long ReadsFailed => Interlocked.Read(ref _readsFailed);

    /// <summary>The latest reading if it is younger than the interval, else the next one.</summary>
    public Task<LiveReading> CurrentAsync()
    {
        lock (_lock)
        {
            if (_latest is { } latest && DateTimeOffset.UtcNow - latest.Snapshot.TakenAt < _interval)
                return Task.FromResult(latest);
            return _pending ??= Task.Run(ReadNext);
        }
    }

    /// <summary>The first reading after <paramref name="seen"/>, no sooner than one interval after it (what a live page waits for).</summary>
    public async Task<LiveReading> NextAsync(LiveReading seen, CancellationToken cancel)
    {
        while (true)
        {
            TimeSpan wait = seen.Snapshot.TakenAt + _interval - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, cancel).ConfigureAwait(false);
            LiveReading next = await CurrentAsync().WaitAsync(cancel).ConfigureAwait(false);
            if (next.Sequence > seen.Sequence)
                return next;
        }
    }

    private LiveReading ReadNext()
    {
        try
        {
            LiveReading reading = Read(Volatile.Read(ref _latest));
            lock (_lock)
            {
                _latest = reading;
                _pending = null;
            }
            return reading;
        }
        catch
        {
            Interlocked.Increment(ref _readsFailed);
            lock (_lock)
                _pending = null;
            throw;
        }
    }

    private LiveReading Read(LiveReading? previous)
    {
        long started = Stopwatch.GetTimestamp();
        Snapshot snapshot = _reader.Read();
        var problems = new List<SourceNote>();
        KernelFigures kernel = _platform.ReadKernelFigures(problems);
        _notes?.Invoke([.. snapshot.Notes, .. problems]);

        var tcp = new Snapshot(snapshot.Entries.Where(e => e.Protocol == Protocol.Tcp), snapshot.Owners, snapshot.Notes, snapshot.TakenAt);
        // The previous reading is the start of doctor's window: counter growth and CLOSE_WAIT sockets that stayed.
        var input = new DiagnosisInput(tcp, kernel, previous?.Kernel, previous is null ? TimeSpan.Zero : snapshot.TakenAt - previous.Snapshot.TakenAt)
        {
            ProcessState = _platform.ProcessState,
            CloseWaitBefore = previous is null ? null
                : previous.Tcp.Entries.Where(e => e.TcpState == TcpState.CloseWait).Select(CloseWaitLeakRule.Identity).ToHashSet(),
        };
        IReadOnlyList<Finding> findings = Doctor.Examine(input);
        SnapshotDiff changes = previous is null ? SnapshotDiff.Compare([], snapshot.Entries) : SnapshotDiff.Compare(previous.Snapshot, snapshot);
        return new LiveReading((previous?.Sequence ?? 0) + 1, snapshot, tcp, changes, kernel, findings, Stopwatch.GetElapsedTime(started));
    }

    public void Dispose() => _reader.Dispose();
}
