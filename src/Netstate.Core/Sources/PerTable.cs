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
            if ((query.Tables & table) != 0)
                readTable(table, entries, notes);
        }
        return new SourceResult(entries, notes);
    }
}
