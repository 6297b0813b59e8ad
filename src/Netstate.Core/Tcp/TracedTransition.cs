using Netstate.Core.Model;

namespace Netstate.Core.Tcp;

/// <summary>
/// What explains a state change as the kernel's tracepoint reports it. Most are arrows of
/// <see cref="TcpStateMachine"/>; a few are how Linux shows them: a passive socket is born from
/// its listener only when the handshake's last ACK arrives, and a closing socket that reaches
/// TIME_WAIT is handed to a small timewait entry, so the full socket is seen going to CLOSE.
/// </summary>
public static class TracedTransition
{
    private static readonly TcpEvent ChildCreated = new(TcpEventKind.SegmentReceived, "rcv ACK of SYN",
        "the handshake completed: the kernel makes the connection's socket from the listener");
    // Linux frees a closing socket early and keeps a small timewait entry in its place: in TIME_WAIT
    // once the peer's FIN is in, but also in FIN_WAIT2 for an orphan (its program closed it) when
    // tcp_fin_timeout is 60 s or less (tcp_close and tcp_rcv_state_process call tcp_time_wait with
    // TCP_FIN_WAIT2). The tracepoint sees only the full socket going to CLOSE.
    private static readonly TcpEvent IntoTimeWait = new(TcpEventKind.SegmentReceived, "rcv FIN",
        "a timewait entry takes the socket's place: in TIME_WAIT when the peer's FIN arrived, still in FIN_WAIT2 for an orphan "
        + "(closed by its program, tcp_fin_timeout 60 s or less); or the orphan's timeout expired");
    private static readonly TcpEvent ClosingDone = new(TcpEventKind.SegmentReceived, "rcv ACK of FIN",
        "the ACK of our FIN arrived (TIME_WAIT goes on as a timewait entry)");
    private static readonly TcpEvent Aborted = new(TcpEventKind.SegmentReceived, "rcv RST / abort",
        "the connection was reset or aborted (a RST, close() with unread data, or retries ran out)");
    private static readonly TcpEvent ConnectFailed = new(TcpEventKind.SegmentReceived, "rcv RST / Timeout",
        "connect() failed: refused with a RST, or the SYN retries ran out, or the socket was closed");

    private static readonly TcpEvent SetAgain = new(TcpEventKind.UserCall, "CLOSE",
        "no change: the kernel set the same state again as the program closed a socket that was already closing");

    /// <summary>The event that explains <paramref name="from"/> → <paramref name="to"/>; null for a change no model explains.</summary>
    public static TcpEvent? Explain(TcpState from, TcpState to) => (from, to) switch
    {
        _ when from == to => SetAgain,
        (TcpState.Listen, TcpState.SynRecv) => ChildCreated,
        (TcpState.FinWait2, TcpState.Close) => IntoTimeWait,
        (TcpState.Closing, TcpState.Close) => ClosingDone,
        (TcpState.FinWait1, TcpState.Close) => IntoTimeWait,
        (TcpState.SynSent, TcpState.Close) => ConnectFailed,
        (TcpState.Established or TcpState.SynRecv or TcpState.CloseWait, TcpState.Close) => Aborted,
        _ => TcpStateMachine.Transitions.FirstOrDefault(t => t.From == from && t.To == to)?.Event,
    };
}
