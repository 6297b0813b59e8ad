using Netstate.Core.Model;

namespace Netstate.Core.Tcp;

/// <summary>
/// The TCP state machine: every arrow of RFC 9293's Figure 5 (section 3.3.2), the transition its
/// note 2 adds, and the Linux-specific steps around request sockets, orphans and bound sockets.
/// The one source of truth for explain, doctor, lab and tracing.
/// </summary>
internal static class TcpStateMachine
{
    private static readonly TcpEvent PassiveOpen = TcpEvent.Call("passive OPEN", "the application calls listen()");
    private static readonly TcpEvent ActiveOpen = TcpEvent.Call("active OPEN", "the application calls connect()");
    private static readonly TcpEvent Close = TcpEvent.Call("CLOSE", "the application calls close() (or shutdown() for writing)");
    private static readonly TcpEvent Send = TcpEvent.Call("SEND", "the application sends data on a listening connection (no sockets call does this)");
    private static readonly TcpEvent ReceiveSyn = TcpEvent.Receive("rcv SYN", "a SYN arrives");
    private static readonly TcpEvent ReceiveSynAck = TcpEvent.Receive("rcv SYN,ACK", "the peer's SYN-ACK arrives");
    private static readonly TcpEvent ReceiveAckOfSyn = TcpEvent.Receive("rcv ACK of SYN", "the ACK of our SYN arrives");
    private static readonly TcpEvent ReceiveRst = TcpEvent.Receive("rcv RST", "a reset arrives");
    private static readonly TcpEvent ReceiveFin = TcpEvent.Receive("rcv FIN", "the peer's FIN arrives");
    private static readonly TcpEvent ReceiveAckOfFin = TcpEvent.Receive("rcv ACK of FIN", "the ACK of our FIN arrives");
    private static readonly TcpEvent ReceiveFinAndAck = TcpEvent.Receive("rcv FIN, ACK of FIN", "the peer's FIN arrives in a segment that also acknowledges ours");

