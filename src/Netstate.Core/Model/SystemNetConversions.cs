using System.Net;
using NetworkInformationTcpState = System.Net.NetworkInformation.TcpState;

namespace Netstate.Core.Model;

/// <summary>
/// Conversions between the model and the types of System.Net, for consumers that already work
/// with <see cref="IPEndPoint"/> or <see cref="System.Net.NetworkInformation.TcpState"/>.
/// </summary>
public static class SystemNetConversions
{
    /// <summary>The endpoint as an <see cref="IPEndPoint"/>. An IPv6 scope id is not in the model, so it is 0.</summary>
    public static IPEndPoint ToIPEndPoint(this Endpoint endpoint) => new(endpoint.Address.ToIPAddress(), endpoint.Port);

    /// <summary>The model's endpoint for an <see cref="IPEndPoint"/> (its scope id is dropped).</summary>
    public static Endpoint ToEndpoint(this IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return new Endpoint(InetAddress.FromIPAddress(endpoint.Address), checked((ushort)endpoint.Port));
    }

    /// <summary>
    /// The BCL's name for a kernel TCP state. Two kernel states have none of their own and map to the
    /// state the BCL reports for the same socket on Linux: a request socket (<see cref="TcpState.NewSynRecv"/>)
    /// is a connection in SYN_RECEIVED, and a bound socket that neither listens nor connects
    /// (<see cref="TcpState.BoundInactive"/>) is, to the kernel, in CLOSE.
    /// </summary>
    public static NetworkInformationTcpState ToNetworkInformation(this TcpState state) => state switch
    {
        TcpState.Established => NetworkInformationTcpState.Established,
        TcpState.SynSent => NetworkInformationTcpState.SynSent,
        TcpState.SynRecv or TcpState.NewSynRecv => NetworkInformationTcpState.SynReceived,
        TcpState.FinWait1 => NetworkInformationTcpState.FinWait1,
        TcpState.FinWait2 => NetworkInformationTcpState.FinWait2,
        TcpState.TimeWait => NetworkInformationTcpState.TimeWait,
        TcpState.Close or TcpState.BoundInactive => NetworkInformationTcpState.Closed,
        TcpState.CloseWait => NetworkInformationTcpState.CloseWait,
        TcpState.LastAck => NetworkInformationTcpState.LastAck,
        TcpState.Listen => NetworkInformationTcpState.Listen,
        TcpState.Closing => NetworkInformationTcpState.Closing,
        _ => NetworkInformationTcpState.Unknown,
    };
}
