using static Netstate.Cli.Terminal.ConsoleApi;

namespace Netstate.Cli.Terminal;

/// <summary>
/// A frame as Windows console cells: each line cut or padded to the width (rows past the frame
/// blank), with console attributes for what <see cref="FrameWriter"/> says with SGR codes: marked rows
/// in green, yellow or red unless colour is off (NO_COLOR), headings and questions bright, and the
/// selected row with its foreground and background swapped either way.
/// </summary>
internal static class ConsoleFrame
{
    private const ushort Intensity = 0x08; // FOREGROUND_INTENSITY
    private const ushort Green = 0x02 | Intensity;
    private const ushort Yellow = 0x06 | Intensity;
    private const ushort Red = 0x04 | Intensity;

    /// <param name="plain">The attribute of ordinary text: the console's own (its foreground and background colours).</param>
    public static CharInfo[] Compose(IReadOnlyList<ScreenLine> lines, int width, int height, bool colour, ushort plain)
    {
        var cells = new CharInfo[width * height];
        for (int row = 0; row < height; row++)
        {
            Span<CharInfo> cellsOfRow = cells.AsSpan(row * width, width);
            if (row >= lines.Count)
            {
                cellsOfRow.Fill(new CharInfo { Char = ' ', Attributes = plain });
                continue;
            }
            ScreenLine line = lines[row];
            ushort attributes = Attributes(line, colour, plain);
            string text = line.Text;
            for (int column = 0; column < width; column++)
                cellsOfRow[column] = new CharInfo { Char = column < text.Length ? text[column] : ' ', Attributes = attributes };
        }
        return cells;
    }

    public static ushort Attributes(ScreenLine line, bool colour, ushort plain)
    {
        ushort foreground = (ushort)(plain & 0x0F);
        ushort background = (ushort)(plain & 0xF0);
        if (line.Style is LineStyle.Heading or LineStyle.Prompt)
            foreground |= Intensity;
        if (colour)
        {
            foreground = line.Style switch
            {
                LineStyle.New => Green,
                LineStyle.Changed => Yellow,
                LineStyle.Closed or LineStyle.Error => Red,
                _ => foreground,
            };
        }
        // Reverse video without COMMON_LVB_REVERSE_VIDEO, which not every console host draws.
        return line.Selected ? (ushort)((foreground << 4) | (background >> 4)) : (ushort)(foreground | background);
    }
}
