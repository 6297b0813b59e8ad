using Netstate.Core.Model;

namespace Netstate.Core.Sources;

/// <summary>The loop every source shares: each requested table in netstat's order, into one result.</summary>
internal static class PerTable
{
    public static SourceResult Read(SocketQuery query, Action<SocketTables, List<SocketEntry>, List<SourceNote>> readTable)
    {
        ArgumentNullException.ThrowIfNull(query);
        var entries = new List<SocketEntry>();
        var notes = new List<SourceNote>();
        foreach (SocketTables table in SocketTableInfo.Ordered)
        {
            if ((query.Tables & table) == 0)
                continue;
            readTable(table, entries, notes);
            if (query.Each is { } each)
            {
                // Tables a source could not stream (a /proc fallback, a RefCnt join) go out here, still in table order.
                foreach (SocketEntry entry in entries)
                    each(entry);
                entries.Clear();
            }
        }
        return new SourceResult(entries, notes);
    }
}
