using Netstate.Core.Owners;
using Netstate.Core.Tcp;

namespace Netstate.Core.Tracing;

/// <summary>How the owner of a traced socket was learnt.</summary>
public enum OwnerSource : byte
{
    /// <summary>No process could be tied to the socket: shown as "-", never guessed.</summary>
    Unknown,
    /// <summary>The process made this change, or an earlier one on the same socket, from a system call (connect, listen, close).</summary>
    Caller,
    /// <summary>The process held the socket when netstate looked (the owner scan, matched by endpoints).</summary>
    Scan,
    /// <summary>
    /// The caller (as for <see cref="Caller"/>) had exited before netstate could read /proc; its pid
    /// and name come from the tracer's saved task records, which the kernel reuses: a guess.
    /// </summary>
    ExitedCaller,
}

/// <summary>One traced event with what netstate adds: owner, time spent in the state left, the explanation.</summary>
/// <param name="Record">What the kernel reported.</param>
/// <param name="Time">Wall-clock time of the event.</param>
/// <param name="Owner">The owning process; null when unknown.</param>
/// <param name="OwnerSource">How the owner was learnt.</param>
/// <param name="TimeInOldState">How long the socket was in the state it left; null when the trace did not see it enter that state.</param>
/// <param name="Explanation">The state machine's event for a state change; null for other events or a change no model explains.</param>
public sealed record TcpTraceEvent(TcpTraceRecord Record, DateTimeOffset Time, ProcessInfo? Owner, OwnerSource OwnerSource,
    TimeSpan? TimeInOldState, TcpEvent? Explanation);
