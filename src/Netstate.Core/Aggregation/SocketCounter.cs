using System.Globalization;
using System.Runtime.InteropServices;
using Netstate.Core.Model;
using Netstate.Core.Names;
using Netstate.Core.Owners;
using Netstate.Core.Vocabulary;

namespace Netstate.Core.Aggregation;

/// <summary>
/// Groups sockets by a tuple of keys in one pass (what <c>--count-by</c> shows). The key is a small
/// struct hashed directly, so numeric keys (state, ports, addresses, uid) cost no string per socket;
/// labels are made once per group at the end.
/// </summary>
public sealed class SocketCounter
{
    private readonly IReadOnlyList<CountKey> _keys;
    private readonly Dialect _dialect;
    private readonly UserNames? _users;
    private readonly TaskNames? _taskNames;
    private readonly bool _splitsUnix;
    private readonly bool _wantsProcess;

    /// <summary>A counter whose labels name users by uid and processes by argv[0].</summary>
    /// <param name="keys">The keys, in the order given.</param>
    /// <param name="dialect">How labels spell states, protocols and addresses: <see cref="Dialect.Ss"/> or <see cref="Dialect.Netstat"/>.</param>
    public SocketCounter(IReadOnlyList<CountKey> keys, Dialect dialect)
        : this(keys, dialect, users: null, taskNames: null)
    {
    }

    /// <param name="keys">The keys, in the order given.</param>
    /// <param name="dialect">How labels spell states, protocols and addresses: <see cref="Dialect.Ss"/> (ESTAB, u_str, no "6" suffix) or <see cref="Dialect.Netstat"/>.</param>
    /// <param name="users">Null to show uids as numbers.</param>
    /// <param name="taskNames">Name processes by their comm, as ss does; null to name them by argv[0], as netstat does.</param>
    internal SocketCounter(IReadOnlyList<CountKey> keys, Dialect dialect, UserNames? users, TaskNames? taskNames)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = keys;
        _dialect = dialect;
        _users = users;
        _taskNames = taskNames;
        _wantsProcess = keys.Contains(CountKey.Process);
        _splitsUnix = keys.Any(k => k is CountKey.State or CountKey.LocalPort or CountKey.RemoteAddr or CountKey.RemotePort);
    }

    private bool SsNames => _dialect == Dialect.Ss;

    /// <summary>Namespace inode to label, for the namespaces met in one count.</summary>
    private readonly Dictionary<ulong, string> _namespaceLabels = [];

    /// <summary>Counts <paramref name="entries"/>; the groups come largest first (ties by label), at most <paramref name="top"/> of them (0: all).</summary>
    public SocketCounts Count(IReadOnlyList<SocketEntry> entries, OwnerMap? owners, int top)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _taskNames?.Clear(); // when repeated, a pid may belong to another program by now
        var groups = new Dictionary<GroupKey, long>();
        var processIds = new Dictionary<ProcessInfo, int>(ReferenceEqualityComparer.Instance);
        var processNames = new List<string>();
        var idByName = new Dictionary<string, int>(StringComparer.Ordinal);
        _namespaceLabels.Clear();
        foreach (SocketEntry entry in entries)
        {
            int process = _wantsProcess ? ProcessId(entry, owners, processIds, idByName, processNames) : 0;
            ref long count = ref CollectionsMarshal.GetValueRefOrAddDefault(groups, KeyOf(entry, process), out _);
            count++;
        }

        var rows = new List<CountRow>(groups.Count);
        foreach ((GroupKey key, long count) in groups)
            rows.Add(new CountRow(count, key, Labels(key, processNames)));
        rows.Sort(static (a, b) =>
        {
            int byCount = b.Count.CompareTo(a.Count);
            return byCount != 0 ? byCount : CompareLabels(a.Labels, b.Labels);
        });
        if (top > 0 && rows.Count > top)
            rows.RemoveRange(top, rows.Count - top);
        return new SocketCounts(_keys, rows, entries.Count);
    }

    private GroupKey KeyOf(SocketEntry entry, int process)
    {
        bool unix = entry.Protocol == Protocol.Unix;
        var key = new GroupKey { IsUnix = _splitsUnix && unix, Process = process };
        foreach (CountKey k in _keys)
        {
            switch (k)
            {
                case CountKey.State:
                    key.State = unix && entry.Unix!.IsListening ? ListeningUnix : entry.RawState;
                    break;
                case CountKey.Proto:
                    key.Protocol = entry.Protocol;
                    // ss's Netid has no family; for unix it is the socket type.
                    key.Family = SsNames ? (byte)(unix ? (byte)entry.Unix!.Type : 0) : (byte)entry.Family;
                    break;
                case CountKey.LocalPort when !unix:
                    key.LocalPort = entry.Local.Port;
                    break;
                case CountKey.RemoteAddr when !unix:
                    key.RemoteAddress = entry.Remote.Address;
                    break;
                case CountKey.RemotePort when !unix:
                    key.RemotePort = entry.Remote.Port;
                    break;
                case CountKey.User:
                    key.Uid = entry.Uid;
                    break;
                case CountKey.Netns when entry.Namespace is { } space:
                    key.Netns = space.Inode;
                    _namespaceLabels.TryAdd(space.Inode, space.Label);
                    break;
            }
        }
        return key;
    }

    /// <summary>A stand-in state for listening unix sockets, whose BSD state alone says "unconnected".</summary>
    private const byte ListeningUnix = 0xFF;

    private int ProcessId(SocketEntry entry, OwnerMap? owners, Dictionary<ProcessInfo, int> ids, Dictionary<string, int> idByName, List<string> names)
    {
        if (owners?.First(entry.Inode) is not SocketOwner owner)
            return -1;
        ref int id = ref CollectionsMarshal.GetValueRefOrAddDefault(ids, owner.Process, out bool exists);
        if (!exists)
        {
            // Processes of the same program count together: the key is the name, not the pid.
            string name = _taskNames is not null ? _taskNames.NameOf(owner.Process) : owner.Process.ProgramNameText;
            ref int byName = ref CollectionsMarshal.GetValueRefOrAddDefault(idByName, name, out bool known);
            if (!known)
            {
                byName = names.Count;
                names.Add(name);
            }
            id = byName;
        }
        return id;
    }

    private string[] Labels(GroupKey key, List<string> processNames)
    {
        string[] labels = new string[_keys.Count];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = _keys[i] switch
            {
                CountKey.State => SocketStateText.Of(Sample(key), _dialect),
                CountKey.Proto => ProtocolText.Of(Sample(key), _dialect),
                CountKey.LocalPort => key.IsUnix ? "-" : Number(key.LocalPort),
                CountKey.RemoteAddr => key.IsUnix ? "-" : EndpointText.Address(key.RemoteAddress, _dialect),
                CountKey.RemotePort => key.IsUnix ? "-" : Number(key.RemotePort),
                CountKey.Process => key.Process < 0 ? "-" : processNames[key.Process],
                CountKey.Netns => key.Netns == 0 ? "-" : _namespaceLabels[key.Netns],
                _ => key.Uid is not uint uid ? "-" : _users?.NameOrNumber(uid) ?? Number(uid),
            };
        }
        return labels;
    }

    /// <summary>An entry with just the key's protocol, family and state, so labels come from the same vocabulary as listings.</summary>
    private SocketEntry Sample(GroupKey key)
    {
        bool unix = key.IsUnix || key.Protocol == Protocol.Unix;
        if (!unix)
            return new SocketEntry { Protocol = key.Protocol, Family = SsNames ? Family.Inet : (Family)key.Family, RawState = key.State };
        bool listening = key.State == ListeningUnix;
        var state = listening ? UnixSocketState.Unconnected : (UnixSocketState)key.State;
        var type = SsNames && key.Family != 0 ? (UnixSocketType)key.Family : UnixSocketType.Stream;
        return new SocketEntry
        {
            Protocol = Protocol.Unix,
            Family = Family.Unix,
            Unix = new UnixSocketInfo(null, listening ? UnixSocketInfo.AcceptConnectionsFlag : 0, type, state, null),
        };
    }

    private static string Number(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    private static int CompareLabels(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        for (int i = 0; i < a.Count; i++)
        {
            int order = string.CompareOrdinal(a[i], b[i]);
            if (order != 0)
                return order;
        }
        return 0;
    }

    /// <summary>The grouping key: only the fields of the chosen keys are set, the rest stay default.</summary>
    internal record struct GroupKey(bool IsUnix, byte State, Protocol Protocol, byte Family, ushort LocalPort,
        InetAddress RemoteAddress, ushort RemotePort, int Process, uint? Uid, ulong Netns);
}

