using Netstate.Core.Model;
using Netstate.Core.Owners;
using static Netstate.Core.Diagnosis.SocketGroups;

namespace Netstate.Core.Diagnosis.Rules;

/// <summary>
/// Data that arrived but the program has not read (Recv-Q). Large or buffer-filling queues mean a
/// program that stalls; once the buffer is full the peer's sends stop (zero window).
/// </summary>
internal sealed class UnreadQueueRule : IDiagnosisRule
{
    public string Id => "unread-receive-queue";

    public IEnumerable<Finding> Evaluate(DiagnosisInput input)
    {
        DoctorThresholds limits = input.Thresholds;
        List<SocketEntry> stalled = input.Snapshot.Entries.Where(e => IsTcp(e)
            && e.TcpState is TcpState.Established or TcpState.CloseWait
            && (e.RecvQueue >= limits.UnreadBytes || (e.RecvQueue >= limits.UnreadBytesWithFullBuffer && BufferFull(e))))
            .ToList();
        if (stalled.Count == 0)
            yield break;

        foreach (var group in stalled.GroupBy(e => input.Snapshot.Owners?.First(e.Inode)?.Process?.Pid ?? -1).OrderByDescending(g => g.Count()))
        {
            ProcessInfo? process = input.Snapshot.Owners?.First(group.First().Inode)?.Process;
            string holder = process is null ? "an unknown process" : Describe(process);
            ulong total = 0;
            foreach (SocketEntry entry in group)
                total += entry.RecvQueue;
            SocketEntry largest = group.MaxBy(e => e.RecvQueue)!;
            yield return new Finding(
                Id,
                Severity.Warning,
                $"{holder} is not reading its sockets ({Counted(group.Count(), "connection")} with data waiting)",
                [
                    $"{Counted((long)total, "byte")} wait to be read on {Counted(group.Count(), "connection")}",
                    $"largest: {Address(largest.Local)} from {Address(largest.Remote)} with {Count((long)largest.RecvQueue)} bytes"
                        + (largest.Details?.Memory is SocketMemory m ? $" (receive buffer {Count(m.ReceiveBuffer)} bytes)" : ""),
                ],
                "The program receives data faster than it reads it, or has stopped reading (a blocked thread, a "
                + "deadlock, a slow consumer). When the receive buffer fills, the peer is told to stop sending and "
                + "waits. Look at what the process is doing (a stack dump, strace -p) rather than at the network.",
                new Dictionary<string, long> { ["sockets"] = group.Count(), ["unread_bytes"] = (long)total })
            {
                Subject = process is null ? null : new FindingSubject(Pid: process.Pid),
                Processes = process is null ? [] : [Named(process)],
            };
        }
    }

    // The kernel offers the peer a window of at most a share of the buffer (the rest covers
    // packet overhead), so unread data of half the buffer means the window is, or is about to be,
    // closed. Unread bytes are used rather than rmem_alloc, which drops when the kernel collapses
    // the queue to save memory while the data is still unread.
    private static bool BufferFull(SocketEntry entry) =>
        entry.Details?.Memory is SocketMemory memory && memory.ReceiveBuffer > 0 && entry.RecvQueue * 2 >= memory.ReceiveBuffer;
}
