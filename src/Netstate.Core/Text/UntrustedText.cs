using System.Globalization;
using System.Text;

namespace Netstate.Core.Text;

/// <summary>
/// Makes text written by other users (process names, command lines, unix socket paths) safe to
/// print. Escaped are: every control character, including ESC and newline, as \xNN, so nothing can
/// move the cursor, change colours or fake an extra output line; Unicode's format characters (the
/// bidirectional overrides, embeddings, isolates and marks, zero-width characters, tags) and its line
/// and paragraph separators, as \uXXXX, since they reorder or hide what a reader sees
/// (<c>evil\u202Egpj.exe</c> would display as <c>evilexe.jpg</c>); and code units that are not text:
/// a byte that was not UTF-8 (kept by <see cref="RawText"/>) comes back as \xNN, any other lone
/// surrogate as \uXXXX. This is the one escaper: terminal tables, CSV cells and notes all use it.
/// </summary>
public static class UntrustedText
{
    /// <summary>The text with every C0 and C1 control character (ESC, newline, DEL ...) written as <c>\xNN</c>, safe for a terminal.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int first = IndexOfUnsafe(text);
        if (first < 0)
            return text;
        var builder = new StringBuilder(text.Length + 16);
        builder.Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (IsPair(text, i))
            {
                // An astral character: unsafe only when it is a format character (the tag characters).
                int scalar = char.ConvertToUtf32(c, text[i + 1]);
                if (IsHidden(CharUnicodeInfo.GetUnicodeCategory(scalar)))
                    builder.Append(CultureInfo.InvariantCulture, $"\\U{scalar:X8}");
                else
                    builder.Append(c).Append(text[i + 1]);
                i++;
            }
            else if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
                builder.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}");
            else if (RawText.IsRawByte(c))
                builder.Append(CultureInfo.InvariantCulture, $"\\x{RawText.ByteOf(c):X2}");
            else if (IsUnsafe(c))
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            else
                builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>
    /// Whether one UTF-16 code unit is escaped: C0 and C1 controls and DEL (C1, U+0080-U+009F,
    /// matters to terminals that honour 8-bit CSI), format characters and separators, and surrogates
    /// (a surrogate that belongs to a pair is judged with its partner by <see cref="Escape"/>).
    /// </summary>
    public static bool IsUnsafe(char c) =>
        c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0xAD && (char.IsSurrogate(c) || IsHidden(char.GetUnicodeCategory(c))));

    /// <summary>Categories that change how the text around them displays, or display as nothing.</summary>
    private static bool IsHidden(UnicodeCategory category) =>
        category is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    private static bool IsPair(string text, int i) =>
        char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);

    private static int IndexOfUnsafe(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (!IsUnsafe(c))
                continue;
            if (!IsPair(text, i))
                return i;
            if (IsHidden(CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(c, text[i + 1]))))
                return i;
            i++;
        }
        return -1;
    }
}
