using System.Globalization;
using Netstate.Core.Model;

namespace Netstate.Core.Vocabulary;

/// <summary>
/// The state of any socket in one dialect: TCP by its state, UDP and raw by the TCP numbers the
/// kernel gives them too (1 connected, 7 not), unix sockets by their BSD state.
/// </summary>
public static class SocketStateText
{
    /// <summary>The state as <paramref name="dialect"/> writes it; never blank.</summary>
    public static string Of(SocketEntry entry, Dialect dialect)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Unix is not { } unix)
            return TcpStateText.Name(entry.TcpState, dialect);
        // netstat names unix states itself; the other dialects use the TCP state ss files them under.
        return dialect == Dialect.Netstat
            ? UnixNetstatWord(unix) is { Length: > 0 } word ? word : "UNCONNECTED"
            : TcpStateText.Name(TcpEquivalent(entry), dialect);
    }

    /// <summary>
    /// The text of netstat's State column, byte for byte: blank for an unconnected UDP socket or
    /// an unconnected unix socket, the bare number for raw sockets, blank for TCP state 0.
    /// </summary>
    public static string NetstatColumn(SocketEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Protocol switch
        {
            Protocol.Unix => UnixNetstatWord(entry.Unix!),
            Protocol.Tcp => entry.TcpState == TcpState.Unknown ? "" : TcpStateText.Name(entry.TcpState, Dialect.Netstat),
            Protocol.Udp or Protocol.UdpLite => entry.TcpState switch
            {
                TcpState.Established => "ESTABLISHED",
                TcpState.Close => "",
                _ => "UNKNOWN",
            },
            _ => entry.RawState.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>
    /// The TCP state a socket is filtered and counted by: the kernel's state byte for inet sockets;
    /// for unix sockets, which report BSD states, the TCP state ss files them under (a listener is
    /// LISTEN, a connected socket ESTABLISHED, a connecting one SYN_SENT, the rest CLOSE).
    /// </summary>
    public static TcpState TcpEquivalent(SocketEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Unix is not { } unix
            ? entry.TcpState
            : unix.IsListening ? TcpState.Listen
            : unix.State switch
            {
                UnixSocketState.Connected => TcpState.Established,
                UnixSocketState.Connecting => TcpState.SynSent,
                _ => TcpState.Close,
            };
    }

    /// <summary>net-tools' unix state words; blank for an unconnected socket that does not listen.</summary>
    private static string UnixNetstatWord(UnixSocketInfo unix) => unix.State switch
    {
        UnixSocketState.Free => "FREE",
        UnixSocketState.Unconnected => (unix.Flags & UnixSocketInfo.AcceptConnectionsFlag) != 0 ? "LISTENING" : "",
        UnixSocketState.Connecting => "CONNECTING",
        UnixSocketState.Connected => "CONNECTED",
        UnixSocketState.Disconnecting => "DISCONNECTING",
        _ => "UNKNOWN",
    };
}
