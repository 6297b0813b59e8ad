using Netstate.Core.Model;

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

    /// <summary>How much a counter grew during the window; null without a window or a value.</summary>
    public long? Growth(Func<KernelFigures, long?> counter) =>
        KernelBefore is not null && counter(Kernel) is long now && counter(KernelBefore) is long before ? now - before : null;
}
