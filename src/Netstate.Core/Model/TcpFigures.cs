namespace Netstate.Core.Model;

/// <summary>
/// The three tcp_info figures a live view shows, without the rest of struct tcp_info: 40 bytes a
/// socket where a whole <see cref="TcpDetails"/> takes some 600 (<see cref="SocketDetail.TcpFigures"/>).
/// </summary>
/// <param name="RoundTripTime">tcpi_rtt, the smoothed round-trip time in microseconds.</param>
/// <param name="BytesAcked">tcpi_bytes_acked: bytes the peer acknowledged.</param>
/// <param name="BytesReceived">tcpi_bytes_received: bytes received.</param>
public sealed record TcpFigures(uint RoundTripTime, ulong BytesAcked, ulong BytesReceived)
{
    /// <summary>The figures of a whole tcp_info reading.</summary>
    public static TcpFigures Of(TcpDetails tcp)
    {
        ArgumentNullException.ThrowIfNull(tcp);
        return new(tcp.RoundTripTime, tcp.BytesAcked, tcp.BytesReceived);
    }
}
