using Netstate.Core.Model;

namespace Netstate.Lab;

/// <summary>What one lab run did and saw, step by step: the record the CLI prints and tests inspect.</summary>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="Namespace">The private network namespace the run used, as /proc/PID/ns/net names it ("net:[4026532...]").</param>
/// <param name="Steps">Each step: what the programs did, then what netstate saw.</param>
/// <param name="HelperProcesses">Processes the run started to hold sockets (all ended before the run returns).</param>
/// <param name="Trace">What the run traced ("tracing sock/inet_sock_set_state in tracefs instance ..."), or why it did not (starting with "off: ").</param>
/// <param name="TraceLost">State changes the kernel dropped from the trace's buffer; null without a trace.</param>
internal sealed record LabRun(string Scenario, string Namespace, IReadOnlyList<LabStep> Steps, IReadOnlyList<int> HelperProcesses,
    string Trace, long? TraceLost)
{
    /// <summary>True when every required claim of every step was seen.</summary>
    public bool AllClaimsSeen => Steps.All(step => step.Claims.All(claim => claim.Seen || !claim.Required));

    /// <summary>
    /// With a trace: true when no claim that was seen in a read was contradicted by the trace; null
    /// without a trace. A claim the trace cannot check (a queue, a request socket) does not count.
    /// </summary>
    public bool? TraceAgrees => TraceLost is null ? null : Steps.All(step => step.Claims.All(claim => !claim.Seen || claim.Traced != false));
}

/// <summary>One step: the actions just taken, the scenario's sockets as netstate read them afterwards, and the claims checked against them.</summary>
/// <param name="Number">1, 2, ...</param>
/// <param name="Seconds">When the sockets were read, in seconds since the run started.</param>
/// <param name="Actions">What the client, the server or the lab itself did since the previous step.</param>
/// <param name="Sockets">Every TCP socket of the namespace, named after the scenario's roles.</param>
/// <param name="Claims">What the scenario says this step shows, and whether it was seen.</param>
/// <param name="Counters">Kernel counters the scenario follows (TcpExt), with their change since the run started.</param>
/// <param name="Explanation">Why the sockets are in these states.</param>
/// <param name="Transitions">The state changes the trace recorded for the scenario's sockets since the previous step, up to this step's read; empty without a trace.</param>
internal sealed record LabStep(
    int Number,
    double Seconds,
    IReadOnlyList<LabAction> Actions,
    IReadOnlyList<LabSocketRow> Sockets,
    IReadOnlyList<LabClaimResult> Claims,
    IReadOnlyList<LabCounter> Counters,
    string? Explanation,
    IReadOnlyList<LabTransition> Transitions);

/// <summary>One state change of a scenario's socket, as the kernel's tracepoint reported it.</summary>
/// <param name="Seconds">When, in seconds since the run started.</param>
/// <param name="Role">The scenario's name for the socket.</param>
/// <param name="From">The state left.</param>
/// <param name="To">The state entered.</param>
/// <param name="Event">The state machine's event for the change, in RFC 9293's words ("rcv FIN"); null when no model explains it.</param>
/// <param name="Meaning">The same event in the terms of the sockets API; null with <paramref name="Event"/>.</param>
internal sealed record LabTransition(double Seconds, string Role, TcpState From, TcpState To, string? Event, string? Meaning);

/// <summary>Something a program (client, server) or the lab did, in the words of the system call or command.</summary>
internal sealed record LabAction(string Actor, string Text);

/// <summary>One TCP socket as the namespace's sock_diag dump showed it.</summary>
/// <param name="Role">The scenario's name for it: "listener", "client", "server", "client 3", or "other".</param>
/// <param name="Local">Local address:port.</param>
/// <param name="Remote">Remote address:port ("0.0.0.0:*" for a listener).</param>
/// <param name="State">The kernel's TCP state.</param>
/// <param name="RecvQueue">Unread bytes; for a listener, connections waiting for accept().</param>
/// <param name="SendQueue">Unacknowledged bytes; for a listener, its backlog (as ss shows it).</param>
/// <param name="Timer">The pending timer.</param>
/// <param name="TimerSeconds">Seconds until the timer fires.</param>
/// <param name="Retransmits">Retransmissions (for SYN_RECV: SYN-ACKs resent) under the running timer.</param>
/// <param name="Inode">0 when no process holds the socket (TIME_WAIT, request and orphaned sockets).</param>
internal sealed record LabSocketRow(
    string Role, string Local, string Remote, TcpState State, ulong RecvQueue, ulong SendQueue,
    TimerKind Timer, double TimerSeconds, ulong Retransmits, ulong Inode);

/// <summary>A claim of a step ("client in SYN_SENT") and whether the sockets showed it.</summary>
/// <param name="Text">The claim in words.</param>
/// <param name="Role">The socket it is about, or null for a counter.</param>
/// <param name="State">The state claimed for that socket; null for a socket claimed gone or for other claims.</param>
/// <param name="Seen">Whether the claim held when the sockets were read.</param>
/// <param name="Required">False for a claim a retried attempt may miss (the run still counts as shown).</param>
/// <param name="Traced">Whether the trace showed the same at the moment of the read; null without a trace or when the trace cannot tell (see <paramref name="TraceNote"/>).</param>
/// <param name="TraceNote">Why the trace cannot tell, or what it showed instead; null when it agreed.</param>
internal sealed record LabClaimResult(string Text, string? Role, TcpState? State, bool Seen, bool Required, bool? Traced, string? TraceNote);

/// <summary>A TcpExt counter of the namespace (/proc/net/netstat) and its change since the run started.</summary>
internal sealed record LabCounter(string Name, long Value, long Change);
