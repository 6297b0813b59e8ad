using System.Runtime.InteropServices;
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

/// <summary>
/// One socket in the live view: its latest reading, who held it, when it was first seen, its mark
/// and its rates. The same object lives as long as the socket does. Of tcp_info it keeps the three
/// figures the view shows (<see cref="TcpFigures"/>, which watch reads instead of the whole of it),
/// never a reading's <see cref="SocketDetails"/> (some 600 bytes a socket).
/// </summary>
internal sealed class WatchRow
{
    public WatchRow(SocketEntry entry, OwnerMap? owners, DateTimeOffset firstSeen)
    {
        Entry = WatchTable.WithoutDetails(entry);
        Owners = owners;
        FirstSeen = firstSeen;
        TakeFigures(FiguresOf(entry));
    }

    /// <summary>The latest reading, without its details (for a closed row, the last one before it went).</summary>
    public SocketEntry Entry { get; set; }

    /// <summary>tcpi_rtt in microseconds; null without tcp_info.</summary>
    public uint? RoundTripTime { get; private set; }

    /// <summary>tcpi_bytes_acked; null without tcp_info.</summary>
    public ulong? BytesAcked { get; private set; }

    /// <summary>tcpi_bytes_received; null without tcp_info.</summary>
    public ulong? BytesReceived { get; private set; }

    internal void TakeFigures(TcpFigures? figures)
    {
        RoundTripTime = figures?.RoundTripTime;
        BytesAcked = figures?.BytesAcked;
        BytesReceived = figures?.BytesReceived;
    }

    /// <summary>The figures the row shows: the lean reading's, or those of a whole tcp_info.</summary>
    internal static TcpFigures? FiguresOf(SocketEntry entry) =>
        entry.TcpFigures ?? (entry.Details?.Tcp is { } tcp ? TcpFigures.Of(tcp) : null);

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

    /// <summary>The row's place in <see cref="WatchTable.ByEndpoints"/>: every other sort breaks its ties by it.</summary>
    public int EndpointRank { get; internal set; }

    /// <summary>The refresh that last read this socket.</summary>
    internal int Seen;

    /// <summary>The refresh that last marked it (its mark does not age in that refresh).</summary>
    internal int MarkedAt;

    /// <summary>Another row under the same key (a /proc key can repeat), or null.</summary>
    internal WatchRow? NextSameKey;

    /// <summary>Leaves <see cref="WatchTable.ByEndpoints"/> at the next rebuild: gone, or its endpoints moved and it is put back in place.</summary>
    internal bool OutOfOrder;
}

/// <summary>
/// The rows of the live view across refreshes, kept under the socket's <see cref="SocketIdentity"/>
/// (the kernel cookie when the source gives one): each refresh looks every socket up once, so a
/// row and its per-socket state (first seen, rates) live as long as the socket. A socket read for
/// the first time is marked new, one whose state or queues moved (<see cref="SocketChange.Between"/>,
/// the test <see cref="SnapshotDiff"/> uses) changed, and one no longer read closed; marks last
/// <see cref="MarkedRefreshes"/> refreshes, then a closed row leaves. This is SnapshotDiff's
/// comparison done against the rows kept, not against a second snapshot: no map of 200,000 keys is
/// built per refresh. The rows are also kept in endpoint order (<see cref="ByEndpoints"/>), updated
/// by merging in the few rows that came or moved rather than by sorting them all again.
/// </summary>
internal sealed class WatchTable
{
    public const int MarkedRefreshes = 3;

    private readonly Dictionary<ulong, WatchRow> _byCookie = [];
    private readonly Dictionary<SocketIdentity, WatchRow> _byIdentity = [];
    private List<WatchRow> _ordered = [];
    private List<WatchRow> _spare = [];
    private readonly List<WatchRow> _arrived = [];
    private DateTimeOffset _previousAt;
    private int _generation;
    private bool _first = true;

    /// <summary>Every row (closed ones still on show included), by local endpoint, then remote endpoint, then cookie and inode.</summary>
    public IReadOnlyList<WatchRow> ByEndpoints => _ordered;

    public IReadOnlyCollection<WatchRow> Rows => _ordered;

    /// <summary>How many rows are live sockets (not closed ones still on show).</summary>
    public int LiveCount { get; private set; }