/// <summary>
/// One group: how many sockets, and the key values as labels in key order. Labels are raw (a
/// process or user name is whatever its owner chose): each renderer escapes its own way.
/// </summary>
public sealed class CountRow
{
    private readonly SocketCounter.GroupKey _key;

    internal CountRow(long count, SocketCounter.GroupKey key, IReadOnlyList<string> labels)
    {
        Count = count;
        _key = key;
        Labels = labels;
    }

    /// <summary>How many sockets the group has.</summary>
    public long Count { get; }

    /// <summary>The group's value of each key, as text, in key order; "-" where the key has no value.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The local port (0 when not a key or for unix sockets).</summary>
    public ushort LocalPort => _key.LocalPort;

    /// <summary>The remote port (0 when not a key or for unix sockets).</summary>
    public ushort RemotePort => _key.RemotePort;

    /// <summary>The remote address (unspecified when not a key or for unix sockets).</summary>
    public InetAddress RemoteAddress => _key.RemoteAddress;

    /// <summary>The uid (null when not a key, or when the socket's source gave none).</summary>
    public uint? Uid => _key.Uid;

    /// <summary>Whether the key has no value for this group: a port or address of unix sockets, the process of unowned ones, or the user of sockets whose source has no uid.</summary>
    public bool IsMissing(CountKey key) => key switch
    {
        CountKey.LocalPort or CountKey.RemoteAddr or CountKey.RemotePort => _key.IsUnix,
        CountKey.Process => _key.Process < 0,
        CountKey.User => _key.Uid is null,
        CountKey.Netns => _key.Netns == 0,
        _ => false,
    };
}

/// <summary>The groups of one count.</summary>
/// <param name="Keys">The keys, in the order asked for.</param>
/// <param name="Rows">The groups, largest first.</param>
/// <param name="Total">How many sockets were counted (also those in groups cut by a top limit).</param>
public sealed record SocketCounts(IReadOnlyList<CountKey> Keys, IReadOnlyList<CountRow> Rows, int Total);
