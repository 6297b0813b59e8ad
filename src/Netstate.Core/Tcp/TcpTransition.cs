using Netstate.Core.Model;

namespace Netstate.Core.Tcp;

/// <summary>Where a transition is written down.</summary>
public enum TransitionOrigin
{
    /// <summary>An arrow of RFC 9293's Figure 5.</summary>
    Rfc9293Diagram,
    /// <summary>A transition the RFC states in a note under the figure rather than drawing it.</summary>
    Rfc9293Note,
    /// <summary>How Linux implements a step the RFC leaves open (request sockets, orphan timeouts, bound sockets).</summary>
    Linux,
}

/// <summary>Which way through the machine a transition belongs to.</summary>
public enum TcpPath
{
    /// <summary>The everyday open or close.</summary>
    Usual,
    /// <summary>Both ends send a SYN at the same time.</summary>
    SimultaneousOpen,
    /// <summary>Both ends send a FIN at the same time.</summary>
    SimultaneousClose,
    /// <summary>Allowed by the RFC but seldom met (for example a listener sending data).</summary>
    Rare,
}

/// <summary>One arrow of the state machine: from, to, what triggers it, what is sent, and who takes it.</summary>
public sealed record TcpTransition(TcpState From, TcpState To, TcpEvent Event, TcpControl Sends, TcpSide Side, TransitionOrigin Origin)
{
    /// <summary>Whether the transition is on the usual path or an unusual one.</summary>
    public TcpPath Path { get; init; } = TcpPath.Usual;

    /// <summary>A remark on the transition (RFC note, Linux detail); null when there is nothing to add.</summary>
    public string? Note { get; init; }
}
