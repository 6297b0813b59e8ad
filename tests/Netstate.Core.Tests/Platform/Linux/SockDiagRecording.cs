using System.Buffers.Binary;
using System.Globalization;
using Netstate.Core.Model;
using Netstate.Core.Platform.Linux.SockDiag;

namespace Netstate.Core.Tests;

/// <summary>
/// The sock_diag recordings under Fixtures/sockdiag (see capture.py there): raw reply bytes of real
/// SOCK_DIAG_BY_FAMILY dumps, the requests that produced them, /proc/net read at the same moment,
/// and the inode of every socket the capture made.
/// </summary>
internal static class SockDiagRecording
{
    /// <summary>Recorded with idiag_ext 0 and unix NAME|RQLEN|UID: what a plain listing asks for.</summary>
    public const string Basic = "basic";

    /// <summary>Recorded with every extension SockDiagRequest can ask for.</summary>
    public const string Extended = "ext";

    /// <summary>The query details the "ext" requests were built for.</summary>
    public const SocketDetail ExtendedDetails =
        SocketDetail.TcpInfo | SocketDetail.Congestion | SocketDetail.Memory | SocketDetail.TypeOfService | SocketDetail.Extras;

    /// <summary>The tables that have a recording (raw6 is left out on purpose: "no recording").</summary>
    public static readonly SocketTables[] Recorded =
    [
        SocketTables.Tcp4, SocketTables.Tcp6, SocketTables.Udp4, SocketTables.Udp6,
        SocketTables.UdpLite4, SocketTables.UdpLite6, SocketTables.Raw4, SocketTables.Unix,
    ];

    public static string Directory(string variant) => Fixture.PathOf("sockdiag/" + variant);

    /// <summary>The /proc tree captured right after the dumps (ProcRoot-style: DIR/net/tcp ...).</summary>
    public static string ProcRoot => Fixture.PathOf("sockdiag/proc");

    public static byte[] Reply(string variant, SocketTables table) =>
        File.ReadAllBytes(Path.Combine(Directory(variant), RecordedSockDiagTransport.FileNameOf(table)));

    public static byte[] Request(string variant, SocketTables table) =>
        File.ReadAllBytes(Path.Combine(Directory(variant), SocketTableNames.Of(table) + ".req"));

    public static SocketDetail DetailsOf(string variant) => variant == Extended ? ExtendedDetails : SocketDetail.None;

    /// <summary>Parses one recorded dump the way SockDiagSource does; the dump must end with NLMSG_DONE.</summary>
    public static List<SocketEntry> Parse(string variant, SocketTables table) => Parse(variant, table, DetailsOf(variant));

    public static List<SocketEntry> Parse(string variant, SocketTables table, SocketDetail details)
    {
        var entries = new List<SocketEntry>();
        var parser = new SockDiagReplyParser(table, details, entries);
        Assert.True(parser.Consume(Reply(variant, table)), $"{variant}/{SocketTableNames.Of(table)}.nl has no NLMSG_DONE");
        Assert.True(parser.Done);
        Assert.False(parser.Interrupted);
        return entries;
    }

    /// <summary>sockets.txt: the capture script's name for each socket and its inode.</summary>
    public static IReadOnlyDictionary<string, ulong> Inodes { get; } = File.ReadAllLines(Fixture.PathOf("sockdiag/sockets.txt"))
        .Where(line => line.Length > 0)
        .Select(line => line.Split(' '))
        .ToDictionary(parts => parts[0], parts => ulong.Parse(parts[1], CultureInfo.InvariantCulture));

    public static ulong Inode(string name) => Inodes.TryGetValue(name, out ulong inode)
        ? inode
        : throw new KeyNotFoundException($"sockets.txt has no socket named {name}");

    /// <summary>The offsets of each netlink message in a reply: (start, nlmsg_len, nlmsg_type).</summary>
    public static List<(int Start, int Length, ushort Type)> Messages(byte[] reply)
    {
        var messages = new List<(int, int, ushort)>();
        for (int offset = 0; offset + 16 <= reply.Length;)
        {
            int length = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(reply.AsSpan(offset)));
            Assert.True(length >= 16, $"recording has a {length}-byte message at {offset}");
            messages.Add((offset, length, BinaryPrimitives.ReadUInt16LittleEndian(reply.AsSpan(offset + 4))));
            offset += (length + 3) & ~3;
        }
        return messages;
    }

    /// <summary>A whole netlink message: header (length, type, flags, seq, pid 0) and payload, padded to 4.</summary>
    public static byte[] Message(ushort type, ReadOnlySpan<byte> payload, ushort flags = 2, uint sequence = 1)
    {
        byte[] message = new byte[(16 + payload.Length + 3) & ~3];
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)(16 + payload.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(4), type);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(6), flags);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(8), sequence);
        payload.CopyTo(message.AsSpan(16));
        return message;
    }

    public static byte[] Done(int error = 0)
    {
        byte[] payload = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(payload, error);
        return Message(SockDiagLayout.NLMSG_DONE, payload);
    }

    public static byte[] Error(int error, int payloadLength = 20)
    {
        byte[] payload = new byte[payloadLength];
        if (payloadLength >= 4)
            BinaryPrimitives.WriteInt32LittleEndian(payload, error);
        return Message(SockDiagLayout.NLMSG_ERROR, payload, flags: 0);
    }

    /// <summary>One netlink attribute (rtattr) with its value, padded to 4.</summary>
    public static byte[] Attribute(ushort type, ReadOnlySpan<byte> value)
    {
        byte[] attribute = new byte[(4 + value.Length + 3) & ~3];
        BinaryPrimitives.WriteUInt16LittleEndian(attribute, (ushort)(4 + value.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(attribute.AsSpan(2), type);
        value.CopyTo(attribute.AsSpan(4));
        return attribute;
    }

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    /// <summary>Each netlink message of a reply as a chunk of its own, as a kernel sending small chunks would.</summary>
    public static List<byte[]> Chunks(byte[] reply) =>
        [.. Messages(reply).Select(m => reply[m.Start..Math.Min(reply.Length, m.Start + ((m.Length + 3) & ~3))])];
}
