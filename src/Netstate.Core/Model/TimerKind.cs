namespace Netstate.Core.Model;

/// <summary>The timer pending on an inet socket: the "tr" field of /proc/net/tcp.</summary>
public enum TimerKind : byte
{
    /// <summary>No timer is pending.</summary>
    Off = 0,
    /// <summary>Retransmission (or, on TCP, the zero-window/loss probe armed as a retransmit).</summary>
    On = 1,
    /// <summary>The keepalive timer.</summary>
    Keepalive = 2,
    /// <summary>The TIME_WAIT timer, after which the kernel forgets the connection.</summary>
    TimeWait = 3,
    /// <summary>Zero-window probe.</summary>
    Probe = 4,
}
