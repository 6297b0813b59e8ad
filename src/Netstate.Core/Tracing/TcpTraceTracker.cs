using Netstate.Core.Model;
using Netstate.Core.Owners;
using Netstate.Core.Platform;
using Netstate.Core.Tcp;

namespace Netstate.Core.Tracing;

/// <summary>
/// Follows each traced socket from batch to batch: when it entered its state, who owns it, whether
/// a reset or retransmission was seen, and, when it reaches CLOSE, its lifetime joined with the
/// kernel's destroy notice (matched by endpoints) for the byte counts.
/// </summary>
public sealed class TcpTraceTracker
{
    /// <summary>How long a closed connection waits for its destroy notice (a socket the program still holds is destroyed only at its close()).</summary>
    private static readonly ulong JoinWindow = 3_000_000_000;
    private const int SocketLimit = 1 << 20;
    private readonly TraceOwners _owners;
    private readonly Dictionary<ulong, SocketTrack> _sockets = [];
    private readonly List<PendingLifetime> _closed = [];
    private readonly List<TcpSocketEnd> _ends = [];

    private TcpTraceTracker(IPlatform platform) => _owners = new TraceOwners(platform);

    /// <summary>A tracker that reads owners from the running system.</summary>
    public static TcpTraceTracker ForThisSystem() => new(Platforms.Open(null));

    internal static TcpTraceTracker For(IPlatform platform) => new(platform);

    /// <summary>Problems of the last owner scan.</summary>
    public IReadOnlyList<SourceNote> OwnerNotes => _owners.Notes;

    /// <summary>
    /// Adds a batch; returns its events with owners and durations, and the lifetimes that are
    /// complete (joined, or past the join window). <paramref name="resolveOwners"/> false skips owner scans.
    /// </summary>
    public (IReadOnlyList<TcpTraceEvent> Events, IReadOnlyList<TcpLifetime> Lifetimes) Add(TcpTraceBatch batch, bool resolveOwners = true)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _owners.StartBatch();
        var events = new List<TcpTraceEvent>(batch.Events.Count);
        var unresolved = new List<int>();
        foreach (TcpTraceRecord record in batch.Events)
        {
            // close() with SO_LINGER 0 or unread data moves to CLOSE first and sends its reset after.
            if (record.Kind is TcpTraceEventKind.ResetSent or TcpTraceEventKind.ResetReceived && !_sockets.ContainsKey(record.Socket)
                && _closed.FindLast(p => p.Socket == record.Socket) is { } justClosed)
            {
                justClosed.Ending = record.Kind == TcpTraceEventKind.ResetSent ? TcpEnding.ResetSent : TcpEnding.ResetReceived;
                events.Add(new TcpTraceEvent(record, MonotonicClock.ToWallClock(record.Timestamp), justClosed.Owner?.Owner,
                    justClosed.Owner?.Source ?? OwnerSource.Unknown, null, null));
                continue;
            }
            (ProcessInfo? owner, OwnerSource source) = _owners.FromCaller(record);
            SocketTrack track = Track(record);
            if (owner is not null)
                track.Owner = (owner, source);
            else if (track.Owner is { } known)
                (owner, source) = known;
            TimeSpan? inOld = null;
            if (record.Kind == TcpTraceEventKind.StateChange)
            {
                if (track.Since is ulong since && track.State == record.OldState)
                    inOld = TimeSpan.FromTicks((long)((record.Timestamp - since) / 100));
                if (track.Since is null && record.OldState is TcpState.Close or TcpState.Listen)
                    track.Start = record.Timestamp; // a connect(), or a connection born from a listener
                track.Since = record.Timestamp;
                track.State = record.NewState;
                track.LastChange = record.Timestamp;
            }
            else if (record.Kind == TcpTraceEventKind.ResetReceived)
                track.ResetReceived = true;
            else if (record.Kind == TcpTraceEventKind.ResetSent)
                track.ResetSent = true;
            else if (record.Kind == TcpTraceEventKind.Retransmit)
                track.Retransmits++;
            TcpEvent? explanation = record.Kind == TcpTraceEventKind.StateChange ? TracedTransition.Explain(record.OldState, record.NewState) : null;
            if (owner is null && resolveOwners)
                unresolved.Add(events.Count);
            events.Add(new TcpTraceEvent(record, MonotonicClock.ToWallClock(record.Timestamp), owner, source, inOld, explanation));
            if (record.Kind == TcpTraceEventKind.StateChange && record.NewState == TcpState.Close)
                Close(record, track);
        }

