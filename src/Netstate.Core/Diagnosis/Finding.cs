using Netstate.Core.Model;

namespace Netstate.Core.Diagnosis;

/// <summary>
/// One diagnosis as data: which rule, how bad, what it is about, the numbers and the processes
/// behind it, and sentences saying so. All text is raw (a process name is whatever its owner
/// chose): a renderer escapes it for a terminal, JSON carries it exactly.
/// </summary>
/// <param name="Rule">The rule's stable identifier (for scripts and --json), e.g. "close-wait-leak".</param>
/// <param name="Severity">How much it matters.</param>
/// <param name="Title">One sentence naming the problem.</param>
/// <param name="Evidence">The observations behind it, one per line.</param>
/// <param name="Remedy">What to do, in a few sentences.</param>
/// <param name="Figures">The key numbers under stable names, for machines.</param>
internal sealed record Finding(
    string Rule,
    Severity Severity,
    string Title,
    IReadOnlyList<string> Evidence,
    string Remedy,
    IReadOnlyDictionary<string, long> Figures)
{
    /// <summary>What the finding is about (a listener, a destination, a process); null when it is about the whole kernel.</summary>
    public FindingSubject? Subject { get; init; }

    /// <summary>The processes involved, most involved first; empty when none is known or none applies.</summary>
    public IReadOnlyList<FindingProcess> Processes { get; init; } = [];
}

/// <summary>What a finding is about; the parts that do not apply are null.</summary>
/// <param name="Local">A local endpoint: a listener, or the local address of outgoing connections (port 0).</param>
/// <param name="Remote">A remote endpoint: the destination of outgoing connections.</param>
/// <param name="Pid">The process the finding blames.</param>
internal sealed record FindingSubject(Endpoint? Local = null, Endpoint? Remote = null, int? Pid = null);

/// <summary>A process a finding names.</summary>
/// <param name="Pid">Its process id.</param>
/// <param name="Name">Its program name, raw.</param>
internal sealed record FindingProcess(int Pid, string Name);
