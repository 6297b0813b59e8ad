using System.Diagnostics;
using Netstate.Core;
using Netstate.Core.Diagnosis;
using Netstate.Core.Diagnosis.Rules;
using Netstate.Core.Model;
using Netstate.Core.Platform;
using Netstate.Core.Sources;

namespace Netstate.Cli.Serve;

/// <summary>
/// Reads the kernel for the server, at most once per interval however many clients ask, and keeps
/// the owner scan off the request path.
/// <list type="bullet">
/// <item>On demand (the default): a request gets the latest reading while it is younger than the
/// interval, else waits for the next one, which exactly one read produces for every request waiting
/// at that moment. Nobody asking means no reading at all.</item>
/// <item>In the background (<c>--background</c>): a reading is taken every interval whether anyone
/// asks or not, and a request is answered from the latest at once (at most the interval plus one
/// read old), never waiting for the kernel.</item>
/// <item>Owners: the /proc/*/fd scan costs with every descriptor open on the machine (a second or
/// more at 200,000), not with the sockets served, so it runs on its own: a reading uses the latest
/// finished scan and, when that is older than the owners interval, starts the next one beside it.
/// Only the first reading waits for a scan. A socket opened since the scan has no owner until the
/// next one; a scan is never newer than the sockets it is joined with.</item>
/// </list>
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
    private readonly TimeSpan _ownersInterval;
    private readonly bool _background;
    private readonly Lock _lock = new();
    private readonly Action<IReadOnlyList<SourceNote>>? _notes;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task? _loop;
    private LiveReading? _latest;
    private Task<LiveReading>? _pending;
    private TaskCompletionSource _published = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private OwnerScan? _owners;
    private Task? _ownerScan;
    private long _readsFailed;
    private long _ownerScansFailed;

    /// <param name="platform">Where the sockets come from.</param>
    /// <param name="source">--source; the platform's default when null.</param>
    /// <param name="interval">The youngest a reading may be before another is taken (on demand), or the time between readings (background).</param>
    /// <param name="ownersInterval">The youngest an owner scan may be before another is started.</param>
    /// <param name="background">Read every interval whether asked or not, and answer from the latest reading at once.</param>
    /// <param name="notes">Told each reading's source notes (warnings go to stderr once).</param>
    public LiveReadings(IPlatform platform, SourcePolicy? source, TimeSpan interval, TimeSpan ownersInterval, bool background,
        Action<IReadOnlyList<SourceNote>>? notes = null)
    {
        _platform = platform;
        _interval = interval;
        _ownersInterval = ownersInterval;
        _background = background;
        _notes = notes;
        _reader = SocketReader.Open(new SocketReadOptions
        {
            Tables = SocketTables.All,
            Details = Details,
            Owners = false,
            Source = source,
        }, platform);
        if (background)
            _loop = Task.Run(() => RefreshAsync(_stop.Token));
    }

    public TimeSpan Interval => _interval;

    /// <summary>Reads that threw (the next request tries again).</summary>
    public long ReadsFailed => Interlocked.Read(ref _readsFailed);

    /// <summary>Owner scans that threw (readings keep the scan before).</summary>
    public long OwnerScansFailed => Interlocked.Read(ref _ownerScansFailed);

    /// <summary>On demand: the latest reading if it is younger than the interval, else the next one. In the background: the latest.</summary>
    public Task<LiveReading> CurrentAsync()
    {
        lock (_lock)
        {
            if (_latest is { } latest && DateTimeOffset.UtcNow - latest.Snapshot.TakenAt < MaxAge(latest))
                return Task.FromResult(latest);
            return _pending ??= Task.Run(ReadNext);
        }
    }

    /// <summary>
    /// How old a reading may be and still be served: the interval on demand; in the background the
    /// interval plus the read that is replacing it, twice over (beyond that the loop has stalled or
    /// failed, and a request reads for itself).
    /// </summary>
    private TimeSpan MaxAge(LiveReading latest) => _background ? 2 * (_interval + latest.Duration) : _interval;

    /// <summary>The first reading after <paramref name="seen"/>, no sooner than one interval after it (what a live page waits for).</summary>
    public async Task<LiveReading> NextAsync(LiveReading seen, CancellationToken cancel)
    {
        while (true)
        {
            Task published;
            lock (_lock)
            {
                if (_latest is { } latest && latest.Sequence > seen.Sequence && (_background || latest.Snapshot.TakenAt >= seen.Snapshot.TakenAt + _interval))
                    return latest;
                published = _published.Task;
            }
            if (_background)
            {
                await published.WaitAsync(cancel).ConfigureAwait(false);
                continue;
            }
            TimeSpan wait = seen.Snapshot.TakenAt + _interval - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, cancel).ConfigureAwait(false);
            LiveReading next = await CurrentAsync().WaitAsync(cancel).ConfigureAwait(false);
            if (next.Sequence > seen.Sequence)
                return next;
        }
    }

    /// <summary>--background: a reading every interval (start to start; at once when a read took longer), until disposed.</summary>
    private async Task RefreshAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            long started = Stopwatch.GetTimestamp();
            Task<LiveReading> reading;
            lock (_lock)
                reading = _pending ??= Task.Run(ReadNext, CancellationToken.None);
            try
            {
                await reading.ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Counted in ReadNext; the next round tries again.
            }
            TimeSpan rest = _interval - Stopwatch.GetElapsedTime(started);
            try
            {
                if (rest > TimeSpan.Zero)
                    await Task.Delay(rest, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private LiveReading ReadNext()
    {
        try
        {
            LiveReading reading = Read(Volatile.Read(ref _latest));
            TaskCompletionSource published;
            lock (_lock)
            {
                _latest = reading;
                _pending = null;
                published = _published;
                _published = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            published.SetResult();
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

    /// <summary>The latest owner scan: the first reading waits for one; later ones start the next beside them when it is due.</summary>
    private OwnerScan Owners()
    {
        if (Volatile.Read(ref _owners) is not { } owners)
        {
            // Only the first reading gets here, and readings do not overlap (one pending at a time).
            owners = ScanOwners();
            Volatile.Write(ref _owners, owners);
            return owners;
        }
        lock (_lock)
        {
            if (DateTimeOffset.UtcNow - owners.TakenAt >= _ownersInterval && _ownerScan is null)
                _ownerScan = Task.Run(ScanInBackground);
        }
        return owners;
    }

    private void ScanInBackground()
    {
        try
        {
            Volatile.Write(ref _owners, ScanOwners());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformUnavailableException)
        {
            Interlocked.Increment(ref _ownerScansFailed);
        }
        finally
        {
            lock (_lock)
                _ownerScan = null;
        }
    }

    private OwnerScan ScanOwners()
    {
        DateTimeOffset takenAt = DateTimeOffset.Now;
        long started = Stopwatch.GetTimestamp();
        return new OwnerScan(_platform.ScanOwners(), takenAt, Stopwatch.GetElapsedTime(started));
    }

    private LiveReading Read(LiveReading? previous)
    {
        // Owners first, as SocketReader does: a socket opened after the scan shows as unowned, never as another's.
        OwnerScan owners = Owners();
        long started = Stopwatch.GetTimestamp();
        Snapshot sockets = _reader.Read();
        var snapshot = new Snapshot(sockets.Entries, owners.Map, sockets.Notes, sockets.TakenAt);
        var problems = new List<SourceNote>();
        KernelFigures kernel = KernelFiguresOrNone(problems);
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
        return new LiveReading((previous?.Sequence ?? 0) + 1, snapshot, tcp, changes, kernel, findings, Stopwatch.GetElapsedTime(started), owners);
    }

    /// <summary>
    /// The kernel's counters and settings for doctor's rules; none where the platform has none to give
    /// (Windows), so the sockets, owners and metrics are still served and the rules needing them stay quiet.
    /// </summary>
    private KernelFigures KernelFiguresOrNone(List<SourceNote> problems)
    {
        try
        {
            return _platform.ReadKernelFigures(problems);
        }
        catch (PlatformUnavailableException e)
        {
            problems.Add(new SourceNote(SourceNoteKind.Unavailable, e.Message));
            return new KernelFigures();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _loop?.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // The loop ends on cancellation; a read in flight may still throw.
        }
        _reader.Dispose();
        _stop.Dispose();
    }
}
