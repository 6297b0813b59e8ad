namespace Netstate.Core.Model;

/// <summary>The timer pending on an inet socket: the "tr" field of /proc/net/tcp.</summary>
public enum TimerKind : byte
{
    Off = 0,
    /// <summary>Retransmission (or, on TCP, the zero-window/loss probe armed as a retransmit).</summary>
    On = 1,
    Keepalive = 2,
    TimeWait = 3,
    /// <summary>Zero-window probe.</summary>
    Probe = 4,
}
