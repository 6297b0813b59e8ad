using System.Text;
using System.Text.Encodings.Web;
using Netstate.Core.Text;

namespace Netstate.Cli.Rendering.Json;

/// <summary>
/// The JSON listing's string escaping: readable non-ASCII as the relaxed encoder leaves it, plus
/// \uXXXX for every character <see cref="UntrustedText"/> escapes on a terminal (the bidirectional
/// controls and other format characters, the line and paragraph separators), which the relaxed
/// encoder writes raw. JSON read by a program gets the same string either way; JSON shown on a
/// terminal (`netstate --json | less`) cannot be reordered by a name.
/// </summary>
internal sealed unsafe class TerminalSafeJsonEncoder : JavaScriptEncoder
{
    public static TerminalSafeJsonEncoder Instance { get; } = new();

    private static readonly JavaScriptEncoder Relaxed = UnsafeRelaxedJsonEscaping;

    private TerminalSafeJsonEncoder()
    {
    }

    /// <summary>\uXXXX\uXXXX for an astral character: 12.</summary>
    public override int MaxOutputCharactersPerInputCharacter => Math.Max(12, Relaxed.MaxOutputCharactersPerInputCharacter);

    public override bool WillEncode(int unicodeScalar) => Relaxed.WillEncode(unicodeScalar) || Hidden(unicodeScalar);

    public override bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        if (!Hidden(unicodeScalar))
            return Relaxed.TryEncodeUnicodeScalar(unicodeScalar, buffer, bufferLength, out numberOfCharactersWritten);
        Span<char> units = stackalloc char[2];
        int count = new Rune(unicodeScalar).EncodeToUtf16(units);
        numberOfCharactersWritten = 6 * count;
        if (bufferLength < numberOfCharactersWritten)
        {
            numberOfCharactersWritten = 0;
            return false;
        }
        var output = new Span<char>(buffer, bufferLength);
        for (int i = 0; i < count; i++)
        {
            "\\u".CopyTo(output[(6 * i)..]);
            ((int)units[i]).TryFormat(output[(6 * i + 2)..], out _, "X4", System.Globalization.CultureInfo.InvariantCulture);
        }
        return true;
    }

    /// <summary>
    /// The relaxed encoder's vectorised search first: up to the first character it would escape, only
    /// a non-ASCII character can be one this encoder escapes too (every ASCII character it passes is
    /// printable), so text that is all ASCII (addresses, states, most names) costs no loop here.
    /// </summary>
    public override int FindFirstCharacterToEncode(char* text, int textLength)
    {
        int relaxed = Relaxed.FindFirstCharacterToEncode(text, textLength);
        var span = new ReadOnlySpan<char>(text, relaxed < 0 ? textLength : relaxed);
        int wide = span.IndexOfAnyExceptInRange('\0', '\u007F');
        return wide < 0 ? relaxed : Slow(new ReadOnlySpan<char>(text, textLength), wide);
    }

    /// <summary>The UTF-8 search (property names and values the writer gets as UTF-8), with the same ASCII fast path.</summary>
    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text)
    {
        int relaxed = Relaxed.FindFirstCharacterToEncodeUtf8(utf8Text);
        int wide = (relaxed < 0 ? utf8Text : utf8Text[..relaxed]).IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
        if (wide < 0)
            return relaxed;
        for (int i = wide; i < utf8Text.Length;)
        {
            if (Rune.DecodeFromUtf8(utf8Text[i..], out Rune rune, out int consumed) != System.Buffers.OperationStatus.Done || WillEncode(rune.Value))
                return i;
            i += consumed;
        }
        return -1;
    }

    /// <summary>Scalar by scalar from <paramref name="start"/>, where the first non-ASCII character is.</summary>
    private int Slow(ReadOnlySpan<char> span, int start)
    {
        for (int i = start; i < span.Length;)
        {
            if (Rune.DecodeFromUtf16(span[i..], out Rune rune, out int consumed) != System.Buffers.OperationStatus.Done || WillEncode(rune.Value))
                return i;
            i += consumed;
        }
        return -1;
    }

    /// <summary>A scalar the terminal escaper would escape though the relaxed encoder would not.</summary>
    private static bool Hidden(int scalar) => !Relaxed.WillEncode(scalar) && (scalar > 0xFFFF
        ? UntrustedText.Escape(char.ConvertFromUtf32(scalar)).Length > 2
        : UntrustedText.IsUnsafe((char)scalar));
}
