namespace Netstate.Core.Diagnosis;

/// <summary>How much a finding matters; the order is the order of the report.</summary>
internal enum Severity
{
    /// <summary>Worth knowing, nothing to fix now (for example: something happened since boot).</summary>
    Info = 0,
    /// <summary>A problem that is building up or has hurt connections.</summary>
    Warning = 1,
    /// <summary>Connections are failing now, or a hard limit is about to be hit.</summary>
    Critical = 2,
}
