namespace Netstate.Cli.Terminal;

/// <summary>How one line of the screen is drawn; the text says the same without colour.</summary>
internal enum LineStyle
{
    Normal,
    /// <summary>Titles and column headings (bold).</summary>
    Heading,
    /// <summary>A row that appeared (green).</summary>
    New,
    /// <summary>A row whose state or queues moved (yellow).</summary>
    Changed,
    /// <summary>A row that is gone, shown a few refreshes before it leaves (red).</summary>
    Closed,
    /// <summary>A problem to read: a refused action, a filter that does not parse (red).</summary>
    Error,
    /// <summary>A question waiting for an answer (bold).</summary>
    Prompt,
}

/// <summary>One line of a frame: its text (already safe to print) and style, and whether it is the selected row.</summary>
internal readonly record struct ScreenLine(string Text, LineStyle Style = LineStyle.Normal, bool Selected = false);
