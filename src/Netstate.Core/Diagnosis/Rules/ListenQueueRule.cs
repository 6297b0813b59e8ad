using System.Globalization;
using Netstate.Core.Model;
using Netstate.Core.Owners;
using static Netstate.Core.Diagnosis.SocketGroups;

namespace Netstate.Core.Diagnosis.Rules;

/// <summary>
/// A listener's accept queue holds handshakes the program has not accept()ed yet. When it is full
/// the kernel drops the client's final ACK (ListenOverflows) and the client sees a stall or a reset.
/// </summary>
internal sealed class ListenQueueRule : IDiagnosisRule
{
    public string Id => "listen-queue";

    public IEnumerable<Finding> Evaluate(DiagnosisInput input)
    {
        foreach (SocketEntry listener in input.Snapshot.Entries)
        {
            // Linux lets the queue hold backlog + 1 before it overflows, so "at the backlog" is already full.
            if (!IsTcp(listener) || listener.TcpState != TcpState.Listen || listener.ListenBacklog == 0 || listener.RecvQueue is not ulong waiting || waiting < listener.ListenBacklog)
                continue;
            List<(ProcessInfo Process, char? State)> holders = Holders(input, listener);
            bool allStopped = holders.Count > 0 && holders.All(h => IsStopped(h.State));
            string holder = holders.Count == 0 ? "an unknown process"
                : holders.Count == 1 ? Describe(holders[0].Process)
                : $"{holders[0].Process.ProgramNameText} ({holders.Count} processes)";
            yield return new Finding(
                Id,
                Severity.Warning,
                allStopped
                    ? $"the accept queue of {Address(listener.Local)} is full: every process holding it is stopped"
                    : $"the accept queue of {Address(listener.Local)} is full: {holder} is not accepting fast enough",
                [
                    $"{Count((long)waiting)} connections wait to be accepted; the backlog is {Count(listener.ListenBacklog)}",
                    holders.Count == 0
                        ? (input.Snapshot.Owners is { ScannedAsRoot: true, Hidden.Count: 0 } ? "no process holds the listener" : "its holders are hidden: run as root to see them")
                        : "held by " + string.Join(", ", holders.Select(h => HolderText(h.Process, h.State))),
                    $"net.core.somaxconn = {(input.Kernel.MaxListenBacklog is long max ? Count(max) : "unknown")} caps every listen() backlog",
                ],
                "The program calls accept() too slowly (blocked workers, a busy event loop) or not at all. Give it "
                + "more accepting threads, or raise the backlog passed to listen() (capped by net.core.somaxconn) "
                + "to absorb bursts. New clients are stalled while the queue is full.",
                new Dictionary<string, long?> { ["port"] = listener.Local.Port, ["accept_queue"] = (long)waiting, ["backlog"] = listener.ListenBacklog })
            {
                Subject = new FindingSubject(Local: listener.Local, Pid: holders.Count == 0 ? null : holders[0].Process.Pid),
                Processes = [.. holders.Select(h => Named(h.Process))],
            };
        }

        // A counter above 0 only says that something overflowed once since the namespace started; the
        // finding is about overflows happening now, so it needs growth within the window.
        KernelFigures kernel = input.Kernel;
        long? overflowGrowth = input.Growth(k => k.ListenOverflows);
        long? dropGrowth = input.Growth(k => k.ListenDrops);
        if (!(overflowGrowth > 0 || dropGrowth > 0))
            yield break;
        long overflows = kernel.ListenOverflows ?? 0;
        long drops = kernel.ListenDrops ?? 0;
        string window = $"in the last {input.Window.TotalSeconds:0.#} s";
        yield return new Finding(
            "listen-drops",
            Severity.Critical,
            "listeners are dropping connections right now",
            [
                $"TcpExt ListenOverflows: +{Count(overflowGrowth ?? 0)} {window} ({Count(overflows)} since the network namespace started)",
                $"TcpExt ListenDrops: +{Count(dropGrowth ?? 0)} {window} ({Count(drops)} since the network namespace started)",
                $"listeners with the fullest accept queues: " + Fullest(input.Snapshot.Entries),
            ],
            "An overflow is a client whose handshake completed while the accept queue was full; the kernel "
            + "drops its ACK and the client retries. Find the listener with a growing Recv-Q (netstate -ltn) and "
            + "make its program accept faster, or raise its listen() backlog and net.core.somaxconn. ListenDrops "
            + "also counts SYNs dropped for other reasons (memory, a full SYN queue without cookies).",
            new Dictionary<string, long?>
            {
                ["listen_overflows_in_window"] = overflowGrowth ?? 0,
                ["listen_drops_in_window"] = dropGrowth ?? 0,
                ["listen_overflows"] = overflows,
                ["listen_drops"] = drops,
            });
    }

    /// <summary>Every process holding the listener (workers share it with their master), each with its state.</summary>
    private static List<(ProcessInfo Process, char? State)> Holders(DiagnosisInput input, SocketEntry listener)
    {
        var holders = new List<(ProcessInfo, char?)>();
        if (input.Snapshot.Owners is not { } owners)
            return holders;
        var seen = new HashSet<int>();
        foreach (SocketOwner owner in owners.Get(listener.Inode))
        {
            if (seen.Add(owner.Process.Pid))
                holders.Add((owner.Process, input.ProcessState is { } state ? state(owner.Process.Pid) : '?'));
        }
        return holders;
    }

    private static bool IsStopped(char? state) => state is 'T' or 't';

    /// <summary>"nginx (pid 12, stopped)": a stopped or exited holder cannot call accept(), which is the diagnosis.</summary>
    private static string HolderText(ProcessInfo process, char? state) =>
        $"{process.ProgramNameText} (pid {process.Pid.ToString(CultureInfo.InvariantCulture)}" + state switch
        {
            'T' => ", stopped)",
            't' => ", stopped by a debugger)",
            'Z' => ", exited)",
            'D' => ", waiting on I/O)",
            null => ", not running)",
            _ => ")",
        };

    private static string Fullest(IReadOnlyList<SocketEntry> entries)
    {
        var listeners = entries.Where(e => IsTcp(e) && e.TcpState == TcpState.Listen && e.RecvQueue > 0)
            .OrderByDescending(e => e.RecvQueue).Take(3)
            .Select(e => $"{Address(e.Local)} ({e.RecvQueue}/{e.ListenBacklog})").ToList();
        return listeners.Count > 0 ? string.Join(", ", listeners) : "none has a queue now";
    }
}
