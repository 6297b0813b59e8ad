using System.Globalization;
using System.Text;

namespace Netstate.Core.Text;

/// <summary>
/// Makes text written by other users (process names, command lines, unix socket paths) safe to
/// print: every control character, including ESC and newline, becomes \xNN, so nothing in it can
/// move the cursor, change colours or fake an extra output line.
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
            if (IsUnsafe(c))
                builder.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}");
            else
                builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>C0 and C1 controls and DEL; C1 (U+0080-U+009F) matters to terminals that honour 8-bit CSI.</summary>
    public static bool IsUnsafe(char c) => c < 0x20 || (c >= 0x7F && c <= 0x9F);

    private static int IndexOfUnsafe(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (IsUnsafe(text[i]))
                return i;
        }
        return -1;
    }
}
