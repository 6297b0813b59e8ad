using Netstate.Core.Model;
using Netstate.Core.Tcp;

namespace Netstate.Lab;

/// <summary>What a claim is about, which says whether the state-change trace can check it.</summary>
internal enum LabClaimKind
{
    /// <summary>A socket is in a state: the trace checks it.</summary>
    InState,
    /// <summary>A socket has left the tables: the trace checks it (its last change went to CLOSE).</summary>
    Gone,
    /// <summary>A queue length, a retransmission count or a counter: the trace of state changes says nothing of it.</summary>
    Other,
}

/// <summary>Something a step says the sockets show ("client in SYN_SENT"), checked against what was read (and against the trace, when it runs).</summary>
internal sealed class LabClaim
{
    private readonly Func<LabView, bool> _holds;

    private LabClaim(string text, string? role, TcpState? state, LabClaimKind kind, Func<LabView, bool> holds, bool required = true)
    {
        Text = text;
        Role = role;
        State = state;
        Kind = kind;
        _holds = holds;
        Required = required;
    }

    public LabClaimKind Kind { get; }

    public string Text { get; }

    public string? Role { get; }

    public TcpState? State { get; }

    public bool Required { get; }

    public static LabClaim InState(string role, TcpState state) =>
        new($"{role} {StateText(state)}", role, state, LabClaimKind.InState, view => view.RowsOf(role).Any(row => row.State == state));

    /// <summary>The socket is no longer in the kernel's tables: CLOSED (or never created).</summary>
    public static LabClaim Gone(string role) =>
        new($"{role} gone (CLOSED)", role, null, LabClaimKind.Gone, view => !view.RowsOf(role).Any());

    public static LabClaim Waiting(string listenerRole, ulong connections) =>
        new($"{listenerRole} Recv-Q {connections}", listenerRole, null, LabClaimKind.Other,
            view => view.RowsOf(listenerRole).Any(row => row.State == TcpState.Listen && row.RecvQueue == connections));

    public static LabClaim Resent(string role, TcpState state, ulong atLeast) =>
        new($"{role} {StateText(state)}, resent {atLeast}x", role, state, LabClaimKind.Other,
            view => view.RowsOf(role).Any(row => row.State == state && row.Retransmits >= atLeast));

    public static LabClaim CounterRose(string counter) =>
        new($"{counter} rose", null, null, LabClaimKind.Other, view => view.Counters.Any(c => c.Name == counter && c.Change > 0));

    /// <summary>The same claim, not required: an attempt that may be retried.</summary>
    public LabClaim Optional() => new(Text, Role, State, Kind, _holds, required: false);

    public bool Holds(LabView view) => _holds(view);

    public LabClaimResult Result(LabView view, LabTraceCheck? traced) =>
        new(Text, Role, State, Holds(view), Required, traced?.Agrees, traced?.Why);

    /// <summary>netstat's spelling of a state (SYN_SENT).</summary>
    public static string StateText(TcpState state) => TcpStateCatalogue.Of(state).NetstatName;
}

/// <summary>What one read of the namespace showed: its TCP sockets by role, and the followed counters.</summary>
internal sealed record LabView(IReadOnlyList<LabSocketRow> Rows, IReadOnlyList<LabCounter> Counters)
{
    public IEnumerable<LabSocketRow> RowsOf(string role) => Rows.Where(row => row.Role == role);
}
