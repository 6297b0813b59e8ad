using Netstate.Core.Model;
using Netstate.Core.Platform.Linux.SockDiag;
using Netstate.Core.Sources;

namespace Netstate.Core.Platform.Linux.Sources;

/// <summary>
/// Picks a source per table, as ss does: sock_diag first, the /proc/net file when the kernel has no
/// handler for that protocol (this kernel has no raw_diag) or when netlink is refused. netstat's unix
/// RefCnt, which only /proc/net/unix has, is joined onto the netlink sockets by inode.
/// </summary>
public sealed class LinuxSocketSource : ISocketSource, IDisposable
{
    private readonly SourcePolicy _choice;
    private readonly SockDiagSource _netlink;
    private readonly ProcNetSocketSource _proc;

    /// <summary>A source that reads this machine's kernel (netlink answers for the caller's network namespace).</summary>
    /// <param name="choice">Netlink, /proc, or netlink with /proc where netlink has no handler.</param>
    /// <param name="procRoot">The proc tree: /proc, or a replayed copy (which only <see cref="SourcePolicy.Proc"/> reads).</param>
    public LinuxSocketSource(SourcePolicy choice, ProcRoot procRoot)
        : this(choice, procRoot, new NetlinkSockDiagTransport())
    {
    }

    /// <summary>A source whose netlink answers come from <paramref name="transport"/> (a recorded dump in tests).</summary>
    internal LinuxSocketSource(SourcePolicy choice, ProcRoot procRoot, ISockDiagTransport transport)
    {
        _choice = choice;
        _netlink = new SockDiagSource(transport);
        _proc = new ProcNetSocketSource(procRoot);
    }

    /// <summary>The source's name: auto, netlink or proc.</summary>
    public string Name => _choice.ToString().ToLowerInvariant();

    /// <summary>Reads the tables <paramref name="query"/> asks for, each from the source this choice picks.</summary>
    public SourceResult Read(SocketQuery query) =>
        PerTable.Read(query, (table, entries, notes) => ReadTable(table, query, entries, notes));

    private void ReadTable(SocketTables table, SocketQuery query, List<SocketEntry> entries, List<SourceNote> notes)
    {
        if (_choice == SourcePolicy.Proc)
        {
            _proc.ReadTable(table, query, entries, notes, "--source proc");
            return;
        }
        try
        {
            int first = entries.Count;
            // Unix sockets that get RefCnt joined from /proc must be held until the join.
            bool join = _choice == SourcePolicy.Auto && table == SocketTables.Unix && (query.Details & SocketDetail.UnixRefCount) != 0;
            _netlink.ReadTable(table, query, entries, notes, stream: !join);
            if (join)
                _proc.JoinUnixRefCounts(entries, first, notes);
        }
        catch (SockDiagException e) when (_choice == SourcePolicy.Auto)
        {
            // A kernel without this diag handler is normal; anything else is worth a warning.
            if (!e.MeansUnsupported)
                notes.Add(new SourceNote(SourceNoteKind.Warning, $"{SocketTableNames.Of(table)}: {e.Message}; reading /proc instead"));
            _proc.ReadTable(table, query, entries, notes, $"netlink: {e.Message}");
        }
        catch (SockDiagException e)
        {
            notes.Add(new SourceNote(SourceNoteKind.Warning, $"{SocketTableNames.Of(table)}: {e.Message}; table not shown (--source netlink)"));
        }
    }

    /// <summary>Closes the netlink socket.</summary>
    public void Dispose() => _netlink.Dispose();
}
