using System.Buffers.Binary;
using Netstate.Core.Model;

namespace Netstate.Core.Platform.Linux.SockDiag;

/// <summary>
/// Builds the SOCK_DESTROY request for one inet socket (what <c>ss -K</c> sends): an inet_diag_req_v2
/// naming the socket by its endpoints, interface and cookie, so the kernel aborts that socket and
/// no other (a reused 4-tuple has another cookie and is refused with ESTALE).
/// </summary>
internal static class SocketDestroyRequest
{
    internal const ushort SOCK_DESTROY = 21;
    internal const ushort NLM_F_ACK = 0x4;

    /// <summary>The cookie value that tells the kernel not to check it (INET_DIAG_NOCOOKIE), for sources without cookies.</summary>
    private const uint NoCookie = uint.MaxValue;

    public static byte[] For(SocketEntry entry, uint sequence)
    {
        ArgumentNullException.ThrowIfNull(entry);
        byte[] request = new byte[SockDiagLayout.HeaderSize + SockDiagLayout.InetRequestSize];
        BinaryPrimitives.WriteUInt32LittleEndian(request, (uint)request.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(request.AsSpan(4), SOCK_DESTROY);
        BinaryPrimitives.WriteUInt16LittleEndian(request.AsSpan(6), SockDiagLayout.NLM_F_REQUEST | NLM_F_ACK);
        BinaryPrimitives.WriteUInt32LittleEndian(request.AsSpan(8), sequence);

        Span<byte> body = request.AsSpan(SockDiagLayout.HeaderSize);
        body[0] = entry.Family == Family.Inet6 ? SockDiagLayout.AF_INET6 : SockDiagLayout.AF_INET;
        body[1] = entry.Protocol switch
        {
            Protocol.Tcp => SockDiagLayout.IPPROTO_TCP,
            Protocol.Udp => SockDiagLayout.IPPROTO_UDP,
            Protocol.UdpLite => SockDiagLayout.IPPROTO_UDPLITE,
            _ => SockDiagLayout.IPPROTO_RAW,
        };
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], uint.MaxValue);
        // inet_diag_sockid: ports big-endian, addresses in network order, then interface and cookie.
        Span<byte> id = body[8..];
        BinaryPrimitives.WriteUInt16BigEndian(id, entry.Local.Port);
        BinaryPrimitives.WriteUInt16BigEndian(id[2..], entry.Remote.Port);
        entry.Local.Address.WriteBytes(id.Slice(4, 16));
        entry.Remote.Address.WriteBytes(id.Slice(20, 16));
        BinaryPrimitives.WriteUInt32LittleEndian(id[36..], entry.Interface);
        BinaryPrimitives.WriteUInt32LittleEndian(id[40..], entry.Cookie == 0 ? NoCookie : (uint)entry.Cookie);
        BinaryPrimitives.WriteUInt32LittleEndian(id[44..], entry.Cookie == 0 ? NoCookie : (uint)(entry.Cookie >> 32));
        return request;
    }
}