        // Events in softirq with no caller: look their endpoints up in one owner scan per batch.
        bool rescanned = false;
        foreach (int index in unresolved)
        {
            TcpTraceEvent e = events[index];
            ProcessInfo? owner = _owners.FromScan(e.Record, mayRescan: !rescanned);
            rescanned = true;
            if (owner is null)
                continue;
            events[index] = e with { Owner = owner, OwnerSource = OwnerSource.Scan };
            if (_sockets.TryGetValue(e.Record.Socket, out SocketTrack? track) && track.Owner is null)
                track.Owner = (owner, OwnerSource.Scan);
            foreach (PendingLifetime pending in _closed)
            {
                if (pending.Socket == e.Record.Socket && pending.Owner is null)
                    pending.Owner = (owner, OwnerSource.Scan);
            }
        }
        _ends.AddRange(batch.Ends);
        return (events, Lifetimes());
    }

    private SocketTrack Track(in TcpTraceRecord record)
    {
        if (!_sockets.TryGetValue(record.Socket, out SocketTrack? track))
        {
            if (_sockets.Count >= SocketLimit)
                _sockets.Clear(); // a bound on memory: a trace this busy loses durations, never correctness
            _sockets[record.Socket] = track = new SocketTrack();
        }
        return track;
    }

    private void Close(in TcpTraceRecord record, SocketTrack track)
    {
        _sockets.Remove(record.Socket);
        _owners.Forget(record.Socket);
        if (record.OldState == TcpState.Listen)
            return; // a listener closing is no connection
        TcpEnding ending = track.ResetReceived ? TcpEnding.ResetReceived
            : track.ResetSent ? TcpEnding.ResetSent
            : record.OldState switch
            {
                TcpState.SynSent => TcpEnding.Timeout,
                TcpState.FinWait1 or TcpState.FinWait2 or TcpState.Closing or TcpState.LastAck or TcpState.TimeWait => TcpEnding.Closed,
                _ => TcpEnding.Aborted,
            };
        _closed.Add(new PendingLifetime(record.Socket, record.Timestamp, track.Start, record.Family, record.Local, record.Remote,
            ending, record.OldState, track.Retransmits) { Owner = track.Owner });
    }

    private List<TcpLifetime> Lifetimes()
    {
        var done = new List<TcpLifetime>();
        ulong now = MonotonicClock.Now();
        for (int i = 0; i < _closed.Count; i++)
        {
            PendingLifetime pending = _closed[i];
            int end = _ends.FindIndex(e => e.Local == pending.Local && e.Remote == pending.Remote);
            if (end < 0 && now - Math.Min(now, pending.End) < JoinWindow)
                continue;
            TcpSocketEnd? notice = end >= 0 ? _ends[end] : null;
            if (end >= 0)
                _ends.RemoveAt(end);
            done.Add(new TcpLifetime(
                pending.Start is ulong start ? MonotonicClock.ToWallClock(start) : null,
                MonotonicClock.ToWallClock(pending.End),
                pending.Family, pending.Local, pending.Remote,
                pending.Owner?.Owner, pending.Owner?.Source ?? OwnerSource.Unknown,
                notice?.BytesSent, notice?.BytesReceived, pending.Ending, pending.LastState, pending.Retransmits));
            _closed.RemoveAt(i--);
        }
        // A notice nobody claimed in time belongs to a socket whose close the trace did not see.
        _ends.RemoveAll(e => now - Math.Min(now, e.Timestamp) > 2 * JoinWindow);
        return done;
    }

    private sealed class SocketTrack
    {
        public ulong? Since;
        public ulong? Start;
        public ulong LastChange;
        public TcpState State;
        public (ProcessInfo Owner, OwnerSource Source)? Owner;
        public bool ResetReceived;
        public bool ResetSent;
        public int Retransmits;
    }

    private sealed record PendingLifetime(ulong Socket, ulong End, ulong? Start, Family Family, Endpoint Local, Endpoint Remote,
        TcpEnding Ending, TcpState LastState, int Retransmits)
    {
        public TcpEnding Ending { get; set; } = Ending;

        public (ProcessInfo Owner, OwnerSource Source)? Owner { get; set; }
    }
}