    /// <summary>Changes whenever rows come, go or move in <see cref="ByEndpoints"/>.</summary>
    public int Version { get; private set; }

    /// <summary>Forgets every row: the next refresh is a first one, nothing marked (after the filter changes).</summary>
    public void Reset()
    {
        _byCookie.Clear();
        _byIdentity.Clear();
        _ordered.Clear();
        LiveCount = 0;
        _first = true;
        Version++;
    }

    /// <summary>Takes one refresh: the sockets the view shows, the owners they were read with, and when.</summary>
    public void Apply(IReadOnlyList<SocketEntry> shown, OwnerMap? owners, DateTimeOffset at)
    {
        Begin(owners, at);
        for (int i = 0; i < shown.Count; i++)
            Take(shown[i]);
        End();
    }

    private OwnerMap? _owners;
    private DateTimeOffset _at;
    private double _seconds;
    private int _taken;

    /// <summary>
    /// Starts a refresh whose sockets come one by one (<see cref="Take"/>) as the kernel hands them
    /// over, so that no list of them is held; <see cref="End"/> closes it.
    /// </summary>
    public void Begin(OwnerMap? owners, DateTimeOffset at)
    {
        ++_generation;
        _seconds = (at - _previousAt).TotalSeconds;
        _arrived.Clear();
        _owners = owners;
        _at = at;
        _taken = 0;
    }

    /// <summary>One socket the view shows in the refresh under way: its row is found (or made) and updated.</summary>
    public void Take(SocketEntry entry)
    {
        int generation = _generation;
        _taken++;
        ref WatchRow? head = ref entry.Cookie != 0
            ? ref CollectionsMarshal.GetValueRefOrAddDefault(_byCookie, entry.Cookie, out _)
            : ref CollectionsMarshal.GetValueRefOrAddDefault(_byIdentity, SocketIdentity.Of(entry), out _);
        WatchRow? row = head;
        while (row is not null && (row.Seen == generation || row.Mark == RowMark.Closed))
            row = row.NextSameKey;
        if (row is null)
        {
            row = new WatchRow(entry, _owners, _at) { NextSameKey = head, Seen = generation, OutOfOrder = true };
            head = row;
            _arrived.Add(row);
            if (!_first)
                Mark(row, RowMark.New, generation);
            return;
        }
        SocketEntry before = row.Entry;
        row.Seen = generation;
        row.Owners = _owners;
        if (ReferenceEquals(before, entry))
            return;
        // A change outranks a new mark: a connection that opens and at once moves on shows the move.
        bool changed = SocketChange.Between(before, entry) != SocketChanges.None;
        if (changed)
            Mark(row, RowMark.Changed, generation);
        bool moved = before.Local != entry.Local || before.Remote != entry.Remote;
        if (moved)
        {
            row.OutOfOrder = true; // a cookie keeps its socket, but the socket may bind or connect
            _arrived.Add(row);
        }
        TcpFigures? figures = WatchRow.FiguresOf(entry);
        row.SendRate = Rate(row.BytesAcked, figures?.BytesAcked, _seconds);
        row.ReceiveRate = Rate(row.BytesReceived, figures?.BytesReceived, _seconds);
        row.TakeFigures(figures);
        // The row keeps its copy while what it shows of the socket stays (most refreshes, most rows).
        if (changed || moved || before.Inode != entry.Inode || before.Unix != entry.Unix || before.Uid != entry.Uid
            || before.Details is not null || entry.Namespace is not null)
            row.Entry = WithoutDetails(entry);
    }

    /// <summary>Ends the refresh under way: rows not read close, marks age, closed rows whose time is up leave.</summary>
    public void End()
    {
        int generation = _generation;
        bool leaving = false;
        foreach (WatchRow row in _ordered)
        {
            if (row.Seen != generation && row.Mark != RowMark.Closed)
            {
                Mark(row, RowMark.Closed, generation);
                continue;
            }
            if (row.MarkedAt == generation || row.MarkLeft == 0 || --row.MarkLeft > 0)
                continue;
            if (row.Mark == RowMark.Closed)
            {
                Forget(row);
                row.OutOfOrder = true;
                leaving = true;
            }
            row.Mark = RowMark.None;
        }
        if (leaving || _arrived.Count > 0)
            Reorder();
        LiveCount = _taken;
        _previousAt = _at;
        _owners = null;
        _first = false;
    }

