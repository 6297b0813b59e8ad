using Netstate.Core.Model;

namespace Netstate.Core.Vocabulary;

/// <summary>The name of the timer pending on an inet socket.</summary>
public static class TimerText
{
    /// <summary>
    /// The pending timer: off, on (retransmit), keepalive, timewait, probe (zero window) in netstat's
    /// words; ss calls the zero-window probe timer "persist".
    /// </summary>
    public static string Of(TimerKind timer, Dialect dialect) => timer switch
    {
        TimerKind.Off => "off",
        TimerKind.On => "on",
        TimerKind.Keepalive => "keepalive",
        TimerKind.TimeWait => "timewait",
        TimerKind.Probe => dialect == Dialect.Ss ? "persist" : "probe",
        _ => "unknown",
    };
}
