using Netstate.Core.Text;
using System.Text;
using Netstate.Core.Model;

namespace Netstate.Core.Sources.Linux;

/// <summary>
/// Parses /proc/net/unix: <c>Num RefCount Protocol Flags Type St Inode Path</c>, numbers in hex
/// except the inode; the path (absent for unnamed sockets) is the rest of the line, so paths with
/// spaces survive; abstract names arrive with a leading '@'.
/// </summary>
internal static class ProcNetUnixParser
{
    public static void Parse(ReadOnlySpan<byte> text, string fileName, List<SocketEntry> entries, ParseProblems problems)
    {
        ProcLines.ParseRows(text, fileName, entries, problems, TryParseLine);
    }

    private static string? TryParseLine(ReadOnlySpan<byte> line, out SocketEntry? entry)
    {
        entry = null;
        var fields = new FieldReader(line);
        if (!fields.TryNext(out ReadOnlySpan<byte> slot) || slot[^1] != (byte)':')
            return "expected a socket address ending in ':'";
        if (!fields.TryNext(out ReadOnlySpan<byte> refCount) || !FieldReader.TryParseHex(refCount, out ulong refCountValue))
            return "bad RefCount";
        if (!fields.TryNext(out ReadOnlySpan<byte> protocol) || !FieldReader.TryParseHex(protocol, out _))
            return "bad Protocol";
        if (!fields.TryNext(out ReadOnlySpan<byte> flags) || !FieldReader.TryParseHex(flags, out ulong flagsValue))
            return "bad Flags";
        if (!fields.TryNext(out ReadOnlySpan<byte> type) || !FieldReader.TryParseHex(type, out ulong typeValue) || typeValue > ushort.MaxValue)
            return "bad Type";
        if (!fields.TryNext(out ReadOnlySpan<byte> state) || !FieldReader.TryParseHex(state, out ulong stateValue) || stateValue > byte.MaxValue)
            return "bad St";
        if (!fields.TryNext(out ReadOnlySpan<byte> inode) || !FieldReader.TryParseDecimal(inode, out ulong inodeValue))
            return "bad Inode";

        ReadOnlySpan<byte> path = fields.RestAfterSeparator;
        var unix = new UnixSocketInfo(refCountValue, flagsValue, (UnixSocketType)typeValue, (UnixSocketState)stateValue,
            path.IsEmpty ? null : RawText.Decode(path));
        entry = new SocketEntry
        {
            Protocol = Protocol.Unix,
            Family = Family.Unix,
            RawState = (byte)stateValue,
            Inode = inodeValue,
            Unix = unix,
        };
        return null;
    }
}
