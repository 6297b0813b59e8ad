using Netstate.Core.Aggregation;
using Netstate.Core.Text;

namespace Netstate.Cli.Rendering;

/// <summary>
/// --count-by as a plain table, the shape of <c>sort | uniq -c | sort -rn</c>: the count right
/// aligned, then one column per key, every column as wide as its longest cell (nothing is cut).
/// </summary>
internal static class CountTableWriter
{
    public static void Write(TextWriter output, SocketCounts counts)
    {
        int keys = counts.Keys.Count;
        int[] widths = new int[keys + 1];
        widths[0] = "Count".Length;
        for (int i = 0; i < keys; i++)
            widths[i + 1] = Header(counts.Keys[i]).Length;
        // Process and user names are untrusted: escaped before they reach the terminal.
        var labels = new string[counts.Rows.Count][];
        for (int r = 0; r < labels.Length; r++)
        {
            CountRow row = counts.Rows[r];
            widths[0] = Math.Max(widths[0], Digits(row.Count));
            labels[r] = row.Labels.Select(UntrustedText.Escape).ToArray();
            for (int i = 0; i < keys; i++)
                widths[i + 1] = Math.Max(widths[i + 1], labels[r][i].Length);
        }

        var line = new LineBuffer();
        line.Spaces(widths[0] - "Count".Length).Append("Count");
        for (int i = 0; i < keys; i++)
            Cell(line, Header(counts.Keys[i]), widths[i + 1], i == keys - 1);
        line.Append('\n').WriteTo(output);
        for (int r = 0; r < labels.Length; r++)
        {
            line.Clear().RightAligned((ulong)counts.Rows[r].Count, widths[0]);
            for (int i = 0; i < keys; i++)
                Cell(line, labels[r][i], widths[i + 1], i == keys - 1);
            line.Append('\n').WriteTo(output);
        }
    }

    /// <summary>Two spaces between columns; the last column is not padded (no trailing blanks).</summary>
    private static void Cell(LineBuffer line, string text, int width, bool last)
    {
        line.Append("  ");
        if (last)
            line.Append(text);
        else
            line.Column(text, width);
    }

    public static string Header(CountKey key) => key switch
    {
        CountKey.State => "State",
        CountKey.Proto => "Proto",
        CountKey.LocalPort => "Local Port",
        CountKey.RemoteAddr => "Remote Address",
        CountKey.RemotePort => "Remote Port",
        CountKey.Process => "Process",
        CountKey.Netns => "Netns",
        _ => "User",
    };

    private static int Digits(long value) => value < 10 ? 1 : (int)Math.Floor(Math.Log10(value)) + 1;
}
