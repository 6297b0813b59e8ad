using System.Buffers.Binary;
using Netstate.Core.Model;

namespace Netstate.Core.Sources.Linux;

/// <summary>
/// Parses /proc/net/{tcp,tcp6,udp,udp6,udplite,udplite6,raw,raw6}. All share one layout:
/// <c>sl local rem st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...</c>,
/// addresses as the kernel's native-endian 32-bit words in hex.
/// </summary>
internal static class ProcNetInetParser
{
    /// <summary>Appends the sockets of <paramref name="text"/> to <paramref name="entries"/>; bad lines become notes.</summary>
    public static void Parse(ReadOnlySpan<byte> text, SocketTables table, string fileName, List<SocketEntry> entries, ParseProblems problems)
    {
        Protocol protocol = SocketTableInfo.ProtocolOf(table);
        Family family = SocketTableInfo.FamilyOf(table);
        ProcLines.ParseRows(text, fileName, entries, problems,
            (ReadOnlySpan<byte> line, out SocketEntry? entry) => TryParseLine(line, protocol, family, out entry));
    }

    private static string? TryParseLine(ReadOnlySpan<byte> line, Protocol protocol, Family family, out SocketEntry? entry)
    {
        entry = null;
        var fields = new FieldReader(line);
        if (!fields.TryNext(out ReadOnlySpan<byte> slot) || slot[^1] != (byte)':')
            return "expected a slot number ending in ':'";
        if (!fields.TryNext(out ReadOnlySpan<byte> local) || !TryParseEndpoint(local, family, out Endpoint localEndpoint))
            return "bad local address";
        if (!fields.TryNext(out ReadOnlySpan<byte> remote) || !TryParseEndpoint(remote, family, out Endpoint remoteEndpoint))
            return "bad remote address";
        if (!fields.TryNext(out ReadOnlySpan<byte> state) || !FieldReader.TryParseHex(state, out ulong stateValue) || stateValue > byte.MaxValue)
            return "bad state";
        if (!fields.TryNext(out ReadOnlySpan<byte> queues) || !FieldReader.TrySplitPair(queues, out ReadOnlySpan<byte> tx, out ReadOnlySpan<byte> rx)
            || !FieldReader.TryParseHex(tx, out ulong sendQueue) || !FieldReader.TryParseHex(rx, out ulong recvQueue))
            return "bad tx_queue:rx_queue";
        if (!fields.TryNext(out ReadOnlySpan<byte> timer) || !FieldReader.TrySplitPair(timer, out ReadOnlySpan<byte> kind, out ReadOnlySpan<byte> when)
            || !FieldReader.TryParseHex(kind, out ulong timerKind) || timerKind > byte.MaxValue || !FieldReader.TryParseHex(when, out ulong timerTicks))
            return "bad tr:tm->when";
        if (!fields.TryNext(out ReadOnlySpan<byte> retransmits) || !FieldReader.TryParseHex(retransmits, out ulong retransmitCount))
            return "bad retrnsmt";
        if (!fields.TryNext(out ReadOnlySpan<byte> uid) || !FieldReader.TryParseDecimal(uid, out ulong uidValue) || uidValue > uint.MaxValue)
            return "bad uid";
        if (!fields.TryNext(out ReadOnlySpan<byte> timeout) || !FieldReader.TryParseDecimal(timeout, out int probes))
            return "bad timeout";
        if (!fields.TryNext(out ReadOnlySpan<byte> inode) || !FieldReader.TryParseDecimal(inode, out ulong inodeValue))
            return "bad inode";

        entry = new SocketEntry
        {
            Protocol = protocol,
            Family = family,
            Local = localEndpoint,
            Remote = remoteEndpoint,
            RawState = (byte)stateValue,
            SendQueue = sendQueue,
            RecvQueue = recvQueue,
            Timer = (TimerKind)timerKind,
            TimerTicks = timerTicks,
            Retransmits = retransmitCount,
            Probes = probes,
            Uid = (uint)uidValue,
            Inode = inodeValue,
        };
        return null;
    }

    /// <summary>Parses "0100007F:0016" (IPv4) or 32 hex digits and a port (IPv6).</summary>
    internal static bool TryParseEndpoint(ReadOnlySpan<byte> text, Family family, out Endpoint endpoint)
    {
        endpoint = default;
        if (!FieldReader.TrySplitPair(text, out ReadOnlySpan<byte> address, out ReadOnlySpan<byte> port)
            || !FieldReader.TryParseHex(port, out ulong portValue) || portValue > ushort.MaxValue)
            return false;
        int expected = family == Family.Inet6 ? 32 : 8;
        if (address.Length != expected)
            return false;

        // The kernel prints each 32-bit word of the address in host order (little-endian here).
        Span<byte> bytes = stackalloc byte[16];
        for (int word = 0; word < expected / 8; word++)
        {
            if (!FieldReader.TryParseHex(address.Slice(word * 8, 8), out ulong value))
                return false;
            BinaryPrimitives.WriteUInt32LittleEndian(bytes[(word * 4)..], (uint)value);
        }
        InetAddress parsed = family == Family.Inet6 ? InetAddress.FromV6(bytes) : InetAddress.FromV4(bytes[..4]);
        endpoint = new Endpoint(parsed, (ushort)portValue);
        return true;
    }
}
