using Netstate.Core.Model;

namespace Netstate.Core.Platform.Linux.Sources;

/// <summary>
/// Lends /proc/net/unix's RefCnt to the unix sockets read over unix_diag. That file cannot be
/// parsed safely on its own: a path may hold a newline followed by a complete forged line. So
/// unix_diag alone says which sockets exist and what their paths, uids and queues are; a /proc line
/// only gives its RefCnt to the socket with its inode, its type and its path (or the part of the path
/// before a newline), and only when no other line claims that socket too. A line that matches no
/// socket is not a socket. Sockets come in /proc's order (netstat's), then those /proc did not list
/// (opened between the two reads).
/// <para>
/// One kind of line has no netlink socket of its own: an embryo, the server end of a connection that
/// waits in a listener's accept queue (inode 0, state CONNECTING, the listener's path; unix_diag
/// leaves it out, netstat lists it). Such lines are kept up to the number of connections the
/// listener with that path and type reports waiting; their RefCnt only when no extra line claims one.
/// </para>
/// </summary>
internal static class UnixRefCountJoin
{
    /// <summary>Rewrites <paramref name="entries"/> from <paramref name="first"/> on: the netlink sockets, with RefCnt where a line vouches for it.</summary>
    public static void Join(List<SocketEntry> entries, int first, ReadOnlySpan<byte> procText)
    {
        var lines = new List<SocketEntry>();
        // Lines that do not parse are the tails of paths with newlines, not problems worth a warning.
        ProcNetUnixParser.Parse(procText, "/proc/net/unix", lines, new ParseProblems());

        int count = entries.Count - first;
        var byInode = new Dictionary<ulong, int>(count);
        for (int i = 0; i < count; i++)
            byInode.TryAdd(entries[first + i].Inode, i);

        var claims = new int[count];
        var refCounts = new ulong?[count];
        var order = new List<int>(count);
        Dictionary<(string Path, UnixSocketType Type), Waiting>? waiting = null;
        foreach (SocketEntry line in lines)
        {
            if (line.Inode == 0)
            {
                waiting ??= WaitingConnections(entries, first);
                if (IsEmbryo(line.Unix!) && waiting.TryGetValue((line.Unix!.Path!, line.Unix.Type), out Waiting? queue))
                {
                    queue.Lines.Add(line);
                    order.Add(-1); // an embryo's place, filled below
                    queue.Slots.Add(order.Count - 1);
                }
                continue;
            }
            if (!byInode.TryGetValue(line.Inode, out int index) || !Matches(entries[first + index].Unix!, line.Unix!))
                continue;
            if (claims[index]++ == 0)
            {
                order.Add(index);
                refCounts[index] = line.Unix!.RefCount;
            }
        }

        var embryos = new SocketEntry?[order.Count];
        foreach (Waiting queue in waiting?.Values ?? Enumerable.Empty<Waiting>())
        {
            // More lines than waiting connections: some are forged; the rows are alike but for RefCnt.
            bool exact = (ulong)queue.Lines.Count <= queue.Count;
            for (int i = 0; i < queue.Lines.Count && (ulong)i < queue.Count; i++)
            {
                SocketEntry line = queue.Lines[i];
                embryos[queue.Slots[i]] = exact ? line : line.WithUnix(line.Unix! with { RefCount = null });
            }
        }

        var joined = new List<SocketEntry>(count + order.Count);
        for (int slot = 0; slot < order.Count; slot++)
        {
            int index = order[slot];
            if (index < 0)
            {
                if (embryos[slot] is { } embryo)
                    joined.Add(embryo);
                continue;
            }
            SocketEntry socket = entries[first + index];
            // Two lines claiming one socket: one of them is forged, and nothing says which.
            joined.Add(claims[index] == 1 ? socket.WithUnix(socket.Unix! with { RefCount = refCounts[index] }) : socket);
        }
        for (int index = 0; index < count; index++)
        {
            if (claims[index] == 0)
                joined.Add(entries[first + index]);
        }
        entries.RemoveRange(first, count);
        entries.AddRange(joined);
    }

    /// <summary>The /proc lines that may stand for one listener's waiting connections, and how many it reports.</summary>
    private sealed class Waiting(ulong count)
    {
        public ulong Count { get; set; } = count;

        public List<SocketEntry> Lines { get; } = [];

        /// <summary>Where each line sits in the output order.</summary>
        public List<int> Slots { get; } = [];
    }

    /// <summary>Listeners by path and type, with the connections waiting in their accept queues (netlink's Recv-Q).</summary>
    private static Dictionary<(string Path, UnixSocketType Type), Waiting> WaitingConnections(List<SocketEntry> entries, int first)
    {
        var waiting = new Dictionary<(string, UnixSocketType), Waiting>();
        for (int i = first; i < entries.Count; i++)
        {
            SocketEntry entry = entries[i];
            if (entry.Unix is not { IsListening: true, Path: { } path } unix || entry.RecvQueue is not ulong queued || queued == 0)
                continue;
            // A path unlinked and bound again names two listeners: their queues add up.
            if (waiting.TryGetValue((path, unix.Type), out Waiting? known))
                known.Count += queued;
            else
                waiting[(path, unix.Type)] = new Waiting(queued);
        }
        return waiting;
    }

    /// <summary>What /proc prints for a connection not yet accepted: no socket file, CONNECTING, a listener's path.</summary>
    private static bool IsEmbryo(UnixSocketInfo line) =>
        line.State == UnixSocketState.Connecting && line.Path is not null && (line.Flags & UnixSocketInfo.AcceptConnectionsFlag) == 0;

    /// <summary>Same type, and the line's path is the socket's path or the part of it before a newline.</summary>
    private static bool Matches(UnixSocketInfo socket, UnixSocketInfo line)
    {
        if (socket.Type != line.Type)
            return false;
        string path = socket.Path ?? "";
        string linePath = line.Path ?? "";
        return path.Length == linePath.Length
            ? path.Equals(linePath, StringComparison.Ordinal)
            : path.Length > linePath.Length && path[linePath.Length] == '\n' && path.StartsWith(linePath, StringComparison.Ordinal);
    }
}
