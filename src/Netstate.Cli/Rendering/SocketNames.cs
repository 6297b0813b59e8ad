using Netstate.Core.Model;

namespace Netstate.Cli.Rendering;

/// <summary>The names JSON, CSV and netstat-style counts use for protocols and states: netstat's spelling.</summary>
internal static class SocketNames
{
    /// <summary>"tcp", "tcp6", "udp", "udp6", "udpl", "udpl6", "raw", "raw6" or "unix".</summary>
    public static string Protocol(SocketEntry entry) =>
        entry.Protocol == Core.Model.Protocol.Unix ? "unix" : NetstatTableRenderer.ProtocolName(entry);

    /// <summary>
    /// The TCP state name for inet sockets (UDP and raw use CLOSE and ESTABLISHED too), and
    /// LISTENING, CONNECTED, UNCONNECTED ... for unix sockets.
    /// </summary>
    public static string State(SocketEntry entry)
    {
        if (entry.Unix is { } unix)
        {
            string text = NetstatTableRenderer.UnixStateText(unix);
            return text.Length == 0 ? "UNCONNECTED" : text;
        }
        string name = NetstatTableRenderer.TcpStateName(entry.TcpState);
        return name.Length == 0 ? "UNKNOWN" : name;
    }

    /// <summary>off, on (retransmit), keepalive, timewait or probe (zero window).</summary>
    public static string Timer(TimerKind timer) => timer switch
    {
        TimerKind.Off => "off",
        TimerKind.On => "on",
        TimerKind.Keepalive => "keepalive",
        TimerKind.TimeWait => "timewait",
        TimerKind.Probe => "probe",
        _ => "unknown",
    };
}
