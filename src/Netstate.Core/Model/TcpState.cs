namespace Netstate.Core.Model;

/// <summary>
/// TCP states with the kernel's numbering (include/net/tcp_states.h), so a byte read from
/// /proc/net/tcp or an inet_diag message converts directly.
/// </summary>
public enum TcpState : byte
{
    Unknown = 0,
    Established = 1,
    SynSent = 2,
    SynRecv = 3,
    FinWait1 = 4,
    FinWait2 = 5,
    TimeWait = 6,
    Close = 7,
    CloseWait = 8,
    LastAck = 9,
    Listen = 10,
    Closing = 11,
    NewSynRecv = 12,
    BoundInactive = 13,
}
