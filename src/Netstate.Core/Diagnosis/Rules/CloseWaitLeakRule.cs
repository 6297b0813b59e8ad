using Netstate.Core.Model;
using Netstate.Core.Owners;
using static Netstate.Core.Diagnosis.SocketGroups;

namespace Netstate.Core.Diagnosis.Rules;

/// <summary>
/// CLOSE_WAIT means the peer has closed and the local program has not. The kernel never times it
/// out, so sockets that accumulate in one process are a missing close() in that program.
/// </summary>
internal sealed class CloseWaitLeakRule : IDiagnosisRule
{
    public string Id => "close-wait-leak";

    public IEnumerable<Finding> Evaluate(DiagnosisInput input)
    {
        DoctorThresholds limits = input.Thresholds;
        OwnerMap? owners = input.Snapshot.Owners;
        var byProcess = new Dictionary<int, (ProcessInfo? Process, List<SocketEntry> Sockets)>();
        foreach (SocketEntry entry in input.Snapshot.Entries)
        {
            if (!IsTcp(entry) || entry.TcpState != TcpState.CloseWait)
                continue;
            ProcessInfo? process = owners?.First(entry.Inode)?.Process;
            int key = process?.Pid ?? -1;
            if (!byProcess.TryGetValue(key, out var group))
                byProcess[key] = group = (process, []);
            group.Sockets.Add(entry);
        }

        foreach ((int pid, (ProcessInfo? process, List<SocketEntry> sockets)) in byProcess.OrderByDescending(p => p.Value.Sockets.Count))
        {
            if (sockets.Count < limits.CloseWaitPerProcess)
                continue;
            string holder = process is null ? "processes netstate could not see" : Describe(process);
            var evidence = new List<string>
            {
                $"{Count(sockets.Count)} TCP sockets in CLOSE_WAIT held by {holder}",
                "peers that closed: " + List(Top(sockets.Select(s => Address(s.Remote)), 5)),
                "local ports: " + List(Top(sockets.Select(s => s.Local.Port), 5)),
            };
            if (process is null)
                evidence.Add(owners is null || !owners.ScannedAsRoot
                    ? "their owners are hidden: run as root to see which process holds them"
                    : "no process holds them in a readable descriptor table");
            yield return new Finding(
                Id,
                sockets.Count >= limits.CloseWaitPerProcessCritical ? Severity.Critical : Severity.Warning,
                $"{holder} does not close connections its peers have closed ({Count(sockets.Count)} in CLOSE_WAIT)",
                evidence,
                "CLOSE_WAIT never times out: the socket stays until the program calls close(). Look for a code path "
                + "that stops using a connection without closing it (an error branch, a pool that does not notice "
                + "closed connections, a reader that ignores end of file). Restarting the process frees the sockets "
                + "but the leak returns until the program is fixed.",
                new Dictionary<string, long> { ["pid"] = pid, ["close_wait"] = sockets.Count })
            {
                Subject = process is null ? null : new FindingSubject(Pid: process.Pid),
                Processes = process is null ? [] : [Named(process)],
            };
        }
    }
}