    private static void Mark(WatchRow row, RowMark mark, int generation)
    {
        row.Mark = mark;
        row.MarkLeft = MarkedRefreshes;
        row.MarkedAt = generation;
    }

    /// <summary>Takes a row that leaves out of its key's chain.</summary>
    private void Forget(WatchRow row)
    {
        SocketEntry entry = row.Entry;
        if (entry.Cookie != 0)
            Unlink(_byCookie, entry.Cookie, row);
        else
            Unlink(_byIdentity, SocketIdentity.Of(entry), row);
    }

    private static void Unlink<TKey>(Dictionary<TKey, WatchRow> rows, TKey key, WatchRow row)
        where TKey : notnull
    {
        ref WatchRow head = ref CollectionsMarshal.GetValueRefOrNullRef(rows, key);
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref head))
            return;
        if (ReferenceEquals(head, row))
        {
            if (row.NextSameKey is null)
                rows.Remove(key);
            else
                head = row.NextSameKey;
            return;
        }
        for (WatchRow previous = head; previous.NextSameKey is { } next; previous = next)
        {
            if (ReferenceEquals(next, row))
            {
                previous.NextSameKey = row.NextSameKey;
                return;
            }
        }
    }

    /// <summary>
    /// Puts the endpoint order right: the rows that stay keep their order (one pass), the few that
    /// came or moved are sorted alone and merged in, each placed by a binary search.
    /// </summary>
    private void Reorder()
    {
        List<WatchRow> kept = _spare;
        kept.Clear();
        foreach (WatchRow row in _ordered)
        {
            if (!row.OutOfOrder)
                kept.Add(row);
        }
        List<WatchRow> incoming = _arrived;
        SortByEndpoints(incoming);
        List<WatchRow> merged = _ordered;
        merged.Clear();
        if (merged.Capacity < kept.Count + incoming.Count)
            merged.Capacity = kept.Count + incoming.Count;
        int from = 0;
        foreach (WatchRow row in incoming)
        {
            int to = UpperBound(kept, from, row);
            for (int i = from; i < to; i++)
                merged.Add(kept[i]);
            merged.Add(row);
            row.OutOfOrder = false;
            from = to;
        }
        for (int i = from; i < kept.Count; i++)
            merged.Add(kept[i]);
        _spare = kept;
        _ordered = merged;
        for (int i = 0; i < merged.Count; i++)
            merged[i].EndpointRank = i;
        _arrived.Clear();
        Version++;
    }

    private EndpointKey[] _keys = [];

    /// <summary>
    /// Sorts <paramref name="rows"/> as <see cref="CompareByEndpoints"/> does. Many rows (the first
    /// refresh: all of them) are sorted by keys copied out of them into one array, so the sort's
    /// comparisons read neighbouring memory instead of two rows and two entries each.
    /// </summary>
    private void SortByEndpoints(List<WatchRow> rows)
    {
        if (rows.Count < 256)
        {
            rows.Sort(CompareByEndpoints);
            return;
        }
        int count = rows.Count;
        if (_keys.Length < count)
            _keys = new EndpointKey[count];
        for (int i = 0; i < count; i++)
            _keys[i] = new EndpointKey(rows[i]);
        Array.Sort(_keys, 0, count);
        for (int i = 0; i < count; i++)
        {
            rows[i] = _keys[i].Row;
            _keys[i] = default;
        }
        if (_keys.Length > 4096)
            _keys = []; // a first refresh's array is not kept for the few rows later ones bring
    }

    /// <summary>A row's endpoints, cookie and inode laid out flat, in <see cref="CompareByEndpoints"/>'s order.</summary>
    private readonly struct EndpointKey(WatchRow row) : IComparable<EndpointKey>
    {
        private readonly ulong _localHigh = row.Entry.Local.Address.High;
        private readonly ulong _localLow = row.Entry.Local.Address.Low;
        private readonly ulong _remoteHigh = row.Entry.Remote.Address.High;
        private readonly ulong _remoteLow = row.Entry.Remote.Address.Low;
        private readonly ulong _cookie = row.Entry.Cookie;
        private readonly ulong _inode = row.Entry.Inode;
        // The family bit above the port: IPv4 before IPv6, then the port.
        private readonly uint _localPort = (row.Entry.Local.Address.IsV6 ? 1u << 16 : 0) | row.Entry.Local.Port;
        private readonly uint _remotePort = (row.Entry.Remote.Address.IsV6 ? 1u << 16 : 0) | row.Entry.Remote.Port;

        public WatchRow Row { get; } = row;

        public int CompareTo(EndpointKey other)
        {
            int order = (_localPort >> 16).CompareTo(other._localPort >> 16);
            if (order == 0)
                order = _localHigh.CompareTo(other._localHigh);
            if (order == 0)
                order = _localLow.CompareTo(other._localLow);
            if (order == 0)
                order = (_localPort & 0xFFFF).CompareTo(other._localPort & 0xFFFF);
            if (order == 0)
                order = (_remotePort >> 16).CompareTo(other._remotePort >> 16);
            if (order == 0)
                order = _remoteHigh.CompareTo(other._remoteHigh);
            if (order == 0)
                order = _remoteLow.CompareTo(other._remoteLow);
            if (order == 0)
                order = (_remotePort & 0xFFFF).CompareTo(other._remotePort & 0xFFFF);
            if (order == 0)
                order = _cookie.CompareTo(other._cookie);
            return order != 0 ? order : _inode.CompareTo(other._inode);
        }
    }

    /// <summary>The first index at or after <paramref name="from"/> whose row sorts after <paramref name="row"/>.</summary>
    private static int UpperBound(List<WatchRow> rows, int from, WatchRow row)
    {
        int low = from, high = rows.Count;
        while (low < high)
        {
            int middle = low + (high - low) / 2;
            if (CompareByEndpoints(rows[middle], row) <= 0)
                low = middle + 1;
            else
                high = middle;
        }
        return low;
    }

    /// <summary>Local endpoint, then remote endpoint, then cookie and inode: a total order on the rows.</summary>
    public static int CompareByEndpoints(WatchRow a, WatchRow b)
    {
        int order = CompareEndpoints(a.Entry.Local, b.Entry.Local);
        if (order == 0)
            order = CompareEndpoints(a.Entry.Remote, b.Entry.Remote);
        if (order == 0)
            order = a.Entry.Cookie.CompareTo(b.Entry.Cookie);
        if (order == 0)
            order = a.Entry.Inode.CompareTo(b.Entry.Inode);
        return order;
    }

    public static int CompareEndpoints(Endpoint a, Endpoint b)
    {
        int order = a.Address.IsV6.CompareTo(b.Address.IsV6);
        if (order == 0)
            order = a.Address.High.CompareTo(b.Address.High);
        if (order == 0)
            order = a.Address.Low.CompareTo(b.Address.Low);
        return order != 0 ? order : a.Port.CompareTo(b.Port);
    }

    /// <summary>
    /// The socket as the row keeps it: the reading itself when it has no details (nothing big to
    /// drop) or names a namespace; else a copy of the basic row, so the reading's details and with
    /// them the whole snapshot can go.
    /// </summary>
    public static SocketEntry WithoutDetails(SocketEntry entry)
    {
        if (entry.Details is null || entry.Namespace is not null)
            return entry;
        return new SocketEntry
        {
            Protocol = entry.Protocol,
            Family = entry.Family,
            Local = entry.Local,
            Remote = entry.Remote,
            RawState = entry.RawState,
            RecvQueue = entry.RecvQueue,
            SendQueue = entry.SendQueue,
            ListenBacklog = entry.ListenBacklog,
            Timer = entry.Timer,
            TimerTicks = entry.TimerTicks,
            TimerMilliseconds = entry.TimerMilliseconds,
            Retransmits = entry.Retransmits,
            Probes = entry.Probes,
            Uid = entry.Uid,
            Inode = entry.Inode,
            Unix = entry.Unix,
            Cookie = entry.Cookie,
            Interface = entry.Interface,
        };
    }

    private static double? Rate(ulong? before, ulong? after, double seconds) =>
        before is { } b && after is { } a && a >= b && seconds > 0 ? (a - b) / seconds : null;
}
