using Netstate.Core.Model;
using Netstate.Core.Owners;

namespace Netstate.Cli.Watch;

/// <summary>How a row is marked: TCPView's green, yellow and red, and a letter in the marker column for screens without colour.</summary>
internal enum RowMark
{
    None,
    New,
    Changed,
    Closed,
}

/// <summary>One socket in the live view: its latest reading, who held it, when it was first seen, its mark and its rates.</summary>
internal sealed class WatchRow
{
    public WatchRow(SocketIdentity id, SocketEntry entry, OwnerMap? owners, DateTimeOffset firstSeen)
    {
        Id = id;
        Entry = entry;
        Owners = owners;
        FirstSeen = firstSeen;
    }

    public SocketIdentity Id { get; }

    /// <summary>The latest reading (for a closed row, the last one before it went).</summary>
    public SocketEntry Entry { get; set; }

    /// <summary>The owner map of the snapshot <see cref="Entry"/> came from.</summary>
    public OwnerMap? Owners { get; set; }

    public DateTimeOffset FirstSeen { get; }

    public RowMark Mark { get; set; }

    /// <summary>Refreshes left before the mark clears (and a closed row leaves).</summary>
    public int MarkLeft { get; set; }

    /// <summary>Bytes per second acknowledged by the peer since the last refresh (TCP with tcp_info); null when unknown.</summary>
    public double? SendRate { get; set; }

    /// <summary>Bytes per second received since the last refresh; null when unknown.</summary>
    public double? ReceiveRate { get; set; }

    /// <summary>The first process holding the socket, or null when none is known.</summary>
    public ProcessInfo? FirstOwner => Owners?.First(Entry.Inode)?.Process;
}

/// <summary>
/// The rows of the live view across refreshes. Each refresh is compared with the previous one by
/// <see cref="SnapshotDiff"/>: sockets that appeared are marked new, those whose state or queues
/// moved changed, and those that went closed; marks last <see cref="MarkedRefreshes"/> refreshes,
/// then a closed row leaves. Per-socket state (first seen, rates) is kept under <see cref="SocketIdentity"/>.
/// </summary>
internal sealed class WatchTable
{
    public const int MarkedRefreshes = 3;

    private readonly Dictionary<SocketIdentity, WatchRow> _rows = [];
    private IReadOnlyList<SocketEntry> _previous = [];
    private DateTimeOffset _previousAt;
    private bool _first = true;

    public IReadOnlyCollection<WatchRow> Rows => _rows.Values;

    /// <summary>How many rows are live sockets (not closed ones still on show).</summary>
    public int LiveCount => _previous.Count;

    /// <summary>Forgets every row: the next refresh is a first one, nothing marked (after the filter changes).</summary>
    public void Reset()
    {
        _rows.Clear();
        _previous = [];
        _first = true;
    }

    /// <summary>Takes one refresh: the sockets the view shows, the owners they were read with, and when.</summary>
    public void Apply(IReadOnlyList<SocketEntry> shown, OwnerMap? owners, DateTimeOffset at)
    {
        AgeMarks();
        SnapshotDiff diff = SnapshotDiff.Compare(_previous, shown);
        foreach (SocketEntry gone in diff.Removed)
        {
            if (_rows.TryGetValue(SocketIdentity.Of(gone), out WatchRow? row))
                Mark(row, RowMark.Closed);
        }
        foreach (SocketEntry added in diff.Added)
        {
            var row = new WatchRow(SocketIdentity.Of(added), added, owners, at);
            _rows[row.Id] = row;
            if (!_first)
                Mark(row, RowMark.New);
        }
        foreach (SocketChange change in diff.Changed)
        {
            // A change outranks a new mark: a connection that opens and at once moves on shows the move.
            if (_rows.TryGetValue(SocketIdentity.Of(change.After), out WatchRow? row))
                Mark(row, RowMark.Changed);
        }
        double seconds = (at - _previousAt).TotalSeconds;
        foreach (SocketEntry entry in shown)
        {
            WatchRow row = _rows[SocketIdentity.Of(entry)];
            if (!ReferenceEquals(row.Entry, entry))
            {
                row.SendRate = Rate(row.Entry.Details?.Tcp?.BytesAcked, entry.Details?.Tcp?.BytesAcked, seconds);
                row.ReceiveRate = Rate(row.Entry.Details?.Tcp?.BytesReceived, entry.Details?.Tcp?.BytesReceived, seconds);
                row.Entry = entry;
            }
            row.Owners = owners;
        }
        _previous = shown;
        _previousAt = at;
        _first = false;
    }

    private static void Mark(WatchRow row, RowMark mark)
    {
        row.Mark = mark;
        row.MarkLeft = MarkedRefreshes;
    }

    private void AgeMarks()
    {
        List<SocketIdentity>? leaving = null;
        foreach (WatchRow row in _rows.Values)
        {
            if (row.MarkLeft == 0 || --row.MarkLeft > 0)
                continue;
            if (row.Mark == RowMark.Closed)
                (leaving ??= []).Add(row.Id);
            row.Mark = RowMark.None;
        }
        if (leaving is not null)
        {
            foreach (SocketIdentity id in leaving)
                _rows.Remove(id);
        }
    }

    private static double? Rate(ulong? before, ulong? after, double seconds) =>
        before is { } b && after is { } a && a >= b && seconds > 0 ? (a - b) / seconds : null;
}
