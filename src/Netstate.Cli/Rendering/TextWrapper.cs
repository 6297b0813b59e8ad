namespace Netstate.Cli.Rendering;

/// <summary>
/// Fills paragraphs to a width: single line breaks in the source are spaces, blank lines separate
/// paragraphs, and a word longer than the line is put on a line of its own rather than cut.
/// </summary>
internal static class TextWrapper
{
    /// <summary>The lines of <paramref name="text"/>, each starting with <paramref name="indent"/> spaces and at most <paramref name="width"/> long.</summary>
    public static List<string> Wrap(string text, int width, int indent) => Wrap(text, width, new string(' ', indent), new string(' ', indent));

    /// <summary>As <see cref="Wrap(string, int, int)"/>, with a different prefix for the first line (a bullet or a label).</summary>
    public static List<string> Wrap(string text, int width, string firstPrefix, string restPrefix)
    {
        var lines = new List<string>();
        string[] paragraphs = text.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        string prefix = firstPrefix;
        foreach (string paragraph in paragraphs)
        {
            if (lines.Count > 0)
                lines.Add("");
            var line = new System.Text.StringBuilder(prefix);
            bool empty = true;
            foreach (string word in paragraph.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries))
            {
                if (!empty && line.Length + 1 + word.Length > width)
                {
                    lines.Add(line.ToString());
                    line.Clear().Append(restPrefix);
                    empty = true;
                }
                if (!empty)
                    line.Append(' ');
                line.Append(word);
                empty = false;
            }
            lines.Add(line.ToString());
            prefix = restPrefix;
        }
        return lines;
    }
}
