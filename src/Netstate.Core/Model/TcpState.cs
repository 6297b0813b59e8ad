namespace Netstate.Core.Model;

/// <summary>
/// TCP states with the kernel's numbering (include/net/tcp_states.h), so a byte read from
/// /proc/net/tcp or an inet_diag message converts directly.
/// </summary>
public enum TcpState : byte
{
    /// <summary>Not a state the kernel reports (the model uses it for a value it could not map).</summary>
    Unknown = 0,
    /// <summary>ESTABLISHED: the connection is open and data flows both ways.</summary>
    Established = 1,
    /// <summary>SYN_SENT: connect() sent a SYN and waits for the answer.</summary>
    SynSent = 2,
    /// <summary>SYN_RECV: a SYN arrived and was answered; the final ACK has not come yet.</summary>
    SynRecv = 3,
    /// <summary>FIN_WAIT1: this side closed and sent its FIN, not yet acknowledged.</summary>
    FinWait1 = 4,
    /// <summary>FIN_WAIT2: this side's FIN was acknowledged; waiting for the peer to close.</summary>
    FinWait2 = 5,
    /// <summary>TIME_WAIT: both sides closed; the kernel keeps the connection a while to absorb late segments.</summary>
    TimeWait = 6,
    /// <summary>CLOSE: not connected (a fresh or unbound socket; UDP sockets without a peer report it too).</summary>
    Close = 7,
    /// <summary>CLOSE_WAIT: the peer closed; this side's application has not closed yet.</summary>
    CloseWait = 8,
    /// <summary>LAST_ACK: both closed, this side last; waiting for the ACK of its FIN.</summary>
    LastAck = 9,
    /// <summary>LISTEN: accepting connections.</summary>
    Listen = 10,
    /// <summary>CLOSING: both sides sent a FIN at the same time; waiting for the ACK.</summary>
    Closing = 11,
    /// <summary>NEW_SYN_RECV: a pending connection held as a light request socket (shown as SYN_RECV).</summary>
    NewSynRecv = 12,
    /// <summary>BOUND_INACTIVE (Linux 6.8+, netlink only): bound, but neither listening nor connected.</summary>
    BoundInactive = 13,
}
