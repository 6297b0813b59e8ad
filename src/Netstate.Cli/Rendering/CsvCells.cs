using Netstate.Core.Text;

namespace Netstate.Cli.Rendering;

/// <summary>
/// CSV cells by RFC 4180 (comma separated, CRLF line ends, a cell with a comma or quote enclosed in
/// quotes with inner quotes doubled), made safe for terminals and spreadsheets: control characters
/// become \xNN (so a newline in a process name cannot fake a row on a terminal), and a text cell
/// starting with = + - or @ gets a leading apostrophe, so a spreadsheet shows it as text instead of
/// running it as a formula.
/// </summary>
internal static class CsvCells
{
    public const string LineEnd = "\r\n";

    /// <summary>Appends a text cell (untrusted or not: every text cell gets the same treatment).</summary>
    public static LineBuffer Text(LineBuffer line, string? text)
    {
        if (string.IsNullOrEmpty(text))
            return line;
        string safe = UntrustedText.Escape(text);
        bool formula = safe[0] is '=' or '+' or '-' or '@';
        bool quote = formula || safe.AsSpan().IndexOfAny(",\"") >= 0 || safe[0] == ' ' || safe[^1] == ' ';
        if (!quote)
            return line.Append(safe);
        line.Append('"');
        if (formula)
            line.Append('\'');
        foreach (char c in safe)
        {
            if (c == '"')
                line.Append('"');
            line.Append(c);
        }
        return line.Append('"');
    }

    /// <summary>Appends a number cell; an empty cell when the source has no such figure.</summary>
    public static LineBuffer Number(LineBuffer line, ulong? value) => value is ulong known ? line.Append(known) : line;

    /// <summary>Appends a row of header names.</summary>
    public static void Header(LineBuffer line, IEnumerable<string> names)
    {
        bool first = true;
        foreach (string name in names)
        {
            if (!first)
                line.Append(',');
            line.Append(name);
            first = false;
        }
        line.Append(LineEnd);
    }
}
