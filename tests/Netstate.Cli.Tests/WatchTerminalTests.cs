using System.Text;
using Netstate.Cli.Terminal;

namespace Netstate.Cli.Tests;

/// <summary>The terminal layer of watch: key decoding from raw bytes, and frames with and without colour.</summary>
public class WatchTerminalTests
{
    private static List<Key> Decode(string bytes) => KeyDecoder.Decode(Encoding.Latin1.GetBytes(bytes));

    [Fact]
    public void Arrow_and_paging_sequences_decode_in_both_xterm_forms()
    {
        Assert.Equal([new Key(KeyKind.Up), new Key(KeyKind.Down), new Key(KeyKind.PageUp), new Key(KeyKind.PageDown), new Key(KeyKind.Home), new Key(KeyKind.End), new Key(KeyKind.Delete)],
            Decode("\e[A\eOB\e[5~\e[6~\e[H\e[4~\e[3~"));
    }

    [Fact]
    public void Control_bytes_are_keys_not_text()
    {
        Assert.Equal([new Key(KeyKind.Interrupt), new Key(KeyKind.Enter), new Key(KeyKind.Backspace), Key.Of('q')], Decode("\u0003\r\u007fq"));
    }

    [Fact]
    public void A_lone_escape_is_the_escape_key_and_unknown_sequences_leave_no_stray_letters()
    {
        Assert.Equal([new Key(KeyKind.Escape)], Decode("\e"));
        // F5 (ESC [ 1 5 ~) and a right click are not keys netstate uses: nothing, not "15~".
        Assert.Equal([Key.Of('x')], Decode("\e[15~\e[<2;3;4Mx"));
    }

    [Fact]
    public void Sgr_mouse_reports_decode_a_left_click_with_its_cell_and_the_wheel()
    {
        Assert.Equal([new Key(KeyKind.Click, Column: 12, Row: 7), new Key(KeyKind.WheelUp, Column: 1, Row: 30), new Key(KeyKind.WheelDown, Column: 200, Row: 2)],
            Decode("\e[<0;12;7M\e[<64;1;30M\e[<65;200;2M"));
        // Ctrl or Shift held still clicks.
        Assert.Equal([new Key(KeyKind.Click, Column: 3, Row: 3)], Decode("\e[<16;3;3M"));
        Assert.True(new Key(KeyKind.Click).IsMouse);
        Assert.False(Key.Of('c').IsMouse);
    }

    [Fact]
    public void Mouse_releases_drags_other_buttons_and_broken_reports_are_no_keys_and_leave_no_stray_letters()
    {
        // Release (m), drag (32), middle and right buttons, a report with two numbers, one cut short.
        Assert.Equal([Key.Of('q')], Decode("\e[<0;12;7m\e[<32;5;5M\e[<1;5;5M\e[<2;5;5M\e[<0;5Mq"));
        Assert.Empty(Decode("\e[<0;12"));
        // The old X10 form (ESC [ M and three raw bytes, here a click at 'c','s'): none of them is a key.
        Assert.Equal([Key.Of('q')], Decode("\e[M csq"));
    }

    [Fact]
    public void Utf8_text_decodes_to_characters_for_the_filter_prompt()
    {
        Assert.Equal([Key.Of('é'), Key.Of('a')], KeyDecoder.Decode("éa"u8));
    }

