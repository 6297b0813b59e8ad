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
}
