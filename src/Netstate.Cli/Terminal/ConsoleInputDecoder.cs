using static Netstate.Cli.Terminal.ConsoleApi;

namespace Netstate.Cli.Terminal;

/// <summary>
/// Turns Windows console input records into the view's keys: the arrow, paging and editing keys by
/// their virtual key codes, typed characters by their UTF-16 character, Ctrl+C, and a left click or
/// the wheel from mouse records. Key releases, bare modifiers, function keys and window events give
/// no key, so nothing a user presses by the way types stray letters.
/// </summary>
internal static class ConsoleInputDecoder
{
    private const ushort VK_BACK = 0x08;
    private const ushort VK_TAB = 0x09;
    private const ushort VK_RETURN = 0x0D;
    private const ushort VK_ESCAPE = 0x1B;
    private const ushort VK_PRIOR = 0x21;
    private const ushort VK_NEXT = 0x22;
    private const ushort VK_END = 0x23;
    private const ushort VK_HOME = 0x24;
    private const ushort VK_LEFT = 0x25;
    private const ushort VK_UP = 0x26;
    private const ushort VK_RIGHT = 0x27;
    private const ushort VK_DOWN = 0x28;
    private const ushort VK_DELETE = 0x2E;
    private const ushort VK_C = 0x43;
    private const uint CtrlPressed = 0x0004 | 0x0008; // RIGHT_CTRL_PRESSED | LEFT_CTRL_PRESSED
    private const uint LeftButton = 0x1; // FROM_LEFT_1ST_BUTTON_PRESSED
    private const uint MouseWheeled = 0x4;
    /// <summary>A held key repeats; more than this many at once is the keyboard's auto-repeat running away, not intent.</summary>
    private const int MostRepeats = 32;

    public static List<Key> Decode(ReadOnlySpan<InputRecord> records)
    {
        var keys = new List<Key>();
        foreach (ref readonly InputRecord record in records)
        {
            if (record.EventType == KEY_EVENT && record.KeyDown != 0 && KeyOf(record) is { } key)
            {
                for (int i = Math.Clamp((int)record.RepeatCount, 1, MostRepeats); i > 0; i--)
                    keys.Add(key);
            }
            else if (record.EventType == MOUSE_EVENT && MouseOf(record) is { } mouse)
            {
                keys.Add(mouse);
            }
        }
        return keys;
    }

    private static Key? KeyOf(in InputRecord record)
    {
        if (record.UnicodeChar == '\u0003' || (record.VirtualKeyCode == VK_C && (record.KeyControlState & CtrlPressed) != 0))
            return new Key(KeyKind.Interrupt);
        KeyKind? kind = record.VirtualKeyCode switch
        {
            VK_UP => KeyKind.Up,
            VK_DOWN => KeyKind.Down,
            VK_LEFT => KeyKind.Left,
            VK_RIGHT => KeyKind.Right,
            VK_PRIOR => KeyKind.PageUp,
            VK_NEXT => KeyKind.PageDown,
            VK_HOME => KeyKind.Home,
            VK_END => KeyKind.End,
            VK_DELETE => KeyKind.Delete,
            VK_RETURN => KeyKind.Enter,
            VK_ESCAPE => KeyKind.Escape,
            VK_BACK => KeyKind.Backspace,
            VK_TAB => KeyKind.Tab,
            _ => null,
        };
        if (kind is { } k)
            return new Key(k);
        char c = record.UnicodeChar;
        // Control characters other than those above, and lone surrogate halves, are no text to type.
        return c >= ' ' && c != '\u007f' && !char.IsSurrogate(c) ? Key.Of(c) : null;
    }

    /// <summary>A left button press (not a move or release) at its cell, 1-based as the terminal's reports are; the wheel's direction is the sign of the buttons' high word.</summary>
    private static Key? MouseOf(in InputRecord record)
    {
        int column = record.MousePosition.X + 1;
        int row = record.MousePosition.Y + 1;
        if ((record.MouseFlags & MouseWheeled) != 0)
            return new Key((short)(record.MouseButtons >> 16) > 0 ? KeyKind.WheelUp : KeyKind.WheelDown, Column: column, Row: row);
        if (record.MouseFlags == 0 && (record.MouseButtons & LeftButton) != 0)
            return new Key(KeyKind.Click, Column: column, Row: row);
        return null;
    }
}
