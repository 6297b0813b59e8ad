using System.Buffers.Binary;
using System.Text;
using Netstate.Core.Model;
using Netstate.Core.Sources.Linux;

namespace Netstate.Core.Kernel;

/// <summary>
/// Parses /proc/net/igmp and /proc/net/igmp6. igmp has a header line, then per interface a line
/// "Idx\tName      :  Count Querier" followed by one tab-indented line per group
/// ("\t\t\t\tE0000001     1 0:00000000\t\t0": the address in host byte order, then users).
/// igmp6 has no header: "Idx Name Address(32 hex) Users Flags Timer" per membership.
/// </summary>
internal static class ProcNetIgmpParser
{
    public static List<MulticastMembership> ParseIgmp(ReadOnlySpan<byte> text, string fileName, ParseProblems problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var result = new List<MulticastMembership>();
        var lines = new ProcLines(text);
        string? device = null;
        while (lines.TryNext(out ReadOnlySpan<byte> line))
        {
            if (lines.Number == 0 || line.Trim((byte)' ').IsEmpty)
                continue;
            string? error;
            if (line[0] == (byte)'\t')
            {
                MulticastMembership? membership = null;
                error = device is null ? "group line before any interface line" : TryParseGroup(line, device, out membership);
                if (membership is not null)
                {
                    result.Add(membership);
                    continue;
                }
            }
            else
            {
                error = TryParseDevice(line, out device);
                if (error is null)
                    continue;
            }
            problems.Add(fileName, lines.Number, error ?? "unreadable line", line);
        }
        return result;
    }

    public static List<MulticastMembership> ParseIgmp6(ReadOnlySpan<byte> text, string fileName, ParseProblems problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var result = new List<MulticastMembership>();
        var lines = new ProcLines(text);
        while (lines.TryNext(out ReadOnlySpan<byte> line))
        {
            // No header: line 0 is data.
            if (line.Trim((byte)' ').IsEmpty)
                continue;
            string? error = TryParseIgmp6Line(line, out MulticastMembership? membership);
            if (membership is not null)
                result.Add(membership);
            else
                problems.Add(fileName, lines.Number, error!, line);
        }
        return result;
    }

    private static string? TryParseDevice(ReadOnlySpan<byte> line, out string? device)
    {
        device = null;
        int tab = line.IndexOf((byte)'\t');
        if (tab <= 0 || !FieldReader.TryParseDecimal(line[..tab], out int _))
            return "interface line without an index";
        ReadOnlySpan<byte> rest = line[(tab + 1)..];
        int colon = rest.IndexOf((byte)':');
        if (colon < 0)
            return "interface line without ':'";
        ReadOnlySpan<byte> name = rest[..colon].TrimEnd((byte)' ');
        if (name.IsEmpty || name.Length > ProcNetDevParser.MaxNameLength)
            return "interface name empty or longer than 15 bytes";
        device = Encoding.UTF8.GetString(name);
        return null;
    }

    private static string? TryParseGroup(ReadOnlySpan<byte> line, string device, out MulticastMembership? membership)
    {
        membership = null;
        var fields = new FieldReader(line.TrimStart((byte)'\t'));
        if (!fields.TryNext(out ReadOnlySpan<byte> hex) || hex.Length != 8 || !FieldReader.TryParseHex(hex, out ulong raw))
            return "group address is not 8 hex digits";
        if (!fields.TryNext(out ReadOnlySpan<byte> users) || !FieldReader.TryParseDecimal(users, out int refCount) || refCount < 0)
            return "user count is not a number";
        // The kernel prints the __be32 address as a host-order integer.
        Span<byte> bytes = stackalloc byte[4];
        if (BitConverter.IsLittleEndian)
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)raw);
        else
            BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)raw);
        membership = new MulticastMembership(device, refCount, InetAddress.FromV4(bytes));
        return null;
    }

    private static string? TryParseIgmp6Line(ReadOnlySpan<byte> line, out MulticastMembership? membership)
    {
        membership = null;
        var fields = new FieldReader(line);
        if (!fields.TryNext(out ReadOnlySpan<byte> index) || !FieldReader.TryParseDecimal(index, out int _))
            return "interface index is not a number";
        if (!fields.TryNext(out ReadOnlySpan<byte> name) || name.Length > ProcNetDevParser.MaxNameLength)
            return "interface name missing or longer than 15 bytes";
        if (!fields.TryNext(out ReadOnlySpan<byte> hex) || hex.Length != 32)
            return "group address is not 32 hex digits";
        Span<byte> bytes = stackalloc byte[16];
        for (int i = 0; i < 16; i++)
        {
            if (!FieldReader.TryParseHex(hex.Slice(i * 2, 2), out ulong b))
                return "group address is not 32 hex digits";
            bytes[i] = (byte)b;
        }
        if (!fields.TryNext(out ReadOnlySpan<byte> users) || !FieldReader.TryParseDecimal(users, out int refCount) || refCount < 0)
            return "user count is not a number";
        membership = new MulticastMembership(Encoding.UTF8.GetString(name), refCount, InetAddress.FromV6(bytes));
        return null;
    }
}
