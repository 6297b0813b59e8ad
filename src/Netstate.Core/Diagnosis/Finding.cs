namespace Netstate.Core.Diagnosis;

/// <summary>One diagnosis: what is wrong, the numbers that show it, and what to do about it.</summary>
/// <param name="Rule">The rule's stable identifier (for scripts and --json), e.g. "close-wait-leak".</param>
/// <param name="Severity">How much it matters.</param>
/// <param name="Title">One sentence naming the problem.</param>
/// <param name="Evidence">The observations behind it, one per line; untrusted names already escaped.</param>
/// <param name="Remedy">What to do, in a few sentences.</param>
/// <param name="Figures">The key numbers under stable names, for machines.</param>
internal sealed record Finding(
    string Rule,
    Severity Severity,
    string Title,
    IReadOnlyList<string> Evidence,
    string Remedy,
    IReadOnlyDictionary<string, long> Figures);
