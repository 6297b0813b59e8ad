using Netstate.Core.Aggregation;
using Netstate.Core.Model;
using Netstate.Core.Owners;

namespace Netstate.Cli.Watch;

/// <summary>One line of the grouped view: a process (or "no known process") and the counts of its sockets.</summary>
internal sealed record ProcessGroup(int Pid, ProcessInfo? Process, int Sockets, SocketSummary States, int Marked, double SendRate, double ReceiveRate)
{
    /// <summary>
    /// The rows grouped by their first holder, largest first; the counts per state come from Core's
    /// <see cref="SocketSummary"/>. Pid 0 collects the sockets no visible process holds.
    /// </summary>
    public static List<ProcessGroup> Of(IEnumerable<WatchRow> rows)
    {
        var byPid = new Dictionary<int, (ProcessInfo? Process, List<WatchRow> Rows)>();
        foreach (WatchRow row in rows)
        {
            ProcessInfo? owner = row.FirstOwner;
            int pid = owner?.Pid ?? 0;
            if (!byPid.TryGetValue(pid, out var group))
                byPid[pid] = group = (owner, []);
            group.Rows.Add(row);
        }
        var groups = new List<ProcessGroup>(byPid.Count);
        foreach ((int pid, (ProcessInfo? process, List<WatchRow> members)) in byPid)
        {
            groups.Add(new ProcessGroup(pid, process, members.Count,
                SocketSummary.Count(members.Where(r => r.Mark != RowMark.Closed).Select(r => r.Entry)),
                members.Count(r => r.Mark != RowMark.None),
                members.Sum(r => r.SendRate ?? 0), members.Sum(r => r.ReceiveRate ?? 0)));
        }
        groups.Sort((a, b) => b.Sockets != a.Sockets ? b.Sockets.CompareTo(a.Sockets) : a.Pid.CompareTo(b.Pid));
        return groups;
    }

    /// <summary>Live sockets in states other than ESTABLISHED and LISTEN (UDP and unix included).</summary>
    public int Other => States.Total - States.Count(TcpState.Established) - States.Count(TcpState.Listen);
}
