using Netstate.Core.Model;

namespace Netstate.Core.Sources.Linux;

/// <summary>
/// Lends /proc/net/unix's RefCnt to the unix sockets read over unix_diag. That file cannot be
/// parsed safely on its own: a path may hold a newline followed by a complete forged line. So
/// unix_diag alone says which sockets exist and what their paths, uids and queues are; a /proc line
/// only gives its RefCnt to the socket with its inode, its type and its path (or the part of the path
/// before a newline), and only when no other line claims that socket too. A line that matches no
/// socket is not a socket. Sockets come in /proc's order (netstat's), then those /proc did not list
/// (opened between the two reads).
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
        foreach (SocketEntry line in lines)
        {
            if (!byInode.TryGetValue(line.Inode, out int index) || !Matches(entries[first + index].Unix!, line.Unix!))
                continue;
            if (claims[index]++ == 0)
            {
                order.Add(index);
                refCounts[index] = line.Unix!.RefCount;
            }
        }

        var joined = new SocketEntry[count];
        int next = 0;
        foreach (int index in order)
        {
            SocketEntry socket = entries[first + index];
            // Two lines claiming one socket: one of them is forged, and nothing says which.
            joined[next++] = claims[index] == 1 ? socket.WithUnix(socket.Unix! with { RefCount = refCounts[index] }) : socket;
        }
        for (int index = 0; index < count; index++)
        {
            if (claims[index] == 0)
                joined[next++] = entries[first + index];
        }
        for (int i = 0; i < count; i++)
            entries[first + i] = joined[i];
    }

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
