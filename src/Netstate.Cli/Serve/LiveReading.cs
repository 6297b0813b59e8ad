using Netstate.Core.Diagnosis;
using Netstate.Core.Model;
using Netstate.Core.Owners;

namespace Netstate.Cli.Serve;

/// <summary>
/// One shared reading of the kernel, immutable, that every request and page in its interval is
/// answered from: all sockets with owners, what changed since the reading before, the kernel's
/// TCP counters, doctor's findings, and how long it took.
/// </summary>
/// <param name="Sequence">1 for the first reading, then one more each time.</param>
/// <param name="Snapshot">Every socket (TCP, UDP, UDP-Lite, raw, unix) with the owners of <paramref name="Owners"/>.</param>
/// <param name="Tcp">The TCP sockets of <paramref name="Snapshot"/> (what doctor examines).</param>
/// <param name="Changes">What changed since the previous reading; everything is new in the first.</param>
/// <param name="Kernel">The kernel counters and settings at this reading.</param>
/// <param name="Findings">Doctor's findings, worst first.</param>
/// <param name="Duration">How long the kernel read and diagnosis took (the owner scan is apart, see <paramref name="Owners"/>).</param>
/// <param name="Owners">The owner scan this reading's owners come from: taken before it, possibly readings earlier.</param>
internal sealed record LiveReading(
    long Sequence,
    Snapshot Snapshot,
    Snapshot Tcp,
    SnapshotDiff Changes,
    KernelFigures Kernel,
    IReadOnlyList<Finding> Findings,
    TimeSpan Duration,
    OwnerScan Owners);

/// <summary>One scan of every process's descriptors (/proc/*/fd): which process holds which socket inode.</summary>
/// <param name="Map">Inode to owners.</param>
/// <param name="TakenAt">When the scan started.</param>
/// <param name="Duration">How long it took.</param>
internal sealed record OwnerScan(OwnerMap Map, DateTimeOffset TakenAt, TimeSpan Duration);
