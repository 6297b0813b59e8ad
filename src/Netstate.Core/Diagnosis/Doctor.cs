using Netstate.Core.Diagnosis.Rules;

namespace Netstate.Core.Diagnosis;

/// <summary>Runs every rule over one body of evidence and orders the findings, worst first.</summary>
internal static class Doctor
{
    /// <summary>The rules in report order for findings of equal severity.</summary>
    public static IReadOnlyList<IDiagnosisRule> Rules { get; } =
    [
        new ListenQueueRule(),
        new SynBacklogRule(),
        new CloseWaitLeakRule(),
        new PortExhaustionRule(),
        new TimeWaitBucketsRule(),
        new OrphanRule(),
        new RetransmissionRule(),
        new UnreadQueueRule(),
    ];

    public static IReadOnlyList<Finding> Examine(DiagnosisInput input) =>
        Rules.SelectMany(rule => rule.Evaluate(input))
            .Select((finding, order) => (finding, order))
            .OrderByDescending(f => f.finding.Severity)
            .ThenBy(f => f.order)
            .Select(f => f.finding)
            .ToList();

    /// <summary>The worst severity among the findings; null when there are none.</summary>
    public static Severity? Worst(IReadOnlyList<Finding> findings) =>
        findings.Count == 0 ? null : findings.Max(f => f.Severity);
}
