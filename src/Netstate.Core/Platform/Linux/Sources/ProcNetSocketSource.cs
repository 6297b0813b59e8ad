using Netstate.Core.Platform.Linux.IO;
using Netstate.Core.Text;
using Netstate.Core.Model;
using Netstate.Core.Platform.Linux.SockDiag;
using Netstate.Core.Sources;

namespace Netstate.Core.Platform.Linux.Sources;

/// <summary>Reads socket tables from the /proc/net text files.</summary>
internal sealed class ProcNetSocketSource : ISocketSource
{
    private readonly ProcRoot _root;

    public ProcNetSocketSource(ProcRoot root) => _root = root;

    public string Name => "proc";

    public SourceResult Read(SocketQuery query) =>
        PerTable.Read(query, (table, entries, notes) => ReadTable(table, query, entries, notes, reason: null));

    /// <summary>Adds one table's entries; <paramref name="reason"/> says why /proc was chosen, for -v.</summary>
    public void ReadTable(SocketTables table, SocketQuery query, List<SocketEntry> entries, List<SourceNote> notes, string? reason)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(notes);
        string file = _root.NetFileOf(table);
        byte[]? content = TryReadAll(file, notes);
        if (content is null)
            return;
        var problems = new ParseProblems();
        int first = entries.Count;
        if (table == SocketTables.Unix)
            ProcNetUnixParser.Parse(content, file, entries, problems);
        else
            ProcNetInetParser.Parse(content, table, file, entries, problems);
        if (SocketTableInfo.ProtocolOf(table) == Protocol.Tcp && !query.TcpStates.IsAll)
            RemoveStatesOutside(query.TcpStates, entries, first);
        notes.Add(new SourceNote(SourceNoteKind.Served, reason is null
            ? $"{SocketTableNames.Of(table)}: read from {file}"
            : $"{SocketTableNames.Of(table)}: read from {file} ({reason})"));
        notes.AddRange(problems.ToNotes(file));
    }

    /// <summary>Gives the unix sockets read over netlink (from <paramref name="first"/> on) the RefCnt of /proc/net/unix; see <see cref="UnixRefCountJoin"/>.</summary>
    public void JoinUnixRefCounts(List<SocketEntry> entries, int first, List<SourceNote> notes)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(notes);
        string file = _root.NetFileOf(SocketTables.Unix);
        byte[]? content = TryReadAll(file, notes);
        if (content is null)
            return;
        UnixRefCountJoin.Join(entries, first, content);
        notes.Add(new SourceNote(SourceNoteKind.Served, $"{SocketTableNames.Of(SocketTables.Unix)}: RefCnt joined from {file} by inode"));
    }

    /// <summary>The kernel filters states for netlink; here the same filter runs after parsing.</summary>
    private static void RemoveStatesOutside(TcpStateSet states, List<SocketEntry> entries, int first)
    {
        int kept = first;
        for (int i = first; i < entries.Count; i++)
        {
            if (states.Contains(entries[i].TcpState))
                entries[kept++] = entries[i];
        }
        entries.RemoveRange(kept, entries.Count - kept);
    }

    /// <summary>The whole file, or null with a note: "Unavailable" when it does not exist, a warning when it cannot be read.</summary>
    internal static byte[]? TryReadAll(string file, List<SourceNote> notes)
    {
        try
        {
            // /proc files report length 0; the whole file is read regardless, up to a limit.
            return BoundedFile.ReadAllBytes(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            notes.Add(new SourceNote(SourceNoteKind.Unavailable, $"{file} does not exist (this kernel has no such table)"));
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            notes.Add(new SourceNote(SourceNoteKind.Warning, $"cannot read {file}: {ErrorText.Of(e)}"));
        }
        return null;
    }
}