    /// <summary>Every transition, RFC ones first in the figure's order, then the Linux ones.</summary>
    public static IReadOnlyList<TcpTransition> Transitions { get; } =
    [
        new(TcpState.Close, TcpState.Listen, PassiveOpen, TcpControl.None, TcpSide.PassiveOpener, TransitionOrigin.Rfc9293Diagram),
        new(TcpState.Close, TcpState.SynSent, ActiveOpen, TcpControl.Syn, TcpSide.ActiveOpener, TransitionOrigin.Rfc9293Diagram),
        new(TcpState.Listen, TcpState.Close, TcpEvent.Call("CLOSE", "the application closes the listener"), TcpControl.None, TcpSide.PassiveOpener, TransitionOrigin.Rfc9293Diagram)
        {
            Note = "Connections still waiting in the listener's queues are reset.",
        },
        new(TcpState.Listen, TcpState.SynRecv, ReceiveSyn, TcpControl.Syn | TcpControl.Ack, TcpSide.PassiveOpener, TransitionOrigin.Rfc9293Diagram)
        {
            Note = "Linux keeps the listener in LISTEN and records the half-open connection as a request socket (NEW_SYN_RECV), listed as SYN_RECV.",
        },
        new(TcpState.Listen, TcpState.SynSent, Send, TcpControl.Syn, TcpSide.ActiveOpener, TransitionOrigin.Rfc9293Diagram) { Path = TcpPath.Rare },
        new(TcpState.SynRecv, TcpState.Listen, ReceiveRst, TcpControl.None, TcpSide.PassiveOpener, TransitionOrigin.Rfc9293Diagram)
        {
            Path = TcpPath.Rare,
            Note = "RFC 9293 note 1: only for a connection that came from a passive OPEN; on Linux the request socket is simply dropped.",
        },
        new(TcpState.SynSent, TcpState.SynRecv, ReceiveSyn, TcpControl.Syn | TcpControl.Ack, TcpSide.ActiveOpener, TransitionOrigin.Rfc9293Diagram)
        {
            Path = TcpPath.SimultaneousOpen,
            Note = "Both ends sent a SYN at the same time; each answers the other's SYN.",
        },
        new(TcpState.SynSent, TcpState.Close, TcpEvent.Call("CLOSE", "the application closes the socket or connect() gives up"), TcpControl.None, TcpSide.ActiveOpener, TransitionOrigin.Rfc9293Diagram),
        new(TcpState.SynSent, TcpState.Established, ReceiveSynAck, TcpControl.Ack, TcpSide.ActiveOpener, TransitionOrigin.Rfc9293Diagram),
        new(TcpState.SynRecv, TcpState.Established, ReceiveAckOfSyn, TcpControl.None, TcpSide.PassiveOpener | TcpSide.ActiveOpener, TransitionOrigin.Rfc9293Diagram)
        {
            Note = "The passive opener's usual last step; the active opener takes it after a simultaneous open.",
        },
        new(TcpState.SynRecv, TcpState.FinWait1, Close, TcpControl.Fin, TcpSide.ActiveCloser, TransitionOrigin.Rfc9293Diagram) { Path = TcpPath.Rare },
        new(TcpState.Established, TcpState.FinWait1, Close, TcpControl.Fin, TcpSide.ActiveCloser, TransitionOrigin.Rfc9293Diagram),
        new(TcpState.Established, TcpState.CloseWait, ReceiveFin, TcpControl.Ack, TcpSide.PassiveCloser, TransitionOrigin.Rfc9293Diagram),
        new(TcpState.FinWait1, TcpState.FinWait2, ReceiveAckOfFin, TcpControl.None, TcpSide.ActiveCloser, TransitionOrigin.Rfc9293Diagram),
        new(TcpState.FinWait1, TcpState.Closing, ReceiveFin, TcpControl.Ack, TcpSide.ActiveCloser, TransitionOrigin.Rfc9293Diagram)
        {
            Path = TcpPath.SimultaneousClose,
            Note = "Both ends sent a FIN at the same time: the FINs crossed.",
        },
        new(TcpState.CloseWait, TcpState.LastAck, Close, TcpControl.Fin, TcpSide.PassiveCloser, TransitionOrigin.Rfc9293Diagram),
        new(TcpState.FinWait2, TcpState.TimeWait, ReceiveFin, TcpControl.Ack, TcpSide.ActiveCloser, TransitionOrigin.Rfc9293Diagram),
        new(TcpState.Closing, TcpState.TimeWait, ReceiveAckOfFin, TcpControl.None, TcpSide.ActiveCloser, TransitionOrigin.Rfc9293Diagram)
        {
            Path = TcpPath.SimultaneousClose,
        },
        new(TcpState.LastAck, TcpState.Close, ReceiveAckOfFin, TcpControl.None, TcpSide.PassiveCloser, TransitionOrigin.Rfc9293Diagram),
        new(TcpState.TimeWait, TcpState.Close, TcpEvent.Timer("Timeout=2MSL", "the TIME_WAIT timer expires (60 s on Linux)"), TcpControl.None, TcpSide.ActiveCloser, TransitionOrigin.Rfc9293Diagram)
        {
            Note = "RFC 9293 asks for twice the maximum segment lifetime; Linux waits a fixed 60 s (TCP_TIMEWAIT_LEN).",
        },
        new(TcpState.FinWait1, TcpState.TimeWait, ReceiveFinAndAck, TcpControl.Ack, TcpSide.ActiveCloser, TransitionOrigin.Rfc9293Note)
        {
            Note = "RFC 9293 note 2: FIN_WAIT2 is skipped when one segment carries both.",
        },

        // Linux: half-open connections are request sockets, not full sockets in SYN_RECV.
        new(TcpState.Listen, TcpState.NewSynRecv, ReceiveSyn, TcpControl.Syn | TcpControl.Ack, TcpSide.PassiveOpener, TransitionOrigin.Linux)
        {
            Note = "A request socket is created beside the listener, which stays in LISTEN. With SYN cookies nothing is kept.",
        },
        new(TcpState.NewSynRecv, TcpState.Established, ReceiveAckOfSyn, TcpControl.None, TcpSide.PassiveOpener, TransitionOrigin.Linux)
        {
            Note = "A full socket is created and queued for accept().",
        },
        new(TcpState.NewSynRecv, TcpState.Close, TcpEvent.Timer("SYN-ACK retries exhausted", "tcp_synack_retries SYN-ACKs went unanswered"), TcpControl.None, TcpSide.PassiveOpener, TransitionOrigin.Linux),
        // Linux: an orphaned FIN_WAIT2 socket does not wait for ever.
        new(TcpState.FinWait2, TcpState.Close, TcpEvent.Timer("FIN_WAIT2 timeout", "tcp_fin_timeout expires on a socket its program already closed"), TcpControl.None, TcpSide.ActiveCloser, TransitionOrigin.Linux)
        {
            Note = "Only orphans time out; a socket still held after shutdown() waits as long as the peer does.",
        },
        // Linux: sock_diag lists sockets that are bound but neither listening nor connecting.
        new(TcpState.Close, TcpState.BoundInactive, TcpEvent.Call("bind", "the application calls bind()"), TcpControl.None, TcpSide.ActiveOpener | TcpSide.PassiveOpener, TransitionOrigin.Linux),
        new(TcpState.BoundInactive, TcpState.Listen, PassiveOpen, TcpControl.None, TcpSide.PassiveOpener, TransitionOrigin.Linux),
        new(TcpState.BoundInactive, TcpState.SynSent, ActiveOpen, TcpControl.Syn, TcpSide.ActiveOpener, TransitionOrigin.Linux),
    ];

