using System.Globalization;

namespace Netstate.Core.Model;

/// <summary>
/// Formats addresses exactly as glibc's inet_ntop: lower-case hex, the first longest run of two or
/// more zero groups compressed, and the dotted tail for IPv4-mapped and IPv4-compatible addresses.
/// </summary>
internal static class InetAddressFormatter
{
    public static string Format(InetAddress address)
    {
        Span<char> text = stackalloc char[46];
        return new string(text[..Format(address, text)]);
    }

    /// <summary>Writes the address into <paramref name="destination"/> (at least 46 chars); returns the length.</summary>
    public static int Format(InetAddress address, Span<char> destination)
    {
        Span<byte> bytes = stackalloc byte[16];
        int length = address.WriteBytes(bytes);
        return length == 4 ? FormatV4(bytes[..4], destination) : FormatV6(bytes, destination);
    }

    private static int FormatV4(ReadOnlySpan<byte> bytes, Span<char> destination)
    {
        int pos = 0;
        for (int i = 0; i < 4; i++)
        {
            if (i > 0)
                destination[pos++] = '.';
            bytes[i].TryFormat(destination[pos..], out int written, default, CultureInfo.InvariantCulture);
            pos += written;
        }
        return pos;
    }

    private static int FormatV6(ReadOnlySpan<byte> bytes, Span<char> destination)
    {
        Span<ushort> words = stackalloc ushort[8];
        for (int i = 0; i < 8; i++)
            words[i] = (ushort)(bytes[2 * i] << 8 | bytes[2 * i + 1]);

        (int bestBase, int bestLength) = LongestZeroRun(words);

        int pos = 0;
        for (int i = 0; i < 8; i++)
        {
            if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLength)
            {
                if (i == bestBase)
                    destination[pos++] = ':';
                continue;
            }
            if (i != 0)
                destination[pos++] = ':';
            bool dottedTail = i == 6 && bestBase == 0 && (bestLength == 6 || (bestLength == 5 && words[5] == 0xFFFF));
            if (dottedTail)
                return pos + FormatV4(bytes[12..], destination[pos..]);
            words[i].TryFormat(destination[pos..], out int written, "x", CultureInfo.InvariantCulture);
            pos += written;
        }
        if (bestBase >= 0 && bestBase + bestLength == 8)
            destination[pos++] = ':';
        return pos;
    }

    private static (int Base, int Length) LongestZeroRun(ReadOnlySpan<ushort> words)
    {
        int bestBase = -1, bestLength = 0, runBase = -1, runLength = 0;
        for (int i = 0; i <= words.Length; i++)
        {
            if (i < words.Length && words[i] == 0)
            {
                if (runBase < 0)
                    (runBase, runLength) = (i, 0);
                runLength++;
                continue;
            }
            if (runBase >= 0 && runLength > bestLength)
                (bestBase, bestLength) = (runBase, runLength);
            runBase = -1;
        }
        return bestLength < 2 ? (-1, 0) : (bestBase, bestLength);
    }
}
