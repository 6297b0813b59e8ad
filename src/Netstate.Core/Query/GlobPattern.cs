using System.Numerics;
using System.Text;

namespace Netstate.Core.Query;

/// <summary>
/// A shell-style pattern (<c>*</c>, <c>?</c>, <c>[a-z]</c>, <c>[!x]</c> or <c>[^x]</c>), kept as UTF-8
/// and UTF-16 so byte strings (process names) and strings (unix paths) match without converting
/// either per socket. A pattern without wildcards is an exact comparison.
/// </summary>
internal sealed class GlobPattern
{
    private readonly byte[] _utf8;
    private readonly char[] _utf16;

    public GlobPattern(string pattern, bool ignoreCase)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        Text = pattern;
        IgnoreCase = ignoreCase;
        _utf8 = Encoding.UTF8.GetBytes(pattern);
        _utf16 = pattern.ToCharArray();
    }

    public string Text { get; }

    /// <summary>ASCII letters match either case (ss matches unix paths with FNM_CASEFOLD).</summary>
    public bool IgnoreCase { get; }

    public bool Matches(ReadOnlySpan<byte> text) => Match<byte>(_utf8, text, IgnoreCase, utf8: true);

    public bool Matches(ReadOnlySpan<char> text) => Match<char>(_utf16, text, IgnoreCase, utf8: false);

    public override string ToString() => Text;

    /// <summary>
    /// The classic backtracking match: remember the last <c>*</c> and, on a mismatch, let it eat one
    /// more unit. Linear in practice, no recursion, no allocation.
    /// </summary>
    private static bool Match<T>(ReadOnlySpan<T> pattern, ReadOnlySpan<T> text, bool fold, bool utf8)
        where T : unmanaged, IBinaryInteger<T>
    {
        int p = 0, t = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length)
            {
                int c = int.CreateTruncating(pattern[p]);
                if (c == '*')
                {
                    starP = ++p;
                    starT = t;
                    continue;
                }
                if (c == '?')
                {
                    p++;
                    t = NextUnit(text, t, utf8);
                    continue;
                }
                if (c == '[' && TryClass(pattern, p, int.CreateTruncating(text[t]), fold, out int after, out bool inClass))
                {
                    if (inClass)
                    {
                        p = after;
                        t++;
                        continue;
                    }
                }
                else if (Same(c, int.CreateTruncating(text[t]), fold))
                {
                    p++;
                    t++;
                    continue;
                }
            }
            if (starP < 0)
                return false;
            p = starP;
            t = starT = NextUnit(text, starT, utf8);
        }
        while (p < pattern.Length && int.CreateTruncating(pattern[p]) == '*')
            p++;
        return p == pattern.Length;
    }

    /// <summary>One character: a whole UTF-8 sequence for bytes, one UTF-16 unit for strings.</summary>
    private static int NextUnit<T>(ReadOnlySpan<T> text, int index, bool utf8)
        where T : unmanaged, IBinaryInteger<T>
    {
        index++;
        while (utf8 && index < text.Length && (int.CreateTruncating(text[index]) & 0xC0) == 0x80)
            index++;
        return index;
    }

    /// <summary>Reads <c>[...]</c> at <paramref name="start"/>; false when the bracket is never closed (then it is a literal '[').</summary>
    private static bool TryClass<T>(ReadOnlySpan<T> pattern, int start, int unit, bool fold, out int after, out bool matched)
        where T : unmanaged, IBinaryInteger<T>
    {
        int i = start + 1;
        bool negated = i < pattern.Length && int.CreateTruncating(pattern[i]) is '!' or '^';
        if (negated)
            i++;
        matched = false;
        bool first = true;
        while (i < pattern.Length && (first || int.CreateTruncating(pattern[i]) != ']'))
        {
            first = false;
            int low = int.CreateTruncating(pattern[i]);
            int high = low;
            if (i + 2 < pattern.Length && int.CreateTruncating(pattern[i + 1]) == '-' && int.CreateTruncating(pattern[i + 2]) != ']')
            {
                high = int.CreateTruncating(pattern[i + 2]);
                i += 2;
            }
            if ((unit >= low && unit <= high) || (fold && Fold(unit) >= Fold(low) && Fold(unit) <= Fold(high)))
                matched = true;
            i++;
        }
        after = i + 1;
        if (i >= pattern.Length)
            return false;
        matched ^= negated;
        return true;
    }

    private static bool Same(int a, int b, bool fold) => a == b || (fold && Fold(a) == Fold(b));

    private static int Fold(int c) => c is >= 'A' and <= 'Z' ? c + 32 : c;
}
