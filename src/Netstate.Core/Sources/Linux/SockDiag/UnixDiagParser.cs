using Netstate.Core.Text;
using System.Buffers.Binary;
using System.Text;
using Netstate.Core.Model;

namespace Netstate.Core.Sources.Linux.SockDiag;

/// <summary>Turns one unix_diag_msg and its attributes into a <see cref="SocketEntry"/> shaped like a /proc/net/unix row.</summary>
internal static class UnixDiagParser
{
    private const byte TcpEstablished = 1;
    private const byte TcpSynSent = 2;
    private const byte TcpListen = 10;

    public static SocketEntry Parse(ReadOnlySpan<byte> payload, SocketDetail details)
    {
        if (payload.Length < SockDiagLayout.UnixMessageSize)
            throw new SockDiagException($"malformed unix_diag_msg: {payload.Length} bytes, expected at least {SockDiagLayout.UnixMessageSize}");
        var type = (UnixSocketType)payload[1];
        byte kernelState = payload[2];
        uint inode = BinaryPrimitives.ReadUInt32LittleEndian(payload[4..]);
        ulong cookie = BinaryPrimitives.ReadUInt32LittleEndian(payload[8..]) | ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(payload[12..]) << 32);

        string? path = null;
        uint uid = 0;
        ulong receiveQueue = 0, sendQueue = 0;
        bool wantsDetails = SockDiagLayout.WantsAttributes(details);
        var extra = new SocketDetailsBuilder();
        var reader = new NetlinkAttributeReader(payload[SockDiagLayout.UnixMessageSize..]);
        while (reader.TryRead(out NetlinkAttr attribute))
        {
            ReadOnlySpan<byte> value = attribute.Value;
            switch (attribute.Type)
            {
                case SockDiagLayout.UNIX_DIAG_NAME:
                    path = PathText(value);
                    break;
                case SockDiagLayout.UNIX_DIAG_UID when value.Length >= 4:
                    uid = BinaryPrimitives.ReadUInt32LittleEndian(value);
                    break;
                case SockDiagLayout.UNIX_DIAG_RQLEN when value.Length >= 8:
                    receiveQueue = BinaryPrimitives.ReadUInt32LittleEndian(value);
                    sendQueue = BinaryPrimitives.ReadUInt32LittleEndian(value[4..]);
                    break;
                case SockDiagLayout.UNIX_DIAG_PEER when value.Length >= 4 && wantsDetails:
                    extra.PeerInode = BinaryPrimitives.ReadUInt32LittleEndian(value);
                    break;
                case SockDiagLayout.UNIX_DIAG_SHUTDOWN when value.Length >= 1 && wantsDetails:
                    extra.Shutdown = value[0];
                    break;
                case SockDiagLayout.UNIX_DIAG_MEMINFO when wantsDetails:
                    extra.Memory = SocketMemoryParser.Parse(value);
                    break;
            }
        }

        // /proc/net/unix shows the BSD socket state and flags an __SO_ACCEPTCON bit on listeners;
        // sock_diag reports the sk_state (TCP_* numbers). Map it to what /proc would print.
        UnixSocketState state = kernelState switch
        {
            TcpEstablished => UnixSocketState.Connected,
            TcpSynSent => UnixSocketState.Connecting,
            _ => UnixSocketState.Unconnected,
        };
        bool isListener = kernelState == TcpListen;
        ulong flags = isListener ? UnixSocketInfo.AcceptConnectionsFlag : 0;
        return new SocketEntry
        {
            Protocol = Protocol.Unix,
            Family = Family.Unix,
            RawState = (byte)state,
            Inode = inode,
            Uid = uid,
            Cookie = cookie,
            RecvQueue = receiveQueue,
            // For a listener the kernel reports the backlog limit as the second queue length.
            SendQueue = isListener ? 0 : sendQueue,
            ListenBacklog = isListener ? (uint)sendQueue : 0,
            Unix = new UnixSocketInfo(null, flags, type, state, path),
            Details = wantsDetails ? extra.Build() : null,
        };
    }

    /// <summary>
    /// The bound name as /proc/net/unix prints it: an abstract name (leading NUL) as '@' and the
    /// rest; a path without its terminating NUL; embedded NULs as '@'.
    /// </summary>
    internal static string? PathText(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty)
            return null;
        bool isAbstract = name[0] == 0;
        ReadOnlySpan<byte> shown = isAbstract ? name : name[..^1];
        byte[] text = new byte[shown.Length];
        for (int i = 0; i < shown.Length; i++)
            text[i] = shown[i] == 0 ? (byte)'@' : shown[i];
        return RawText.Decode(text);
    }
}
