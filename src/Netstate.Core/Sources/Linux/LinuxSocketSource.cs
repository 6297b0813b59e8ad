using Netstate.Core.Model;
using Netstate.Core.Sources.Linux.SockDiag;

namespace Netstate.Core.Sources.Linux;

/// <summary>Which kernel interface serves the socket tables.</summary>
public enum SourceChoice
{
    /// <summary>Netlink where the kernel has a diag handler, /proc elsewhere.</summary>
    Auto,
    /// <summary>sock_diag netlink only: a table netlink cannot serve is left out, with a warning note.</summary>
    Netlink,
    /// <summary>The /proc/net files only.</summary>
    Proc,
}

/// <summary>
/// Picks a source per table, as ss does: sock_diag first, the /proc/net file when the kernel has no
/// handler for that protocol (this kernel has no raw_diag), when netlink is refused, or when the
/// query needs a field only /proc has (netstat's unix RefCnt).
/// </summary>
public sealed class LinuxSocketSource : ISocketSource, IDisposable
{
    private readonly SourceChoice _choice;
    private readonly SockDiagSource _netlink;
    private readonly ProcNetSocketSource _proc;

    /// <summary>A source that reads this machine's kernel (netlink answers for the caller's network namespace).</summary>
    /// <param name="choice">Netlink, /proc, or netlink with /proc where netlink has no handler.</param>
    /// <param name="procRoot">The proc tree: /proc, or a replayed copy (which only <see cref="SourceChoice.Proc"/> reads).</param>
    public LinuxSocketSource(SourceChoice choice, ProcRoot procRoot)
        : this(choice, procRoot, new NetlinkSockDiagTransport())
    {
    }

    /// <summary>A source whose netlink answers come from <paramref name="transport"/> (a recorded dump in tests).</summary>
    internal LinuxSocketSource(SourceChoice choice, ProcRoot procRoot, ISockDiagTransport transport)
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
        if (_choice == SourceChoice.Proc)
        {
            _proc.ReadTable(table, query, entries, notes, "--source proc");
            return;
        }
        if (_choice == SourceChoice.Auto && table == SocketTables.Unix && (query.Details & SocketDetail.UnixRefCount) != 0)
        {
            _proc.ReadTable(table, query, entries, notes, "netstat's RefCnt column exists only there");
            return;
        }
        try
        {
            _netlink.ReadTable(table, query, entries, notes);
        }
        catch (SockDiagException e) when (_choice == SourceChoice.Auto)
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
