using System.Text;

namespace Netstate.Cli.Terminal;

/// <summary>
/// Turns a frame into the bytes of one write: each line placed with a cursor move, cut or padded to
/// the width, coloured with SGR codes unless colour is off (NO_COLOR); the selected row in reverse
/// video either way, since that is no colour. Text arrives escaped, so nothing in it can move the cursor.
/// </summary>
internal static class FrameWriter
{
    private const string Reset = "\e[0m";

    public static string Compose(IReadOnlyList<ScreenLine> lines, int width, int height, bool colour)
    {
        var frame = new StringBuilder(width * height + height * 16);
        frame.Append("\e[H");
        for (int row = 0; row < height; row++)
        {
            frame.Append("\e[").Append(row + 1).Append(";1H");
            if (row >= lines.Count)
            {
                frame.Append("\e[2K");
                continue;
            }
            ScreenLine line = lines[row];
            string sgr = Sgr(line, colour);
            if (sgr.Length > 0)
                frame.Append(sgr);
            frame.Append(Fit(line.Text, width));
            frame.Append(Reset);
        }
        return frame.ToString();
    }

    /// <summary>The text cut to <paramref name="width"/> columns, padded with spaces so a style fills the row.</summary>
    public static string Fit(string text, int width) =>
        text.Length >= width ? text[..width] : text + new string(' ', width - text.Length);

    private static string Sgr(ScreenLine line, bool colour)
    {
        var codes = new List<string>(3);
        if (line.Selected)
            codes.Add("7");
        if (line.Style is LineStyle.Heading or LineStyle.Prompt)
            codes.Add("1");
        if (colour)
        {
            string? colourCode = line.Style switch
            {
                LineStyle.New => "32",
                LineStyle.Changed => "33",
                LineStyle.Closed or LineStyle.Error => "31",
                _ => null,
            };
            if (colourCode is not null)
                codes.Add(colourCode);
        }
        return codes.Count == 0 ? "" : $"\e[{string.Join(';', codes)}m";
    }
}