    /// <summary>The states of the model, in the order a connection usually meets them.</summary>
    public static IReadOnlyList<TcpState> States { get; } =
    [
        TcpState.Close, TcpState.BoundInactive, TcpState.Listen, TcpState.SynSent, TcpState.SynRecv, TcpState.NewSynRecv,
        TcpState.Established, TcpState.FinWait1, TcpState.FinWait2, TcpState.Closing, TcpState.TimeWait, TcpState.CloseWait,
        TcpState.LastAck,
    ];

    /// <summary>The eleven states of RFC 9293 (the others are Linux's).</summary>
    public static bool IsRfcState(TcpState state) => state is not (TcpState.NewSynRecv or TcpState.BoundInactive or TcpState.Unknown);

    /// <summary>Transitions leaving <paramref name="state"/>.</summary>
    public static IEnumerable<TcpTransition> From(TcpState state) => Transitions.Where(t => t.From == state);

    /// <summary>Transitions entering <paramref name="state"/>.</summary>
    public static IEnumerable<TcpTransition> Into(TcpState state) => Transitions.Where(t => t.To == state);

    /// <summary>
    /// The sides that pass through <paramref name="state"/> on the usual and simultaneous paths:
    /// every side of a transition into or out of it, leaving out the RFC's rare arrows.
    /// </summary>
    public static TcpSide SidesIn(TcpState state)
    {
        TcpSide sides = TcpSide.None;
        foreach (TcpTransition t in Transitions)
        {
            if ((t.From == state || t.To == state) && t.Path != TcpPath.Rare)
                sides |= t.Side;
        }
        return sides;
    }

    /// <summary>The states reachable from CLOSED by following transitions.</summary>
    public static IReadOnlySet<TcpState> ReachableFromClosed()
    {
        var seen = new HashSet<TcpState> { TcpState.Close };
        var work = new Queue<TcpState>(seen);
        while (work.TryDequeue(out TcpState state))
        {
            foreach (TcpTransition t in From(state))
            {
                if (seen.Add(t.To))
                    work.Enqueue(t.To);
            }
        }
        return seen;
    }
}
