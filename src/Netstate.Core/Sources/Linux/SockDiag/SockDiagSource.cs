using Netstate.Core.Model;

namespace Netstate.Core.Sources.Linux.SockDiag;

/// <summary>Reads socket tables over NETLINK_SOCK_DIAG: one dump per table, states and extensions filtered by the kernel.</summary>
internal sealed class SockDiagSource : ISocketSource, IDisposable
{
    /// <summary>An overrun means replies were dropped; the dump is simply asked for again, a few times.</summary>
    private const int OverrunRetries = 3;

    private readonly ISockDiagTransport _transport;
    private uint _sequence;

    public SockDiagSource(ISockDiagTransport transport) => _transport = transport;

    public string Name => "netlink";

    /// <summary>Reads every requested table; a table the kernel refuses becomes a warning note.</summary>
    public SourceResult Read(SocketQuery query) => PerTable.Read(query, (table, entries, notes) =>
    {
        try
        {
            ReadTable(table, query, entries, notes);
        }
        catch (SockDiagException e)
        {
            notes.Add(new SourceNote(SourceNoteKind.Warning, $"{SocketTableNames.Of(table)}: {e.Message}; table not shown"));
        }
    });

    /// <summary>Adds one table's entries, or throws leaving <paramref name="entries"/> as it was.</summary>
    public void ReadTable(SocketTables table, SocketQuery query, List<SocketEntry> entries, List<SourceNote> notes)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(notes);
        int first = entries.Count;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                var parser = new SockDiagReplyParser(table, query.Details, entries);
                _transport.Dump(table, SockDiagRequest.For(table, query, ++_sequence), parser.Consume);
                notes.Add(new SourceNote(SourceNoteKind.Served, $"{SocketTableNames.Of(table)}: read over netlink sock_diag"));
                if (parser.Interrupted)
                    notes.Add(new SourceNote(SourceNoteKind.Served, $"{SocketTableNames.Of(table)}: the table changed during the dump; sockets opened or closed meanwhile may be missing"));
                return;
            }
            catch (SockDiagException e)
            {
                entries.RemoveRange(first, entries.Count - first);
                if (e.Errno != Interop.Netlink.ENOBUFS || attempt >= OverrunRetries)
                    throw;
            }
        }
    }

    public void Dispose() => _transport.Dispose();
}
