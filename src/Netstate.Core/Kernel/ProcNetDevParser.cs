using System.Text;
using Netstate.Core.Sources.Linux;

namespace Netstate.Core.Kernel;

/// <summary>
/// Parses /proc/net/dev: two header lines, then "  name: counters". The second header line tells
/// the layout, as net-tools reads it: with "compressed" 16 counters (every kernel since 2.2), with
/// "bytes" 13, otherwise 11 (no byte counts).
/// </summary>
internal static class ProcNetDevParser
{
    /// <summary>Linux interface names are at most 15 bytes (IFNAMSIZ - 1).</summary>
    public const int MaxNameLength = 15;

    public static List<InterfaceCounters> Parse(ReadOnlySpan<byte> text, string fileName, ParseProblems problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var result = new List<InterfaceCounters>();
        var lines = new ProcLines(text);
        int layout = 3;
        while (lines.TryNext(out ReadOnlySpan<byte> line))
        {
            if (lines.Number == 0)
                continue;
            if (lines.Number == 1)
            {
                layout = line.IndexOf("compressed"u8) >= 0 ? 3 : line.IndexOf("bytes"u8) >= 0 ? 2 : 1;
                continue;
            }
            if (line.Trim((byte)' ').IsEmpty)
                continue;
            string? error = TryParseLine(line, layout, out InterfaceCounters? counters);
            if (counters is not null)
                result.Add(counters);
            else
                problems.Add(fileName, lines.Number, error!, line);
        }
        return result;
    }

    private static string? TryParseLine(ReadOnlySpan<byte> line, int layout, out InterfaceCounters? counters)
    {
        counters = null;
        // Names cannot hold ':' or blanks (dev_valid_name), so the first colon ends the name.
        int colon = line.IndexOf((byte)':');
        if (colon < 0)
            return "no ':' after the interface name";
        ReadOnlySpan<byte> name = line[..colon].Trim((byte)' ');
        if (name.IsEmpty)
            return "empty interface name";
        if (name.Length > MaxNameLength)
            return "interface name longer than 15 bytes";
        int expected = layout switch { 3 => 16, 2 => 13, _ => 11 };
        Span<ulong> values = stackalloc ulong[16];
        var fields = new FieldReader(line[(colon + 1)..]);
        int count = 0;
        while (fields.TryNext(out ReadOnlySpan<byte> field))
        {
            if (count == expected)
                return $"more than {expected} counters";
            if (!FieldReader.TryParseDecimal(field, out ulong value))
                return $"counter {count + 1} is not a number";
            values[count++] = value;
        }
        if (count < expected)
            return $"{count} counters where {expected} were expected";

        string text = Encoding.UTF8.GetString(name);
        counters = layout switch
        {
            3 => new InterfaceCounters(text)
            {
                RxBytes = values[0], RxPackets = values[1], RxErrors = values[2], RxDropped = values[3],
                RxFifoErrors = values[4], RxFrameErrors = values[5], RxCompressed = values[6], RxMulticast = values[7],
                TxBytes = values[8], TxPackets = values[9], TxErrors = values[10], TxDropped = values[11],
                TxFifoErrors = values[12], Collisions = values[13], TxCarrierErrors = values[14], TxCompressed = values[15],
            },
            2 => new InterfaceCounters(text)
            {
                RxBytes = values[0], RxPackets = values[1], RxErrors = values[2], RxDropped = values[3],
                RxFifoErrors = values[4], RxFrameErrors = values[5],
                TxBytes = values[6], TxPackets = values[7], TxErrors = values[8], TxDropped = values[9],
                TxFifoErrors = values[10], Collisions = values[11], TxCarrierErrors = values[12],
            },
            _ => new InterfaceCounters(text)
            {
                RxPackets = values[0], RxErrors = values[1], RxDropped = values[2], RxFifoErrors = values[3],
                RxFrameErrors = values[4],
                TxPackets = values[5], TxErrors = values[6], TxDropped = values[7], TxFifoErrors = values[8],
                Collisions = values[9], TxCarrierErrors = values[10],
            },
        };
        return null;
    }
}
