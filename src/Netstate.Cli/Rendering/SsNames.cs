using Netstate.Core.Model;

namespace Netstate.Cli.Rendering;

/// <summary>ss's spelling of socket kinds (Netid) and states.</summary>
internal static class SsNames
{
    /// <summary>ss's Netid: the transport, or u_str/u_dgr/u_seq for unix sockets; no family suffix.</summary>
    public static string Netid(SocketEntry entry) => entry.Protocol switch
    {
        Protocol.Tcp => "tcp",
        Protocol.Udp => "udp",
        // ss has no UDP-Lite table; netstat's name keeps it apart from UDP.
        Protocol.UdpLite => "udpl",
        Protocol.Raw => "raw",
        _ => entry.Unix?.Type switch
        {
            UnixSocketType.Stream => "u_str",
            UnixSocketType.SeqPacket => "u_seq",
            _ => "u_dgr",
        },
    };

    /// <summary>ss's state names, indexed by the kernel's TCP state number (unix sockets use the same numbers).</summary>
    public static string State(SocketEntry entry)
    {
        if (entry.Unix is { } unix)
        {
            return unix.IsListening ? "LISTEN" : unix.State switch
            {
                UnixSocketState.Connected => "ESTAB",
                UnixSocketState.Connecting => "SYN-SENT",
                _ => "UNCONN",
            };
        }
        return entry.TcpState switch
        {
            TcpState.Established => "ESTAB",
            TcpState.SynSent => "SYN-SENT",
            TcpState.SynRecv or TcpState.NewSynRecv => "SYN-RECV",
            TcpState.FinWait1 => "FIN-WAIT-1",
            TcpState.FinWait2 => "FIN-WAIT-2",
            TcpState.TimeWait => "TIME-WAIT",
            TcpState.Close => "UNCONN",
            TcpState.CloseWait => "CLOSE-WAIT",
            TcpState.LastAck => "LAST-ACK",
            TcpState.Listen => "LISTEN",
            TcpState.Closing => "CLOSING",
            _ => "UNKNOWN",
        };
    }
}
