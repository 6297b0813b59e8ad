namespace Netstate.Core.Platform;

/// <summary>How a change asked of the system (closing a socket, signalling a process) ended.</summary>
internal enum ActionOutcome
{
    /// <summary>The system did it.</summary>
    Done,
    /// <summary>Refused for want of privilege (EPERM).</summary>
    NotPermitted,
    /// <summary>The system cannot do this to that object (EOPNOTSUPP: a unix socket, a kernel without the feature).</summary>
    NotSupported,
    /// <summary>The socket or process no longer exists (or is no longer the one that was chosen).</summary>
    Gone,
    /// <summary>Any other error.</summary>
    Failed,
}

/// <summary>The outcome of one change, and the reason in plain words when it was not done.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Reason">Why it was not done (empty when done): the error and what it means here.</param>
internal sealed record ActionResult(ActionOutcome Outcome, string Reason)
{
    public static ActionResult Done { get; } = new(ActionOutcome.Done, "");

    public bool Succeeded => Outcome == ActionOutcome.Done;
}

/// <summary>How to ask a process to end: politely (it may clean up) or not at all (it cannot refuse).</summary>
internal enum EndSignal
{
    /// <summary>SIGTERM on Linux.</summary>
    Terminate,
    /// <summary>SIGKILL on Linux.</summary>
    Kill,
}
