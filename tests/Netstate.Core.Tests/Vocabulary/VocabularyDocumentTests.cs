using Netstate.Core.Model;
using Netstate.Core.Vocabulary;

namespace Netstate.Core.Tests.Vocabulary;

/// <summary>docs/vocabulary.md is what the code does: its state table is compared cell by cell.</summary>
public sealed class VocabularyDocumentTests
{
    private static readonly Dialect[] Columns = [Dialect.Netstat, Dialect.Ss, Dialect.Rfc9293, Dialect.Windows, Dialect.Filter];

    [Fact]
    public void The_state_table_in_the_documentation_is_the_one_the_code_writes()
    {
        string[] lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "vocabulary.md"));
        int header = Array.FindIndex(lines, l => l.StartsWith("| kernel | netstat | ss | RFC 9293 | Windows | filter |", StringComparison.Ordinal));
        Assert.True(header >= 0, "docs/vocabulary.md has no TCP state table");
        var seen = new HashSet<TcpState>();
        for (int i = header + 2; i < lines.Length && lines[i].StartsWith('|'); i++)
        {
            string[] cells = lines[i].Trim('|').Split('|', StringSplitOptions.TrimEntries);
            var state = (TcpState)int.Parse(cells[0], System.Globalization.CultureInfo.InvariantCulture);
            for (int c = 0; c < Columns.Length; c++)
                Assert.Equal(cells[c + 1], TcpStateText.Name(state, Columns[c]));
            seen.Add(state);
        }
        Assert.Equal(Enum.GetValues<TcpState>().Length, seen.Count);
    }
}
