using System.Buffers.Binary;
using Netstate.Core.Model;

namespace Netstate.Core.Platform.Linux.SockDiag;

/// <summary>Builds SOCK_DIAG_BY_FAMILY dump requests: one per table, with the state filter and extensions pushed into the kernel.</summary>
internal static class SockDiagRequest
{
    /// <summary>
    /// A request for every socket of one table; <paramref name="sequence"/> tags the replies. An inet
    /// table's request carries <paramref name="bytecode"/> (from <see cref="InetDiagBytecode"/>) when not empty.
    /// </summary>
    public static byte[] For(SocketTables table, SocketQuery query, uint sequence, ReadOnlySpan<byte> bytecode = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return table == SocketTables.Unix ? Unix(query.Details, sequence) : Inet(table, query, sequence, bytecode);
    }

    private static byte[] Inet(SocketTables table, SocketQuery query, uint sequence, ReadOnlySpan<byte> bytecode)
    {
        int attribute = bytecode.IsEmpty ? 0 : SockDiagLayout.Align(4 + bytecode.Length);
        byte[] request = new byte[SockDiagLayout.HeaderSize + SockDiagLayout.InetRequestSize + attribute];
        WriteHeader(request, sequence);
        if (attribute > 0)
        {
            // struct nlattr (u16 length, u16 type) after the request, then the program.
            Span<byte> nlattr = request.AsSpan(SockDiagLayout.HeaderSize + SockDiagLayout.InetRequestSize);
            BinaryPrimitives.WriteUInt16LittleEndian(nlattr, (ushort)(4 + bytecode.Length));
            BinaryPrimitives.WriteUInt16LittleEndian(nlattr[2..], SockDiagLayout.INET_DIAG_REQ_BYTECODE);
            bytecode.CopyTo(nlattr[4..]);
        }
        Span<byte> body = request.AsSpan(SockDiagLayout.HeaderSize);
        Protocol protocol = SocketTableInfo.ProtocolOf(table);
        body[0] = SocketTableInfo.FamilyOf(table) == Family.Inet6 ? SockDiagLayout.AF_INET6 : SockDiagLayout.AF_INET;
        body[1] = protocol switch
        {
            Protocol.Tcp => SockDiagLayout.IPPROTO_TCP,
            Protocol.Udp => SockDiagLayout.IPPROTO_UDP,
            Protocol.UdpLite => SockDiagLayout.IPPROTO_UDPLITE,
            _ => SockDiagLayout.IPPROTO_RAW,
        };
        body[2] = Extensions(query.Details, protocol);
        // inet_diag_req_raw reuses the pad byte for the raw protocol to match; IPPROTO_RAW matches all.
        body[3] = protocol == Protocol.Raw ? SockDiagLayout.IPPROTO_RAW : (byte)0;
        uint states = protocol == Protocol.Tcp ? query.TcpStates.Mask : uint.MaxValue;
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], states);
        // The socket id (48 bytes) stays zero: a dump matches every socket.
        return request;
    }

    private static byte Extensions(SocketDetail details, Protocol protocol)
    {
        byte ext = 0;
        if ((details & (SocketDetail.TcpInfo | SocketDetail.TcpCounters | SocketDetail.TcpFigures)) != 0 && protocol == Protocol.Tcp)
            ext |= SockDiagLayout.ExtensionBit(SockDiagLayout.INET_DIAG_INFO);
        if ((details & SocketDetail.Congestion) != 0 && protocol == Protocol.Tcp)
            ext |= SockDiagLayout.ExtensionBit(SockDiagLayout.INET_DIAG_CONG);
        // The VEGASINFO bit asks the congestion module for its own state: vegas, dctcp or bbr.
        if ((details & SocketDetail.CongestionModule) != 0 && protocol == Protocol.Tcp)
            ext |= SockDiagLayout.ExtensionBit(SockDiagLayout.INET_DIAG_VEGASINFO);
        if ((details & SocketDetail.Memory) != 0)
            ext |= SockDiagLayout.ExtensionBit(SockDiagLayout.INET_DIAG_SKMEMINFO);
        if ((details & SocketDetail.TypeOfService) != 0)
            ext |= (byte)(SockDiagLayout.ExtensionBit(SockDiagLayout.INET_DIAG_TOS) | SockDiagLayout.ExtensionBit(SockDiagLayout.INET_DIAG_TCLASS));
        return ext;
    }

    private static byte[] Unix(SocketDetail details, uint sequence)
    {
        byte[] request = new byte[SockDiagLayout.HeaderSize + SockDiagLayout.UnixRequestSize];
        WriteHeader(request, sequence);
        Span<byte> body = request.AsSpan(SockDiagLayout.HeaderSize);
        body[0] = SockDiagLayout.AF_UNIX;
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], uint.MaxValue);
        uint show = SockDiagLayout.UDIAG_SHOW_NAME | SockDiagLayout.UDIAG_SHOW_RQLEN | SockDiagLayout.UDIAG_SHOW_UID;
        if ((details & SocketDetail.Extras) != 0)
            show |= SockDiagLayout.UDIAG_SHOW_PEER;
        if ((details & SocketDetail.Memory) != 0)
            show |= SockDiagLayout.UDIAG_SHOW_MEMINFO;
        BinaryPrimitives.WriteUInt32LittleEndian(body[12..], show);
        // udiag_cookie must be INET_DIAG_NOCOOKIE-free zeroes for a dump; udiag_ino 0 matches all.
        return request;
    }

    private static void WriteHeader(Span<byte> request, uint sequence)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(request, (uint)request.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(request[4..], SockDiagLayout.SOCK_DIAG_BY_FAMILY);
        BinaryPrimitives.WriteUInt16LittleEndian(request[6..], SockDiagLayout.NLM_F_REQUEST | SockDiagLayout.NLM_F_DUMP);
        BinaryPrimitives.WriteUInt32LittleEndian(request[8..], sequence);
    }
}
