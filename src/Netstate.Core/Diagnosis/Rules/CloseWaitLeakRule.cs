using Netstate.Core.Model;
using Netstate.Core.Owners;
using Netstate.Core.Tracing;
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
        IReadOnlySet<ulong>? before = input.CloseWaitBefore;
        var byProcess = new Dictionary<int, (ProcessInfo? Process, List<SocketEntry> Sockets)>();
        int passing = 0;
        foreach (SocketEntry entry in input.Snapshot.Entries)
        {
            if (!IsTcp(entry) || entry.TcpState != TcpState.CloseWait)
                continue;
            // A leak is persistence: a socket that was not yet in CLOSE_WAIT at the start of the
            // window may be a busy server's connection living for microseconds.
            if (before is not null && !before.Contains(Identity(entry)))
            {
                passing++;
                continue;
            }
            ProcessInfo? process = owners?.First(entry.Inode)?.Process;
            int key = process?.Pid ?? -1;
            if (!byProcess.TryGetValue(key, out var group))
                byProcess[key] = group = (process, []);
            group.Sockets.Add(entry);
        }

        foreach ((ProcessInfo? process, List<SocketEntry> sockets) in byProcess.Values.OrderByDescending(g => g.Sockets.Count))
        {
            if (sockets.Count < limits.CloseWaitPerProcess)
                continue;
            bool hidden = owners is null || !owners.ScannedAsRoot || owners.Hidden.Count > 0;
            string holder = process is not null ? Describe(process)
                : hidden ? "processes netstate could not see"
                : before is null ? "sockets closed before their owner could be read"
                : "sockets no process holds";
            var evidence = new List<string>
            {
                $"{Count(sockets.Count)} TCP sockets in CLOSE_WAIT held by {holder}",
                before is null
                    ? "not watched (--window 0): whether they stay in CLOSE_WAIT is unknown"
                    : $"the same sockets were already in CLOSE_WAIT {input.Window.TotalSeconds:0.#} s earlier",
                "peers that closed: " + List(Top(sockets.Select(s => Address(s.Remote)), 5)),
                "local ports: " + List(Top(sockets.Select(s => s.Local.Port), 5)),
            };
            StateGrowth? growth = RecordedGrowth(input.Recording, sockets);
            if (growth is not null)
                evidence.Add($"the recording {input.Recording!.Where} shows: {growth.Describe()}");
            if (passing > 0)
                evidence.Add($"{Count(passing)} more reached CLOSE_WAIT during the window and are not counted: short-lived, not a leak");
            if (process is null)
            {
                evidence.Add(hidden
                    ? "their owners are hidden: run as root to see which process holds them"
                    : before is null
                        ? "no process held them when the descriptors were read: their owner closed them (or exited) meanwhile"
                        : "no process holds them in a readable descriptor table");
            }
            yield return new Finding(
                Id,
                sockets.Count >= limits.CloseWaitPerProcessCritical ? Severity.Critical : Severity.Warning,
                $"{holder} does not close connections its peers have closed ({Count(sockets.Count)} in CLOSE_WAIT)",
                evidence,
                "CLOSE_WAIT never times out: the socket stays until the program calls close(). Look for a code path "
                + "that stops using a connection without closing it (an error branch, a pool that does not notice "
                + "closed connections, a reader that ignores end of file). Restarting the process frees the sockets "
                + "but the leak returns until the program is fixed.",
                new Dictionary<string, long?>
                {
                    ["pid"] = process?.Pid,
                    ["close_wait"] = sockets.Count,
                    ["recorded_growth_port"] = growth?.LocalPort,
                    ["recorded_growth_from"] = growth?.From,
                    ["recorded_growth_to"] = growth?.To,
                    ["recorded_growth_seconds"] = growth is null ? null : (long)growth.Duration.TotalSeconds,
                })
            {
                Subject = process is null ? null : new FindingSubject(Pid: process.Pid),
                Processes = process is null ? [] : [Named(process)],
            };
        }
    }

    /// <summary>
    /// The longest rise the recording shows of CLOSE_WAIT on the local ports these sockets use (the
    /// busiest five); null without a recording or a rise.
    /// </summary>
    private static StateGrowth? RecordedGrowth(IStateRecording? recording, List<SocketEntry> sockets) =>
        recording is null ? null
            : Top(sockets.Select(s => s.Local.Port), 5)
                .Select(p => recording.Growth(TcpState.CloseWait, p.Key))
                .OfType<StateGrowth>()
                .OrderByDescending(g => g.Duration)
                .FirstOrDefault();

    /// <summary>What names one socket across two reads: its cookie, or its inode where the source (/proc) has no cookies.</summary>
    public static ulong Identity(SocketEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Cookie != 0 ? entry.Cookie : entry.Inode;
    }
}
