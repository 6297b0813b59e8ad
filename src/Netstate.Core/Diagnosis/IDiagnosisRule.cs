namespace Netstate.Core.Diagnosis;

/// <summary>One check over the evidence; yields nothing when all is well.</summary>
internal interface IDiagnosisRule
{
    /// <summary>The stable identifier its findings carry.</summary>
    string Id { get; }

    IEnumerable<Finding> Evaluate(DiagnosisInput input);
}