    [Fact]
    public void A_frame_colours_marked_rows_and_reverses_the_selection()
    {
        string frame = FrameWriter.Compose([new ScreenLine("new row", LineStyle.New), new ScreenLine("picked", Selected: true)], 10, 3, colour: true);
        Assert.Contains("\e[32mnew row   \e[0m", frame, StringComparison.Ordinal);
        Assert.Contains("\e[7mpicked    \e[0m", frame, StringComparison.Ordinal);
        // The third, empty line is cleared, so nothing of an earlier frame stays.
        Assert.Contains("\e[3;1H\e[2K", frame, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_colour_no_colour_code_is_written_but_the_selection_still_shows()
    {
        string frame = FrameWriter.Compose([new ScreenLine("closed", LineStyle.Closed), new ScreenLine("picked", LineStyle.Error, Selected: true)], 10, 2, colour: false);
        Assert.DoesNotContain("\e[31", frame, StringComparison.Ordinal);
        Assert.DoesNotContain(";31m", frame, StringComparison.Ordinal);
        Assert.Contains("\e[7mpicked", frame, StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_longer_than_the_screen_are_cut_to_its_width()
    {
        Assert.Equal("abc", FrameWriter.Fit("abcdef", 3));
        Assert.Equal("ab ", FrameWriter.Fit("ab", 3));
    }

    private static ConsoleApi.InputRecord KeyDown(ushort virtualKey, char c = '\0', uint control = 0, ushort repeat = 1) =>
        new() { EventType = ConsoleApi.KEY_EVENT, KeyDown = 1, RepeatCount = repeat, VirtualKeyCode = virtualKey, UnicodeChar = c, KeyControlState = control };

    [Fact]
    public void Console_key_records_decode_by_virtual_key_and_character_and_releases_are_no_keys()
    {
        ConsoleApi.InputRecord release = KeyDown(0x51, 'q');
        release.KeyDown = 0;
        ConsoleApi.InputRecord[] records =
        [
            KeyDown(0x26), KeyDown(0x28), KeyDown(0x21), KeyDown(0x22), KeyDown(0x24), KeyDown(0x23), KeyDown(0x2E),
            KeyDown(0x0D, '\r'), KeyDown(0x1B, '\e'), KeyDown(0x08, '\b'), release, KeyDown(0x10), KeyDown(0x74), KeyDown(0, 'é'), KeyDown(0x51, 'q'),
        ];
        Assert.Equal([new Key(KeyKind.Up), new Key(KeyKind.Down), new Key(KeyKind.PageUp), new Key(KeyKind.PageDown), new Key(KeyKind.Home), new Key(KeyKind.End),
            new Key(KeyKind.Delete), new Key(KeyKind.Enter), new Key(KeyKind.Escape), new Key(KeyKind.Backspace), Key.Of('é'), Key.Of('q')],
            ConsoleInputDecoder.Decode(records));
    }

    [Fact]
    public void Ctrl_c_is_an_interrupt_as_a_control_character_or_as_ctrl_with_c_and_a_held_key_repeats_within_bounds()
    {
        Assert.Equal([new Key(KeyKind.Interrupt), new Key(KeyKind.Interrupt)], ConsoleInputDecoder.Decode([KeyDown(0x43, '\u0003', control: 0x8), KeyDown(0x43, '\0', control: 0x4)]));
        Assert.Equal(3, ConsoleInputDecoder.Decode([KeyDown(0x28, repeat: 3)]).Count);
        Assert.Equal(32, ConsoleInputDecoder.Decode([KeyDown(0x28, repeat: 60000)]).Count);
    }

    [Fact]
    public void Console_mouse_records_give_a_left_click_with_its_one_based_cell_and_the_wheel_and_nothing_else()
    {
        ConsoleApi.InputRecord Mouse(int x, int y, uint buttons, uint flags) =>
            new() { EventType = ConsoleApi.MOUSE_EVENT, MousePosition = new ConsoleApi.Coord(x, y), MouseButtons = buttons, MouseFlags = flags };
        // A press, a move with the button held (1), a release, the wheel up (+120) and down (-120), a right button press.
        Assert.Equal([new Key(KeyKind.Click, Column: 12, Row: 7), new Key(KeyKind.WheelUp, Column: 1, Row: 1), new Key(KeyKind.WheelDown, Column: 1, Row: 1)],
            ConsoleInputDecoder.Decode([Mouse(11, 6, 1, 0), Mouse(11, 7, 1, 1), Mouse(11, 7, 0, 0), Mouse(0, 0, 120u << 16, 4), Mouse(0, 0, unchecked((uint)(-120 << 16)), 4), Mouse(3, 3, 2, 0)]));
    }

    [Fact]
    public void A_console_frame_is_cells_cut_and_padded_to_the_width_with_colours_for_marks_and_the_selection_reversed()
    {
        const ushort plain = 0x07;
        ConsoleApi.CharInfo[] cells = ConsoleFrame.Compose([new ScreenLine("new row", LineStyle.New), new ScreenLine("picked row!", Selected: true), new ScreenLine("gone", LineStyle.Closed)], 8, 4, colour: true, plain);
        Assert.Equal(32, cells.Length);
        string Row(int row) => new(cells.Skip(row * 8).Take(8).Select(c => c.Char).ToArray());
        Assert.Equal(["new row ", "picked r", "gone    ", "        "], [Row(0), Row(1), Row(2), Row(3)]);
        Assert.All(cells[..8], c => Assert.Equal(0x0A, c.Attributes)); // bright green
        Assert.All(cells[8..16], c => Assert.Equal(0x70, c.Attributes)); // grey background, black text
        Assert.All(cells[16..24], c => Assert.Equal(0x0C, c.Attributes)); // bright red
        Assert.All(cells[24..], c => Assert.Equal(plain, c.Attributes));
    }

    [Fact]
    public void Without_colour_a_console_frame_keeps_the_consoles_colours_brightens_headings_and_still_reverses_the_selection()
    {
        const ushort plain = 0x1E; // yellow on blue, the user's console colours
        Assert.Equal(plain, ConsoleFrame.Attributes(new ScreenLine("x", LineStyle.Closed), colour: false, plain));
        Assert.Equal(0x1E | 0x08, ConsoleFrame.Attributes(new ScreenLine("x", LineStyle.Heading), colour: false, plain));
        Assert.Equal(0xE1, ConsoleFrame.Attributes(new ScreenLine("x", Selected: true), colour: false, plain));
    }
}
