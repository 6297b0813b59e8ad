namespace Netstate.Lab;

/// <summary>Hears about a lab run as it goes, so the steps can be shown while the scenario runs.</summary>
internal interface ILabProgress
{
    /// <summary>The namespace exists and the scenario is about to start.</summary>
    /// <param name="trace">What the state-change trace does, or "off: " and why.</param>
    void Started(LabScenario scenario, string namespaceId, string trace);

    /// <summary>A step has been recorded.</summary>
    void Stepped(LabStep recorded);
}
