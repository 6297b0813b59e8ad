using System.Text;

namespace Netstate.Cli.Terminal;

/// <summary>
/// Turns the bytes a terminal in raw mode sends into key presses: printable text (UTF-8), the
/// control keys, the xterm/VT escape sequences of the arrow and paging keys, and SGR mouse reports
/// (ESC [ &lt; button ; column ; row M, mode 1006: a left click and the wheel). Unknown sequences
/// are skipped whole, so a key or mouse event netstate does not use never types stray letters.
/// </summary>
internal static class KeyDecoder
{
    private const byte Esc = 0x1B;

    public static List<Key> Decode(ReadOnlySpan<byte> input)
    {
        var keys = new List<Key>();
        int i = 0;
        while (i < input.Length)
        {
            byte b = input[i];
            if (b == Esc)
            {
                i = DecodeEscape(input, i, keys);
                continue;
            }
            if (b >= 0x80)
            {
                i = DecodeUtf8(input, i, keys);
                continue;
            }
            i++;
            Key? key = b switch
            {
                0x03 => new Key(KeyKind.Interrupt),
                0x09 => new Key(KeyKind.Tab),
                0x0D or 0x0A => new Key(KeyKind.Enter),
                0x08 or 0x7F => new Key(KeyKind.Backspace),
                >= 0x20 and < 0x7F => Key.Of((char)b),
                _ => null,
            };
            if (key is { } k)
                keys.Add(k);
        }
        return keys;
    }

    /// <summary>ESC alone is the Escape key; ESC [ or ESC O starts a sequence.</summary>
    private static int DecodeEscape(ReadOnlySpan<byte> input, int start, List<Key> keys)
    {
        if (start + 1 >= input.Length || (input[start + 1] != (byte)'[' && input[start + 1] != (byte)'O'))
        {
            keys.Add(new Key(KeyKind.Escape));
            return start + 1;
        }
        // Parameters and intermediates (0x20-0x3F), then one final byte (0x40-0x7E).
        int i = start + 2;
        bool mouse = i < input.Length && input[i] == (byte)'<';
        Span<int> parameters = stackalloc int[3];
        int count = 0;
        int parameter = 0;
        while (i < input.Length && input[i] is >= 0x20 and <= 0x3F)
        {
            if (input[i] is >= (byte)'0' and <= (byte)'9')
                parameter = Math.Min(parameter * 10 + (input[i] - '0'), 100_000);
            else if (input[i] == (byte)';')
            {
                if (count < parameters.Length)
                    parameters[count] = parameter;
                count++;
                parameter = 0;
            }
            i++;
        }
        if (i >= input.Length)
            return i; // a sequence cut short: drop it
        if (count < parameters.Length)
            parameters[count] = parameter;
        count++;
        if (mouse)
        {
            if (count == 3 && input[i] is (byte)'M' or (byte)'m' && Mouse(parameters[0], input[i] == (byte)'M') is { } mouseKind)
                keys.Add(new Key(mouseKind, Column: parameters[1], Row: parameters[2]));
            return i + 1;
        }
        byte final = input[i];
        // X10 mouse encoding (ESC [ M and three raw bytes), from a terminal without mode 1006:
        // skipped whole, so its bytes are never read as keys.
        if (final == (byte)'M' && i == start + 2)
            return Math.Min(i + 4, input.Length);
        KeyKind? kind = final switch
        {
            (byte)'A' => KeyKind.Up,
            (byte)'B' => KeyKind.Down,
            (byte)'C' => KeyKind.Right,
            (byte)'D' => KeyKind.Left,
            (byte)'H' => KeyKind.Home,
            (byte)'F' => KeyKind.End,
            (byte)'~' => parameter switch
            {
                1 or 7 => KeyKind.Home,
                3 => KeyKind.Delete,
                4 or 8 => KeyKind.End,
                5 => KeyKind.PageUp,
                6 => KeyKind.PageDown,
                _ => null,
            },
            _ => null,
        };
        if (kind is { } k)
            keys.Add(new Key(k));
        return i + 1;
    }

    /// <summary>
    /// What an SGR mouse report means: button 0 pressed (M, not the release m) is a click; 64 and 65
    /// are the wheel. Shift, Meta and Ctrl (4, 8, 16) are ignored; drags (32), other buttons and
    /// releases mean nothing here.
    /// </summary>
    private static KeyKind? Mouse(int button, bool pressed)
    {
        if (!pressed)
            return null;
        return (button & ~(4 | 8 | 16)) switch
        {
            0 => KeyKind.Click,
            64 => KeyKind.WheelUp,
            65 => KeyKind.WheelDown,
            _ => null,
        };
    }

    private static int DecodeUtf8(ReadOnlySpan<byte> input, int start, List<Key> keys)
    {
        byte lead = input[start];
        int length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        int end = Math.Min(start + length, input.Length);
        string text = Encoding.UTF8.GetString(input[start..end]);
        foreach (char c in text)
        {
            if (!char.IsControl(c) && !char.IsSurrogate(c) && c != '\uFFFD')
                keys.Add(Key.Of(c));
        }
        return end;
    }
}
