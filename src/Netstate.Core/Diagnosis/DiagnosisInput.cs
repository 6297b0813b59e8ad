using Netstate.Core.Model;
using Netstate.Core.Tracing;

namespace Netstate.Core.Diagnosis;

/// <summary>
/// Everything the rules look at: one socket snapshot (TCP, with owners and memory), the kernel
/// figures now and, when the doctor watched for a while, at the start of that window.
/// </summary>
internal sealed class DiagnosisInput
{
    public DiagnosisInput(Snapshot snapshot, KernelFigures kernel, KernelFigures? kernelBefore = null, TimeSpan window = default, DoctorThresholds? thresholds = null)
    {
        Snapshot = snapshot;
        Kernel = kernel;
        KernelBefore = kernelBefore;
        Window = window;
        Thresholds = thresholds ?? new DoctorThresholds();
    }

    public Snapshot Snapshot { get; }

    public KernelFigures Kernel { get; }

    /// <summary>The figures at the start of the observation window; null when there was none.</summary>
    public KernelFigures? KernelBefore { get; }

    public TimeSpan Window { get; }

    public DoctorThresholds Thresholds { get; }

    /// <summary>
    /// A process's state letter (/proc/PID/stat: T stopped, Z exited, ...), null when the process has
    /// gone; the property is null when states cannot be read. Rules ask only about the processes they name.
    /// </summary>
    public Func<int, char?>? ProcessState { get; init; }

    /// <summary>
    /// The identities (cookie, or inode where the source has no cookies) of the sockets that were in
    /// CLOSE_WAIT at the start of the window; null when there was no window.
    /// </summary>
    public IReadOnlySet<ulong>? CloseWaitBefore { get; init; }

    /// <summary>
    /// A recording of earlier samples and changes (<c>netstate record</c>) that rules cite as evidence
    /// of how long a problem has been building; null when there is none.
    /// </summary>
    public IStateRecording? Recording { get; init; }

    /// <summary>
    /// The connections per destination counted over every socket while the table streamed past
    /// (<see cref="DoctorEvidence"/>), when <see cref="Snapshot"/> holds only the sockets rules examine
    /// one by one; null: count them over <see cref="Snapshot"/>.
    /// </summary>
    public PortExhaustionCounts? Destinations { get; init; }

    /// <summary>How much a counter grew during the window; null without a window or a value.</summary>
    public long? Growth(Func<KernelFigures, long?> counter) =>
        KernelBefore is not null && counter(Kernel) is long now && counter(KernelBefore) is long before ? now - before : null;
}
