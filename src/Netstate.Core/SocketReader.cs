using Netstate.Core.Model;
using Netstate.Core.Owners;
using Netstate.Core.Platform;
using Netstate.Core.Sources;

namespace Netstate.Core;

/// <summary>
/// The entry point: a snapshot of the sockets of this machine, with their owners when asked for.
/// <code>
/// Snapshot snapshot = SocketReader.Read(new SocketReadOptions { Tables = SocketTables.Tcp, Owners = true });
/// </code>
/// Open a reader to take several snapshots with one source (a watch loop); dispose it afterwards.
/// </summary>
public sealed class SocketReader : IDisposable
{
    private readonly SocketReadOptions _options;
    private readonly ISocketSource _source;

    /// <summary>The namespace -N named; null for the caller's own or for all of them.</summary>
    private readonly NetworkNamespace? _namespace;

    private SocketReader(SocketReadOptions options, IPlatform platform)
    {
        _options = options;
        Platform = platform;
        Source = platform.Resolve(options.Source);
        if (options.NetworkNamespace is { } spec && !options.AllNetworkNamespaces)
        {
            _namespace = platform.FindNetworkNamespace(spec);
            _source = platform.OpenSockets(Source, _namespace);
        }
        else
        {
            _source = platform.OpenSockets(Source);
        }
    }

    /// <summary>Takes one snapshot. Throws <see cref="PlatformUnavailableException"/> when this system's sockets cannot be read.</summary>
    public static Snapshot Read(SocketReadOptions options)
    {
        using SocketReader reader = Open(options);
        return reader.Read();
    }

    /// <summary>A reader of the running system (or the replayed tree of <see cref="SocketReadOptions.ProcRoot"/>).</summary>
    public static SocketReader Open(SocketReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SocketReader(options, Platforms.Open(options.ProcRoot));
    }

    /// <summary>A reader of <paramref name="platform"/>, for callers that read its kernel tables too.</summary>
    internal static SocketReader Open(SocketReadOptions options, IPlatform platform)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(platform);
        return new SocketReader(options, platform);
    }

    /// <summary>Where the sockets are read.</summary>
    internal IPlatform Platform { get; }

    /// <summary>The source policy in force: the one asked for, or the platform's choice.</summary>
    public SourcePolicy Source { get; }

    /// <summary>The name of the source for -v output ("auto", "netlink", "proc").</summary>
    public string SourceName => _source.Name;

    /// <summary>Takes one snapshot with this reader's source, with the owners when asked for.</summary>
    public Snapshot Read()
    {
        Func<OwnerMap?> owners = BeginOwnerScan();
        return _options.AllNetworkNamespaces ? ReadEveryNamespace(owners) : ReadOwn(owners);
    }

    /// <summary>
    /// Starts the owner scan, when asked for; the function returned waits for its map. Where the
    /// platform allows (<see cref="IPlatform.ScansOwnersBesideRead"/>) the scan runs on a thread of
    /// its own while the tables are read: owners are joined by socket inode, which neither read
    /// reuses, so reading both at once attributes no socket wrongly; one opened or closed meanwhile
    /// may show without an owner, as it could when they were read one after the other. Elsewhere
    /// the owners are read first, like netstat.
    /// </summary>
    private Func<OwnerMap?> BeginOwnerScan()
    {
        if (!_options.Owners)
            return static () => null;
        if (!Platform.ScansOwnersBesideRead)
        {
            OwnerMap map = Platform.ScanOwners();
            return () => map;
        }
        Task<OwnerMap> scan = Task.Factory.StartNew(Platform.ScanOwners, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        return () => scan.GetAwaiter().GetResult();
    }

    private Snapshot ReadOwn(Func<OwnerMap?> owners)
    {
        SourceResult result = _source.Read(_options.Query);
        if (_namespace is null)
            return new Snapshot(result.Entries, owners(), result.Notes, DateTimeOffset.Now);
        return new Snapshot(result.Entries.Select(e => e.InNamespace(_namespace)), owners(), result.Notes, DateTimeOffset.Now) { Namespaces = [_namespace] };
    }

    /// <summary>
    /// Reads like <see cref="Read()"/> but keeps no entry: the owners are handed to
    /// <paramref name="start"/>, then every entry to <paramref name="each"/> as it is read, in the
    /// same order as <see cref="Snapshot.Entries"/> would hold them. Memory stays that of one socket
    /// (and of what the caller keeps), however many sockets there are. The snapshot returned has the
    /// owners, notes and namespaces, and no entries. When the owner scan runs beside the read, each
    /// table's dump is received whole meanwhile (<see cref="SocketQuery.ReceiveWhole"/>) and parsed
    /// once the owners are there: <paramref name="start"/> always comes first, on the caller's thread.
    /// </summary>
    public Snapshot Read(Action<OwnerMap?> start, Action<SocketEntry> each)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(each);
        Func<OwnerMap?> scan = BeginOwnerScan();
        if (_options.AllNetworkNamespaces || _namespace is not null)
        {
            // Other namespaces are read on threads of their own: their entries come back as lists
            // (one namespace at a time) and are handed over here, on the caller's thread.
            Snapshot read = _options.AllNetworkNamespaces ? ReadEveryNamespace(scan) : ReadOwn(scan);
            start(read.Owners);
            foreach (SocketEntry entry in read.Entries)
                each(entry);
            return new Snapshot([], read.Owners, read.Notes, read.TakenAt) { Namespaces = read.Namespaces };
        }
        OwnerMap? owners = null;
        bool started = false;
        void Start()
        {
            if (started)
                return;
            owners = scan();
            started = true;
            start(owners);
        }
        SourceResult result = _source.Read(_options.Query with
        {
            Each = entry =>
            {
                Start();
                each(entry);
            },
            ReceiveWhole = _options.Owners && Platform.ScansOwnersBesideRead,
        });
        Start();
        // A source that cannot stream returns its entries as usual.
        foreach (SocketEntry entry in result.Entries)
            each(entry);
        return new Snapshot([], owners, result.Notes, DateTimeOffset.Now);
    }

    /// <summary>
    /// Each namespace in turn, found afresh on every read (containers come and go); one that cannot be
    /// entered, or vanishes before it is, becomes a note and the others are still read.
    /// </summary>
    private Snapshot ReadEveryNamespace(Func<OwnerMap?> owners)
    {
        var notes = new List<SourceNote>();
        var entries = new List<SocketEntry>();
        var read = new List<NetworkNamespace>();
        foreach (NetworkNamespace space in Platform.ListNetworkNamespaces(notes))
        {
            SourceResult result;
            try
            {
                if (space.IsOwn)
                {
                    result = _source.Read(_options.Query);
                }
                else
                {
                    ISocketSource source = Platform.OpenSockets(Source, space);
                    try
                    {
                        result = source.Read(_options.Query);
                    }
                    finally
                    {
                        (source as IDisposable)?.Dispose();
                    }
                }
            }
            catch (PlatformUnavailableException e)
            {
                notes.Add(new SourceNote(SourceNoteKind.Warning, $"{space.Label} skipped: {e.Message}"));
                continue;
            }
            read.Add(space);
            foreach (SocketEntry entry in result.Entries)
                entries.Add(entry.InNamespace(space));
            foreach (SourceNote note in result.Notes)
                notes.Add(space.IsOwn ? note : note with { Message = space.Label + ": " + note.Message });
        }
        return new Snapshot(entries, owners(), notes, DateTimeOffset.Now) { Namespaces = read };
    }

    /// <summary>Closes the source (its netlink socket).</summary>
    public void Dispose() => (_source as IDisposable)?.Dispose();
}
