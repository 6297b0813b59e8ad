using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text;
using Netstate.Core.Model;
using Netstate.Core.Sources.Linux;

namespace Netstate.Core.Kernel;

/// <summary>
/// Parsers for /proc/net/route and /proc/net/ipv6_route. They take the whole file as bytes, allocate
/// only the routes (and their interface names), and turn every line they cannot read into a problem
/// instead of a guess.
/// </summary>
internal static class ProcNetRouteParser
{
    /// <summary>The header /proc/net/route has printed since Linux 2.2; the fields are read in this order.</summary>
    private static ReadOnlySpan<byte> Ipv4Header => "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT"u8;

    /// <summary>Parses /proc/net/route; the first line is its header.</summary>
    public static void ParseIpv4(ReadOnlySpan<byte> text, string fileName, List<Ipv4Route> routes, ParseProblems problems)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(problems);
        var lines = new ProcLines(text);
        while (lines.TryNext(out ReadOnlySpan<byte> line))
        {
            if (lines.Number == 0)
            {
                if (!line.TrimEnd(" \t"u8).SequenceEqual(Ipv4Header))
                    problems.Add(fileName, 0, "unexpected header (fields are read in the Linux order)", line);
                continue;
            }
            if (line.Trim(" \t"u8).IsEmpty)
                continue;
            string? error = ParseIpv4Line(line, out Ipv4Route? route);
            if (route is not null)
                routes.Add(route);
            else
                problems.Add(fileName, lines.Number, error!, line);
        }
    }

    /// <summary>Parses /proc/net/ipv6_route, which has no header.</summary>
    public static void ParseIpv6(ReadOnlySpan<byte> text, string fileName, List<Ipv6Route> routes, ParseProblems problems)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(problems);
        var lines = new ProcLines(text);
        while (lines.TryNext(out ReadOnlySpan<byte> line))
        {
            if (line.Trim(" \t"u8).IsEmpty)
                continue;
            string? error = ParseIpv6Line(line, out Ipv6Route? route);
            if (route is not null)
                routes.Add(route);
            else
                // ipv6_route has no header, so its first line is line 1.
                problems.Add(fileName, lines.Number + 1, error!, line);
        }
    }

    private static string? ParseIpv4Line(ReadOnlySpan<byte> line, out Ipv4Route? route)
    {
        route = null;
        var fields = new Fields(line);
        if (!fields.TryNext(out ReadOnlySpan<byte> iface))
            return "no interface";
        if (iface.Length > 15)
            return "interface name longer than 15 bytes";
        if (!fields.TryNext(out ReadOnlySpan<byte> field) || !TryParseV4(field, out InetAddress destination))
            return "bad destination";
        if (!fields.TryNext(out field) || !TryParseV4(field, out InetAddress gateway))
            return "bad gateway";
        if (!fields.TryNext(out field) || !TryParseHex32(field, out uint flags))
            return "bad flags";
        if (!fields.TryNext(out field) || !TryParseInt(field, out int refCount))
            return "bad RefCnt";
        if (!fields.TryNext(out field) || !TryParseInt(field, out int use))
            return "bad Use";
        if (!fields.TryNext(out field) || !TryParseInt(field, out int metric))
            return "bad Metric";
        if (!fields.TryNext(out field) || !TryParseV4(field, out InetAddress mask))
            return "bad mask";
        if (!fields.TryNext(out field) || !TryParseInt(field, out int mtu))
            return "bad MTU";
        if (!fields.TryNext(out field) || !TryParseInt(field, out int window))
            return "bad Window";
        // netstat accepts a line without IRTT (kernels before 2.2 had none).
        int irtt = 0;
        if (fields.TryNext(out field) && !TryParseInt(field, out irtt))
            return "bad IRTT";
        if (fields.TryNext(out _))
            return "more fields than expected";
        route = new Ipv4Route(Encoding.UTF8.GetString(iface), destination, gateway, (RouteFlags)flags,
            refCount, use, unchecked((uint)metric), mask, mtu, window, irtt);
        return null;
    }

    private static string? ParseIpv6Line(ReadOnlySpan<byte> line, out Ipv6Route? route)
    {
        route = null;
        var fields = new Fields(line);
        if (!fields.TryNext(out ReadOnlySpan<byte> field) || !TryParseV6(field, out InetAddress destination))
            return "bad destination";
        if (!fields.TryNext(out field) || !TryParsePrefix(field, out int prefix))
            return "bad destination prefix length";
        if (!fields.TryNext(out field) || !TryParseV6(field, out InetAddress source))
            return "bad source";
        if (!fields.TryNext(out field) || !TryParsePrefix(field, out int sourcePrefix))
            return "bad source prefix length";
        if (!fields.TryNext(out field) || !TryParseV6(field, out InetAddress nextHop))
            return "bad next hop";
        if (!fields.TryNext(out field) || field.Length != 8 || !TryParseHex32(field, out uint metric))
            return "bad metric";
        if (!fields.TryNext(out field) || field.Length != 8 || !TryParseHex32(field, out uint refCount))
            return "bad reference count";
        if (!fields.TryNext(out field) || field.Length != 8 || !TryParseHex32(field, out uint use))
            return "bad use count";
        if (!fields.TryNext(out field) || field.Length != 8 || !TryParseHex32(field, out uint flags))
            return "bad flags";
        if (!fields.TryNext(out ReadOnlySpan<byte> iface))
            return "no interface";
        if (iface.Length > 15)
            return "interface name longer than 15 bytes";
        if (fields.TryNext(out _))
            return "more fields than expected";
        route = new Ipv6Route(destination, prefix, source, sourcePrefix, nextHop, metric, refCount, use,
            (RouteFlags)flags, Encoding.UTF8.GetString(iface));
        return null;
    }

    /// <summary>
    /// An IPv4 address as the kernel prints a __be32 with %08X: the hex of the value as this
    /// machine holds it in memory, so the byte order is the host's.
    /// </summary>
    private static bool TryParseV4(ReadOnlySpan<byte> text, out InetAddress address)
    {
        address = default;
        if (text.Length != 8 || !TryParseHex32(text, out uint value))
            return false;
        Span<byte> bytes = stackalloc byte[4];
        if (BitConverter.IsLittleEndian)
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        else
            BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        address = InetAddress.FromV4(bytes);
        return true;
    }

    /// <summary>An IPv6 address as 32 hex digits in network order.</summary>
    private static bool TryParseV6(ReadOnlySpan<byte> text, out InetAddress address)
    {
        address = default;
        if (text.Length != 32)
            return false;
        Span<byte> bytes = stackalloc byte[16];
        for (int i = 0; i < 16; i++)
        {
            if (!TryParseHex32(text.Slice(i * 2, 2), out uint value))
                return false;
            bytes[i] = (byte)value;
        }
        address = InetAddress.FromV6(bytes);
        return true;
    }

    private static bool TryParsePrefix(ReadOnlySpan<byte> text, out int prefix)
    {
        prefix = 0;
        if (text.Length != 2 || !TryParseHex32(text, out uint value) || value > 128)
            return false;
        prefix = (int)value;
        return true;
    }

    private static bool TryParseHex32(ReadOnlySpan<byte> text, out uint value) =>
        Utf8Parser.TryParse(text, out value, out int used, 'X') && used == text.Length && text.Length <= 8;

    /// <summary>A decimal the kernel printed with %d or %u: both fit 32 bits and are kept as C would cast them.</summary>
    private static bool TryParseInt(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        if (!Utf8Parser.TryParse(text, out long wide, out int used) || used != text.Length
            || wide < int.MinValue || wide > uint.MaxValue)
            return false;
        value = unchecked((int)wide);
        return true;
    }

    /// <summary>The fields of a line separated by blanks or tabs (/proc/net/route uses tabs, ipv6_route blanks).</summary>
    private ref struct Fields
    {
        private ReadOnlySpan<byte> _rest;

        public Fields(ReadOnlySpan<byte> line) => _rest = line;

        public bool TryNext(out ReadOnlySpan<byte> field)
        {
            _rest = _rest.TrimStart(" \t"u8);
            int end = _rest.IndexOfAny((byte)' ', (byte)'\t');
            if (end < 0)
                end = _rest.Length;
            field = _rest[..end];
            _rest = _rest[end..];
            return !field.IsEmpty;
        }
    }
}
