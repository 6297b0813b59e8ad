using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Netstate.Core.Text;

/// <summary>
/// Bytes that other users chose (process names and command lines, unix socket paths) as .NET strings,
/// without loss: valid UTF-8 decodes as usual, and each byte that is not part of valid UTF-8 becomes
/// the lone surrogate U+DC80-U+DCFF that stands for it (Python's "surrogateescape"). Such a string
/// can be turned back into the exact bytes (<see cref="ToBytes"/>): the terminal and CSV show the byte
/// as \xNN (<see cref="UntrustedText"/>), JSON adds the bytes in base64 beside the text.
/// </summary>
internal static class RawText
{
    private const char FirstRawByte = '\uDC80';
    private const char LastRawByte = '\uDCFF';

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes))
            return Encoding.UTF8.GetString(bytes);
        var text = new StringBuilder(bytes.Length);
        while (!bytes.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(bytes, out Rune rune, out int consumed) == OperationStatus.Done)
            {
                text.Append(rune.ToString());
                bytes = bytes[consumed..];
                continue;
            }
            // Invalid bytes are never ASCII, so each maps into U+DC80-U+DCFF.
            text.Append((char)(0xDC00 + bytes[0]));
            bytes = bytes[1..];
        }
        return text.ToString();
    }

    /// <summary>Whether <paramref name="c"/> stands for a byte that was not UTF-8.</summary>
    public static bool IsRawByte(char c) => c is >= FirstRawByte and <= LastRawByte;

    /// <summary>The byte a <see cref="IsRawByte"/> character stands for.</summary>
    public static byte ByteOf(char c) => (byte)(c - 0xDC00);

    /// <summary>Whether <paramref name="text"/> holds bytes that were not UTF-8, so its exact form needs <see cref="ToBytes"/>.</summary>
    public static bool HasRawBytes(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.AsSpan().IndexOfAnyInRange(FirstRawByte, LastRawByte) >= 0;
    }

    /// <summary>The bytes <paramref name="text"/> was decoded from.</summary>
    public static byte[] ToBytes(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = new List<byte>(text.Length);
        Span<byte> encoded = stackalloc byte[4];
        for (int i = 0; i < text.Length; i++)
        {
            if (IsRawByte(text[i]))
            {
                bytes.Add(ByteOf(text[i]));
                continue;
            }
            Rune rune = Rune.TryGetRuneAt(text, i, out Rune found) ? found : Rune.ReplacementChar;
            int length = rune.EncodeToUtf8(encoded);
            bytes.AddRange(encoded[..length]);
            i += rune.Utf16SequenceLength - 1;
        }
        return [.. bytes];
    }

    /// <summary>The text with each byte that was not UTF-8 as U+FFFD: what JSON's text fields carry (valid Unicode).</summary>
    public static string WithReplacements(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!HasRawBytes(text))
            return text;
        return string.Create(text.Length, text, static (span, source) =>
        {
            for (int i = 0; i < source.Length; i++)
                span[i] = IsRawByte(source[i]) ? '\uFFFD' : source[i];
        });
    }
}
