using System.Text;
using Netstate.Core.Model;
using Netstate.Core.Sources.Linux;

namespace Netstate.Core.Kernel;

/// <summary>
/// Parses /proc/net/if_inet6 (no header): "address ifindex prefixlen scope flags name", the address
/// as 32 hex digits and the four numbers in hex, as the kernel's if6_seq_show writes them.
/// </summary>
internal static class ProcNetIfInet6Parser
{
    public static List<Ipv6InterfaceAddress> Parse(ReadOnlySpan<byte> text, string fileName, ParseProblems problems)
    {
        var result = new List<Ipv6InterfaceAddress>();
        ProcLines.ParseHeaderless(text, fileName, result, problems, TryParseLine);
        return result;
    }

    private static string? TryParseLine(ReadOnlySpan<byte> line, out Ipv6InterfaceAddress? address)
    {
        address = null;
        var fields = new FieldReader(line);
        if (!fields.TryNext(out ReadOnlySpan<byte> hex) || hex.Length != 32)
            return "the address is not 32 hex digits";
        Span<byte> bytes = stackalloc byte[16];
        for (int i = 0; i < 16; i++)
        {
            if (!FieldReader.TryParseHex(hex.Slice(2 * i, 2), out ulong value))
                return "the address is not 32 hex digits";
            bytes[i] = (byte)value;
        }
        Span<int> numbers = stackalloc int[4];
        for (int i = 0; i < numbers.Length; i++)
        {
            if (!fields.TryNext(out ReadOnlySpan<byte> field) || !FieldReader.TryParseHex(field, out ulong value) || value > int.MaxValue)
                return $"field {i + 2} is not a hex number";
            numbers[i] = (int)value;
        }
        if (!fields.TryNext(out ReadOnlySpan<byte> name) || name.Length > ProcNetDevParser.MaxNameLength)
            return "no interface name, or one longer than 15 bytes";
        if (fields.TryNext(out _))
            return "more than six fields";
        address = new Ipv6InterfaceAddress(InetAddress.FromV6(bytes), numbers[0], numbers[1], numbers[2], numbers[3], Encoding.UTF8.GetString(name));
        return null;
    }
}
