using Netstate.Core.Owners;
using Netstate.Core.Platform;

namespace Netstate.Cli.Watch;

/// <summary>One finished scan of the processes' descriptors: the map, when it started, and how long it took.</summary>
internal sealed record OwnerScan(OwnerMap Map, DateTimeOffset StartedAt, TimeSpan Took);

/// <summary>
/// The owner scan of the live view, off the refresh: the /proc/*/fd scan costs with every
/// descriptor open on the machine (most of a refresh at 200,000 sockets), not with the sockets
/// shown. A quick scan (under <see cref="InlineBelow"/>) runs in each refresh, as before; a slow
/// one runs beside the refreshes on a thread of its own, at most every <see cref="Spacing"/> times
/// its own length (so it takes a bounded share of the machine), and a refresh joins the latest
/// scan that has finished. Only the first refresh waits for a slow one.
/// <para>
/// Never a wrong owner: a scan always finished before the sockets it is joined with were read, so
/// every inode in it was held by that process then; a socket opened since is in no scan yet and
/// shows '-' until the next one (the header says how old the owners are).
/// </para>
/// </summary>
internal sealed class OwnerScans
{
    /// <summary>A scan starts when the latest is older than this many times its length (and the interval).</summary>
    public const int Spacing = 4;

    /// <summary>A scan quicker than this runs in the refresh itself: owners never lag on a machine with few descriptors.</summary>
    public static readonly TimeSpan InlineBelow = TimeSpan.FromMilliseconds(100);

    private readonly Func<OwnerMap> _scan;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _inlineBelow;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private OwnerScan? _latest;
    private Task? _running;
    private string? _failure;

    /// <param name="scan">One scan (the platform's).</param>
    /// <param name="interval">The refresh interval: scans are never more often than refreshes.</param>
    /// <param name="inlineBelow">A scan quicker than this runs in the refresh; <see cref="InlineBelow"/> when null.</param>
    /// <param name="time">The clock (tests pass their own).</param>
    public OwnerScans(Func<OwnerMap> scan, TimeSpan interval, TimeSpan? inlineBelow = null, TimeProvider? time = null)
    {
        _scan = scan;
        _interval = interval;
        _inlineBelow = inlineBelow ?? InlineBelow;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Why the last background scan failed, or null; the latest good scan stays in use meanwhile.</summary>
    public string? Failure => Volatile.Read(ref _failure);

    /// <summary>
    /// The latest finished scan, for a read that starts now; starts the next scan beside it when this
    /// one is due. The first call scans here and waits, and so does every call while scans are quick.
    /// </summary>
    /// <param name="fresh">True when the scan was made now, for this read: no socket of it can lack its owner.</param>
    public OwnerScan Latest(out bool fresh)
    {
        OwnerScan? latest = Volatile.Read(ref _latest);
        bool idle;
        lock (_lock)
            idle = _running is null;
        if (latest is null || (idle && latest.Took < _inlineBelow))
        {
            latest = Scan();
            Volatile.Write(ref _latest, latest);
            fresh = true;
            return latest;
        }
        fresh = false;
        TimeSpan due = latest.Took * Spacing > _interval ? latest.Took * Spacing : _interval;
        lock (_lock)
        {
            if (_running is null && _time.GetUtcNow() - latest.StartedAt >= due)
                _running = Task.Run(ScanInBackground);
        }
        return latest;
    }

    /// <summary>Forgets the scans, and waits for one under way: the next <see cref="Latest"/> scans afresh and waits (after the user closed or ended something).</summary>
    public void Rescan()
    {
        Task? running;
        lock (_lock)
            running = _running;
        running?.Wait();
        Volatile.Write(ref _latest, null);
    }

    private OwnerScan Scan()
    {
        DateTimeOffset started = _time.GetUtcNow();
        long clock = _time.GetTimestamp();
        OwnerMap map = _scan();
        return new OwnerScan(map, started, _time.GetElapsedTime(clock));
    }

    private void ScanInBackground()
    {
        try
        {
            Volatile.Write(ref _latest, Scan());
            Volatile.Write(ref _failure, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformUnavailableException)
        {
            Volatile.Write(ref _failure, e.Message);
        }
        finally
        {
            lock (_lock)
                _running = null;
        }
    }

    /// <summary>Waits (a while) for a scan under way, so that the view ends with no thread of its left.</summary>
    public void Finish()
    {
        Task? running;
        lock (_lock)
            running = _running;
        try
        {
            running?.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // An unexpected failure of the last scan: the view is ending anyway.
        }
    }
}
