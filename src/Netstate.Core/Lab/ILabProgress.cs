namespace Netstate.Core.Lab;

/// <summary>Hears about a lab run as it goes, so the steps can be shown while the scenario runs.</summary>
internal interface ILabProgress
{
    /// <summary>The namespace exists and the scenario is about to start.</summary>
    void Started(LabScenario scenario, string namespaceId);

    /// <summary>A step has been recorded.</summary>
    void Stepped(LabStep recorded);
}
