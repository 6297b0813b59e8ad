using System.ComponentModel;
using Netstate.Core.Model;
using Netstate.Core.Sources;

namespace Netstate.Core.Platform.Windows;

/// <summary>
/// Windows' socket tables: TCP and UDP, IPv4 and IPv6, from IP Helper's owner-PID tables. Windows
/// has no UDP-Lite, raw or unix socket tables to list: asking for them reads nothing.
/// </summary>
internal sealed class WindowsSocketSource : ISocketSource
{
    private const SocketTables Served = SocketTables.Tcp | SocketTables.Udp;

    private readonly IIpHelperTables _tables;

    public WindowsSocketSource(IIpHelperTables tables) => _tables = tables;

    public string Name => "iphlpapi";

    public SourceResult Read(SocketQuery query) => PerTable.Read(query, (table, entries, notes) =>
    {
        if ((table & Served) != 0)
            ReadTable(_tables, table, query.TcpStates, entries, [], notes);
    });

    /// <summary>One table into <paramref name="entries"/> and <paramref name="pids"/>; a failed call becomes a warning, not an empty success.</summary>
    internal static void ReadTable(IIpHelperTables tables, SocketTables table, TcpStateSet states, List<SocketEntry> entries, List<uint> pids, List<SourceNote> notes)
    {
        byte[] bytes;
        try
        {
            bytes = tables.Read(table);
        }
        catch (Win32Exception e)
        {
            notes.Add(new SourceNote(SourceNoteKind.Warning, e.Message));
            return;
        }
        OwnerPidTable.Parse(bytes, table, states, entries, pids, notes);
    }
}
