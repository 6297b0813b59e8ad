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
            if (!IsTcp(listener) || listener.TcpState != TcpState.Listen || listener.ListenBacklog == 0 || listener.RecvQueue < listener.ListenBacklog)
                continue;
            ProcessInfo? owner = input.Snapshot.Owners?.First(listener.Inode)?.Process;
            string holder = owner is null ? "an unknown process" : Describe(owner);
            yield return new Finding(
                Id,
                Severity.Warning,
                $"the accept queue of {Address(listener.Local)} is full: {holder} is not accepting fast enough",
                [
                    $"{Count((long)listener.RecvQueue)} connections wait to be accepted; the backlog is {Count(listener.ListenBacklog)}",
                    $"net.core.somaxconn = {(input.Kernel.MaxListenBacklog is long max ? Count(max) : "unknown")} caps every listen() backlog",
                ],
                "The program calls accept() too slowly (blocked workers, a busy event loop) or not at all. Give it "
                + "more accepting threads, or raise the backlog passed to listen() (capped by net.core.somaxconn) "
                + "to absorb bursts. New clients are stalled while the queue is full.",
                new Dictionary<string, long> { ["port"] = listener.Local.Port, ["accept_queue"] = (long)listener.RecvQueue, ["backlog"] = listener.ListenBacklog })
            {
                Subject = new FindingSubject(Local: listener.Local, Pid: owner?.Pid),
                Processes = owner is null ? [] : [Named(owner)],
            };
        }

        KernelFigures kernel = input.Kernel;
        long overflows = kernel.ListenOverflows ?? 0;
        long drops = kernel.ListenDrops ?? 0;
        if (overflows == 0 && drops == 0)
            yield break;
        long? overflowGrowth = input.Growth(k => k.ListenOverflows);
        long? dropGrowth = input.Growth(k => k.ListenDrops);
        bool now = overflowGrowth > 0 || dropGrowth > 0;
        string when = now ? $"in the last {input.Window.TotalSeconds:0.#} s" : "since the network namespace started";
        yield return new Finding(
            "listen-drops",
            now ? Severity.Critical : Severity.Warning,
            now ? "listeners are dropping connections right now" : "listeners have dropped connections",
            [
                $"TcpExt ListenOverflows = {Count(overflows)}" + (overflowGrowth > 0 ? $" (+{Count(overflowGrowth.Value)} {when})" : ""),
                $"TcpExt ListenDrops = {Count(drops)}" + (dropGrowth > 0 ? $" (+{Count(dropGrowth.Value)} {when})" : ""),
                $"listeners with the fullest accept queues: " + Fullest(input.Snapshot.Entries),
            ],
            "An overflow is a client whose handshake completed while the accept queue was full; the kernel "
            + "drops its ACK and the client retries. Find the listener with a growing Recv-Q (netstate -ltn) and "
            + "make its program accept faster, or raise its listen() backlog and net.core.somaxconn. ListenDrops "
            + "also counts SYNs dropped for other reasons (memory, a full SYN queue without cookies).",
            new Dictionary<string, long> { ["listen_overflows"] = overflows, ["listen_drops"] = drops });
    }

    private static string Fullest(IReadOnlyList<SocketEntry> entries)
    {
        var listeners = entries.Where(e => IsTcp(e) && e.TcpState == TcpState.Listen && e.RecvQueue > 0)
            .OrderByDescending(e => e.RecvQueue).Take(3)
            .Select(e => $"{Address(e.Local)} ({e.RecvQueue}/{e.ListenBacklog})").ToList();
        return listeners.Count > 0 ? string.Join(", ", listeners) : "none has a queue now";
    }
}
