using Netstate.Core.Model;
using Netstate.Core.Sources;

namespace Netstate.Core.Platform.Linux.SockDiag;

/// <summary>Reads socket tables over NETLINK_SOCK_DIAG: one dump per table, states and extensions filtered by the kernel.</summary>
internal sealed class SockDiagSource : ISocketSource, IDisposable
{
    /// <summary>An overrun means replies were dropped; the dump is simply asked for again, a few times.</summary>
    private const int OverrunRetries = 3;

    private readonly ISockDiagTransport _transport;
    private uint _sequence;

    /// <summary>The kernel refused a filter program once (too old for an op, or no CAP_NET_ADMIN for a mark): send none again.</summary>
    private bool _programRefused;

    public SockDiagSource(ISockDiagTransport transport) => _transport = transport;

    public string Name => "netlink";

    /// <summary>Reads every requested table; a table the kernel refuses becomes a warning note.</summary>
    public SourceResult Read(SocketQuery query) => PerTable.Read(query, (table, entries, notes) =>
    {
        try
        {
            ReadTable(table, query, entries, notes, stream: true);
        }
        catch (SockDiagException e)
        {
            notes.Add(new SourceNote(SourceNoteKind.Warning, $"{SocketTableNames.Of(table)}: {e.Message}; table not shown"));
        }
    });

    /// <summary>
    /// Adds one table's entries, or throws leaving <paramref name="entries"/> as it was. With
    /// <paramref name="stream"/>, entries go to the query's <see cref="SocketQuery.Each"/> as they are
    /// parsed instead; a dump that fails after some were handed over cannot be taken back, so it ends
    /// the table with a warning rather than an exception (a retry or a /proc fallback would repeat them).
    /// </summary>
    public void ReadTable(SocketTables table, SocketQuery query, List<SocketEntry> entries, List<SourceNote> notes, bool stream = false)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(notes);
        int first = entries.Count;
        Action<SocketEntry>? each = stream ? query.Each : null;
        byte[]? program = Program(table, query);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                var parser = new SockDiagReplyParser(table, query.Details, entries, each);
                try
                {
                    byte[] request = SockDiagRequest.For(table, query, ++_sequence, program);
                    if (query.ReceiveWhole)
                    {
                        var whole = new WholeDump();
                        _transport.Dump(table, request, whole.Add);
                        if (!whole.Replay(parser.Consume))
                            throw new SockDiagException($"the {SocketTableNames.Of(table)} dump ended without NLMSG_DONE");
                    }
                    else if (PipelinedDump.Worthwhile)
                    {
                        if (!PipelinedDump.Run(_transport, table, request, parser.Consume))
                            throw new SockDiagException($"the {SocketTableNames.Of(table)} dump ended without NLMSG_DONE");
                    }
                    else
                    {
                        _transport.Dump(table, request, parser.Consume);
                    }
                }
                catch (SockDiagException e) when (parser.Handed > 0)
                {
                    notes.Add(new SourceNote(SourceNoteKind.Warning, $"{SocketTableNames.Of(table)}: {e.Message} after {parser.Handed} sockets; the rest of the table is not shown"));
                    return;
                }
                notes.Add(new SourceNote(SourceNoteKind.Served, $"{SocketTableNames.Of(table)}: read over netlink sock_diag"
                    + (program is null ? "" : ", filtered in the kernel")));
                if (parser.Interrupted)
                    notes.Add(new SourceNote(SourceNoteKind.Served, $"{SocketTableNames.Of(table)}: the table changed during the dump; sockets opened or closed meanwhile may be missing"));
                return;
            }
            catch (SockDiagException e)
            {
                entries.RemoveRange(first, entries.Count - first);
                if (program is not null && e.Errno is Interop.Errno.EINVAL or Interop.Errno.EPERM)
                {
                    // The filter runs again in user space anyway: without the program nothing is lost but speed.
                    notes.Add(new SourceNote(SourceNoteKind.Served, $"{SocketTableNames.Of(table)}: the kernel refused the filter program, {SockDiagReplyParser.ErrnoText(e.Errno)}; filtered here instead"));
                    _programRefused = true;
                    program = null;
                    continue;
                }
                if (e.Errno != Interop.Errno.ENOBUFS || attempt >= OverrunRetries)
                    throw;
            }
        }
    }

    /// <summary>The kernel part of the query's filter for an inet table, unless there is none or the kernel refused one before.</summary>
    private byte[]? Program(SocketTables table, SocketQuery query) =>
        query.Filter is { } filter && table != SocketTables.Unix && !_programRefused
            ? InetDiagBytecode.Compile(filter.Root, table)
            : null;

    public void Dispose() => _transport.Dispose();
}
