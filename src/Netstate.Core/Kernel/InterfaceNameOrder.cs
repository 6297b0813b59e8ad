using System.Globalization;

namespace Netstate.Core.Kernel;

/// <summary>
/// The order netstat -i lists interfaces in (net-tools nstrcmp): names compare by the text before
/// their trailing number, then by that number (eth2 before eth10), then as plain strings; an alias
/// suffix ":N" (eth0:1) sorts after the bare name, by N.
/// </summary>
internal sealed class InterfaceNameOrder : IComparer<string>
{
    public static InterfaceNameOrder Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
            return 0;
        if (x is null)
            return -1;
        if (y is null)
            return 1;
        (string a, string? aAlias) = CutAlias(x);
        (string b, string? bAlias) = CutAlias(y);
        int aIndex = IndexAfterLastNonDigit(a);
        int bIndex = IndexAfterLastNonDigit(b);
        int common = Math.Min(aIndex, bIndex);
        int result = string.CompareOrdinal(a, 0, b, 0, common);
        if (result != 0)
            return Math.Sign(result);
        if (aIndex != bIndex)
            return aIndex > bIndex ? 1 : -1;
        result = LeadingNumber(a.AsSpan(aIndex)).CompareTo(LeadingNumber(b.AsSpan(bIndex)));
        if (result != 0)
            return result;
        result = string.CompareOrdinal(a, b);
        if (result != 0)
            return Math.Sign(result);
        long aValue = aAlias is null ? -1 : LeadingNumber(aAlias);
        long bValue = bAlias is null ? -1 : LeadingNumber(bAlias);
        if (aValue != bValue)
            return aValue < bValue ? -1 : 1;
        return aAlias is not null && bAlias is not null ? Math.Sign(string.CompareOrdinal(aAlias, bAlias)) : 0;
    }

    /// <summary>"eth0:12" gives ("eth0", "12"); a name without a numeric ":N" tail comes back whole.</summary>
    private static (string Name, string? Alias) CutAlias(string name)
    {
        bool digit = false;
        for (int pos = name.Length; pos > 0; pos--)
        {
            char c = name[pos - 1];
            if (c == ':' && digit)
                return (name[..(pos - 1)], name[pos..]);
            if (!char.IsAsciiDigit(c))
                break;
            digit = true;
        }
        return (name, null);
    }

    private static int IndexAfterLastNonDigit(string name)
    {
        for (int pos = name.Length; pos > 0; pos--)
        {
            if (!char.IsAsciiDigit(name[pos - 1]))
                return pos;
        }
        return 0;
    }

    /// <summary>atoi of a run of digits, saturating instead of overflowing.</summary>
    private static long LeadingNumber(ReadOnlySpan<char> digits)
    {
        int end = 0;
        while (end < digits.Length && char.IsAsciiDigit(digits[end]))
            end++;
        if (end == 0)
            return 0;
        return long.TryParse(digits[..end], NumberStyles.None, CultureInfo.InvariantCulture, out long value) ? value : long.MaxValue;
    }
}
