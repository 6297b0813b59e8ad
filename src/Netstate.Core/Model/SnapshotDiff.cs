using System.Runtime.InteropServices;

namespace Netstate.Core.Model;

/// <summary>
/// What changed between two snapshots: sockets that appeared, sockets that are gone, and sockets
/// whose state or queues moved. A socket is recognised by its kernel cookie when the source gives
/// one (netlink); otherwise (/proc) by protocol, both endpoints and inode, so a /proc socket that
/// leaves for TIME_WAIT (inode 0) reads as one gone and one new. Compare snapshots read from the
/// same source. One pass over each snapshot and one hash map: cheap at 200,000 sockets.
/// </summary>
public sealed class SnapshotDiff
{
    private SnapshotDiff(IReadOnlyList<SocketEntry> added, IReadOnlyList<SocketEntry> removed, IReadOnlyList<SocketChange> changed)
    {
        Added = added;
        Removed = removed;
        Changed = changed;
    }

    /// <summary>Sockets in the later snapshot only, in its order.</summary>
    public IReadOnlyList<SocketEntry> Added { get; }

    /// <summary>Sockets in the earlier snapshot only, in its order.</summary>
    public IReadOnlyList<SocketEntry> Removed { get; }

    /// <summary>Sockets in both whose state or queues differ, in the later snapshot's order.</summary>
    public IReadOnlyList<SocketChange> Changed { get; }

    /// <summary>True when nothing was added, removed or changed.</summary>
    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0 && Changed.Count == 0;

    /// <summary>Compares <paramref name="before"/> with <paramref name="after"/>.</summary>
    public static SnapshotDiff Compare(Snapshot before, Snapshot after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return Compare(before.Entries, after.Entries);
    }

    /// <summary>Compares two lists of sockets, as <see cref="Compare(Snapshot, Snapshot)"/> does.</summary>
    public static SnapshotDiff Compare(IReadOnlyList<SocketEntry> before, IReadOnlyList<SocketEntry> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);

        // Key to the first earlier socket with it; sockets sharing a key are chained in 'next'
        // (two unbound UDP sockets read from /proc differ only by inode, but a fallback key can repeat).
        var first = new Dictionary<SocketIdentity, int>(before.Count);
        int[] next = new int[before.Count];
        for (int i = before.Count - 1; i >= 0; i--)
        {
            ref int head = ref CollectionsMarshal.GetValueRefOrAddDefault(first, SocketIdentity.Of(before[i]), out bool exists);
            next[i] = exists ? head : -1;
            head = i;
        }

        bool[] matched = new bool[before.Count];
        var added = new List<SocketEntry>();
        var changed = new List<SocketChange>();
        foreach (SocketEntry now in after)
        {
            SocketIdentity key = SocketIdentity.Of(now);
            if (!first.TryGetValue(key, out int index))
            {
                added.Add(now);
                continue;
            }
            while (index >= 0 && matched[index])
                index = next[index];
            if (index < 0)
            {
                added.Add(now);
                continue;
            }
            matched[index] = true;
            SocketEntry then = before[index];
            SocketChanges what = SocketChange.Between(then, now);
            if (what != SocketChanges.None)
                changed.Add(new SocketChange(then, now, what));
        }

        var removed = new List<SocketEntry>();
        for (int i = 0; i < before.Count; i++)
        {
            if (!matched[i])
                removed.Add(before[i]);
        }
        return new SnapshotDiff(added, removed, changed);
    }
}

/// <summary>One socket seen in both snapshots, with what differs.</summary>
/// <param name="Before">The socket in the earlier snapshot.</param>
/// <param name="After">The socket in the later snapshot.</param>
/// <param name="What">Which of its state and queues moved.</param>
public sealed record SocketChange(SocketEntry Before, SocketEntry After, SocketChanges What)
{
    /// <summary>What differs between two readings of one socket.</summary>
    public static SocketChanges Between(SocketEntry before, SocketEntry after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        SocketChanges what = SocketChanges.None;
        // A unix socket's state is its BSD state plus the listening flag; the rest keep it in RawState.
        if (before.RawState != after.RawState || before.Unix?.IsListening != after.Unix?.IsListening)
            what |= SocketChanges.State;
        if (before.RecvQueue != after.RecvQueue)
            what |= SocketChanges.RecvQueue;
        if (before.SendQueue != after.SendQueue)
            what |= SocketChanges.SendQueue;
        return what;
    }
}

/// <summary>The parts of a socket <see cref="SnapshotDiff"/> follows.</summary>
[Flags]
public enum SocketChanges
{
    /// <summary>Nothing followed changed.</summary>
    None = 0,
    /// <summary>The state (TCP state, or a unix socket's state or listening flag).</summary>
    State = 1 << 0,
    /// <summary>Recv-Q: unread bytes, or a listener's accept queue.</summary>
    RecvQueue = 1 << 1,
    /// <summary>Send-Q: unacknowledged or unsent bytes.</summary>
    SendQueue = 1 << 2,
}
