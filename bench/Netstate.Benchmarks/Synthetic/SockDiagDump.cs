using System.Buffers.Binary;

namespace Netstate.Benchmarks.Synthetic;

/// <summary>
/// Builds the reply to an inet_diag TCP dump as the kernel sends it: SOCK_DIAG_BY_FAMILY messages
/// (nlmsghdr + 72-byte inet_diag_msg + attributes) packed into receive chunks of at most
/// SKB_WITH_OVERHEAD(32768) bytes, and NLMSG_DONE at the end. The attribute set is the one Linux 6.18
/// sends to root (checked on this machine): SHUTDOWN, MARK, CGROUP_ID and SOCKOPT on every full
/// socket (124-byte messages), plus INET_DIAG_INFO when asked for (408 bytes); TIME_WAIT sockets
/// come as a bare 88-byte message. The mix of states is the one <see cref="ProcNetText"/> writes.
/// </summary>
public static class SockDiagDump
{
    /// <summary>sizeof(struct tcp_info) on Linux 6.18; the parser reads the first 248 bytes it knows.</summary>
    public const int TcpInfoSize = 280;

    /// <summary>32768 less the aligned skb_shared_info (320 bytes on x86_64): the payload of one recv.</summary>
    public const int ChunkCapacity = 32768 - 320;

    private const int HeaderSize = 16;
    private const int InetMessageSize = 72;
    private const ushort NLMSG_DONE = 3;
    private const ushort SOCK_DIAG_BY_FAMILY = 20;
    private const ushort NLM_F_MULTI = 0x2;
    private const byte AF_INET = 2;
    private const ushort INET_DIAG_INFO = 2;
    private const ushort INET_DIAG_SHUTDOWN = 8;
    private const ushort INET_DIAG_MARK = 15;
    private const ushort INET_DIAG_CGROUP_ID = 21;
    private const ushort INET_DIAG_SOCKOPT = 22;

    /// <summary>The chunks of one dump of <paramref name="sockets"/> TCP/IPv4 sockets, each as one recv would return it.</summary>
    public static List<byte[]> Build(int sockets, bool withTcpInfo)
    {
        var chunks = new List<byte[]>();
        byte[] chunk = new byte[ChunkCapacity];
        int used = 0;
        Span<byte> message = stackalloc byte[1024];
        for (int i = 0; i < sockets; i++)
        {
            int length = WriteSocket(message, i, withTcpInfo);
            if (used + length > ChunkCapacity)
            {
                chunks.Add(chunk[..used]);
                used = 0;
            }
            message[..length].CopyTo(chunk.AsSpan(used));
            used += length;
        }
        // NLMSG_DONE carries an int (0: success); it shares the last chunk when it fits.
        const int doneLength = HeaderSize + 4;
        if (used + doneLength > ChunkCapacity)
        {
            chunks.Add(chunk[..used]);
            used = 0;
        }
        Span<byte> done = chunk.AsSpan(used, doneLength);
        done.Clear();
        WriteHeader(done, doneLength, NLMSG_DONE);
        used += doneLength;
        chunks.Add(chunk[..used]);
        return chunks;
    }

    private static int WriteSocket(Span<byte> message, int i, bool withTcpInfo)
    {
        bool listen = i % 100 == 0;
        bool timeWait = !listen && i % 10 == 5;
        message.Clear();
        Span<byte> msg = message[HeaderSize..];
        msg[0] = AF_INET;
        msg[1] = listen ? (byte)10 : timeWait ? (byte)6 : (byte)1;
        bool keepalive = !listen && !timeWait && i % 7 == 0;
        msg[2] = timeWait ? (byte)3 : keepalive ? (byte)2 : (byte)0; // idiag_timer
        ushort localPort = (ushort)(listen || i % 2 == 0 ? 8080 : 32768 + (i % 28000));
        ushort remotePort = (ushort)(listen ? 0 : i % 2 == 0 ? 32768 + (i % 28000) : 8080);
        BinaryPrimitives.WriteUInt16BigEndian(msg[4..], localPort);
        BinaryPrimitives.WriteUInt16BigEndian(msg[6..], remotePort);
        if (!listen)
        {
            ReadOnlySpan<byte> local = [10, 0, (byte)(i >> 8), (byte)i];
            ReadOnlySpan<byte> remote = [10, 1, (byte)(i >> 8), (byte)i];
            local.CopyTo(msg[8..]);
            remote.CopyTo(msg[24..]);
        }
        BinaryPrimitives.WriteUInt64LittleEndian(msg[44..], 0x1000_0000UL + (ulong)i); // idiag_cookie
        BinaryPrimitives.WriteUInt32LittleEndian(msg[52..], timeWait ? 60_000u : keepalive ? 70_000u : 0); // idiag_expires
        BinaryPrimitives.WriteUInt32LittleEndian(msg[60..], listen ? 4096u : 0); // idiag_wqueue (backlog for a listener)
        BinaryPrimitives.WriteUInt32LittleEndian(msg[64..], timeWait ? 0 : 1000u); // idiag_uid
        BinaryPrimitives.WriteUInt32LittleEndian(msg[68..], timeWait ? 0 : (uint)(100_000 + i)); // idiag_inode

        int length = HeaderSize + InetMessageSize;
        if (!timeWait)
        {
            length = Attribute(message, length, INET_DIAG_SHUTDOWN, 1);
            length = Attribute(message, length, INET_DIAG_MARK, 4);
            int cgroup = length;
            length = Attribute(message, length, INET_DIAG_CGROUP_ID, 8);
            BinaryPrimitives.WriteUInt64LittleEndian(message[(cgroup + 4)..], 0x1234);
            length = Attribute(message, length, INET_DIAG_SOCKOPT, 2);
            if (withTcpInfo)
            {
                int info = length;
                length = Attribute(message, length, INET_DIAG_INFO, TcpInfoSize);
                Span<byte> tcpInfo = message.Slice(info + 4, TcpInfoSize);
                tcpInfo[0] = msg[1]; // tcpi_state
                tcpInfo[6] = 0x77; // wscale
                BinaryPrimitives.WriteUInt32LittleEndian(tcpInfo[8..], 204_000); // rto
                BinaryPrimitives.WriteUInt32LittleEndian(tcpInfo[68..], 50 + (uint)(i % 1000)); // rtt
                BinaryPrimitives.WriteUInt32LittleEndian(tcpInfo[80..], 10); // snd_cwnd
            }
        }
        WriteHeader(message, length, SOCK_DIAG_BY_FAMILY);
        return length;
    }

    /// <summary>Appends an nlattr of <paramref name="valueLength"/> zero bytes at <paramref name="offset"/>; returns the aligned end.</summary>
    private static int Attribute(Span<byte> message, int offset, ushort type, int valueLength)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(message[offset..], (ushort)(4 + valueLength));
        BinaryPrimitives.WriteUInt16LittleEndian(message[(offset + 2)..], type);
        return offset + ((4 + valueLength + 3) & ~3);
    }

    private static void WriteHeader(Span<byte> message, int length, ushort type)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)length);
        BinaryPrimitives.WriteUInt16LittleEndian(message[4..], type);
        BinaryPrimitives.WriteUInt16LittleEndian(message[6..], NLM_F_MULTI);
        BinaryPrimitives.WriteUInt32LittleEndian(message[8..], 1); // nlmsg_seq
        BinaryPrimitives.WriteUInt32LittleEndian(message[12..], 4242); // nlmsg_pid
    }
}
