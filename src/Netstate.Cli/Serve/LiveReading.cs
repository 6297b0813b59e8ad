using Netstate.Core.Diagnosis;
using Netstate.Core.Model;

namespace Netstate.Cli.Serve;

/// <summary>
/// One shared reading of the kernel, immutable, that every request and page in its interval is
/// answered from: all sockets with owners, what changed since the reading before, the kernel's
/// TCP counters, doctor's findings, and how long it took.
/// </summary>
/// <param name="Sequence">1 for the first reading, then one more each time.</param>
/// <param name="Snapshot">Every socket (TCP, UDP, UDP-Lite, raw, unix) with owners.</param>
/// <param name="Tcp">The TCP sockets of <paramref name="Snapshot"/> (what doctor examines).</param>
/// <param name="Changes">What changed since the previous reading; everything is new in the first.</param>
/// <param name="Kernel">The kernel counters and settings at this reading.</param>
/// <param name="Findings">Doctor's findings, worst first.</param>
/// <param name="Duration">How long the kernel read, owner scan and diagnosis took.</param>
internal sealed record LiveReading(
    long Sequence,
    Snapshot Snapshot,
    Snapshot Tcp,
    SnapshotDiff Changes,
    KernelFigures Kernel,
    IReadOnlyList<Finding> Findings,
    TimeSpan Duration);
