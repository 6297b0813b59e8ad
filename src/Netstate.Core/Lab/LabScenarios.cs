using Netstate.Core.Lab.Scenarios;

namespace Netstate.Core.Lab;

/// <summary>Every lab scenario, in teaching order, found by name or alias.</summary>
internal static class LabScenarios
{
    public static IReadOnlyList<LabScenario> All { get; } =
    [
        new HandshakeScenario(),
        new ActiveCloseScenario(),
        new PassiveCloseScenario(),
        new ServerKilledScenario(),
        new SimultaneousCloseScenario(),
        new UnansweredConnectScenario(),
        new AcceptQueueOverflowScenario(),
        new UnacknowledgedSynAckScenario(),
    ];

    /// <summary>The scenario with this name or alias (case and '_' versus '-' do not matter), or null.</summary>
    public static LabScenario? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string wanted = name.Replace('_', '-').ToLowerInvariant();
        return All.FirstOrDefault(s => s.Name == wanted) ?? All.FirstOrDefault(s => s.Aliases.Contains(wanted));
    }
}
