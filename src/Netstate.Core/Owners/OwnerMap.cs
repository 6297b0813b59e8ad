namespace Netstate.Core.Owners;

/// <summary>
/// Socket inode to every process (and fd) holding it. Holders of one inode are chained in a flat
/// array, so 200,000 sockets cost one dictionary entry and one array slot each, not a list apiece.
/// </summary>
public sealed class OwnerMap
{
    private readonly Dictionary<ulong, int> _firstByInode;
    private readonly (SocketOwner Owner, int Next)[] _chain;

    internal OwnerMap(Dictionary<ulong, int> firstByInode, (SocketOwner Owner, int Next)[] chain, IReadOnlyList<string> hidden, bool sawAnyProcess, bool scannedAsRoot)
    {
        _firstByInode = firstByInode;
        _chain = chain;
        Hidden = hidden;
        SawAnyProcess = sawAnyProcess;
        ScannedAsRoot = scannedAsRoot;
    }

    /// <summary>A map in which socket <paramref name="inode"/> is held by <paramref name="process"/> alone (to run a filter on one traced socket).</summary>
    internal static OwnerMap Single(ulong inode, ProcessInfo process) => Of([(inode, process)]);

    /// <summary>A map with one holder per socket, from pairs known elsewhere (a recording); the descriptor is unknown (-1).</summary>
    internal static OwnerMap Of(IReadOnlyList<(ulong Inode, ProcessInfo Process)> holders)
    {
        var first = new Dictionary<ulong, int>(holders.Count);
        var chain = new (SocketOwner Owner, int Next)[holders.Count];
        for (int i = 0; i < holders.Count; i++)
        {
            first[holders[i].Inode] = i;
            chain[i] = (new SocketOwner(holders[i].Process, -1), -1);
        }
        return new(first, chain, [], sawAnyProcess: true, scannedAsRoot: true);
    }

    /// <summary>PIDs of the processes whose descriptor directories we were not allowed to read.</summary>
    public IReadOnlyList<string> Hidden { get; }

    /// <summary>Whether the scan ran as root: then hidden processes are a container or security-module restriction, not ownership.</summary>
    public bool ScannedAsRoot { get; }

    /// <summary>False when no process's descriptors could be read at all.</summary>
    public bool SawAnyProcess { get; }

    /// <summary>How many sockets have at least one known holder.</summary>
    public int Count => _firstByInode.Count;

    /// <summary>The holders of a socket, lowest pid first (then lowest fd); empty when unknown.</summary>
    public OwnerEnumerator Get(ulong inode) =>
        new(_chain, inode != 0 && _firstByInode.TryGetValue(inode, out int first) ? first : -1);

    /// <summary>The holder netstat shows: the lowest pid.</summary>
    public SocketOwner? First(ulong inode)
    {
        OwnerEnumerator holders = Get(inode);
        return holders.MoveNext() ? holders.Current : null;
    }

    /// <summary>Walks one inode's chain without allocating.</summary>
    public struct OwnerEnumerator
    {
        private readonly (SocketOwner Owner, int Next)[] _chain;
        private int _next;

        internal OwnerEnumerator((SocketOwner Owner, int Next)[] chain, int first)
        {
            _chain = chain;
            _next = first;
            Current = default;
        }

        /// <summary>The holder the enumerator is on.</summary>
        public SocketOwner Current { get; private set; }

        /// <summary>The enumerator itself, so <c>foreach</c> works on it without allocating.</summary>
        public readonly OwnerEnumerator GetEnumerator() => this;

        /// <summary>Moves to the next holder; false after the last.</summary>
        public bool MoveNext()
        {
            if (_next < 0)
                return false;
            (Current, _next) = _chain[_next];
            return true;
        }
    }
}
