using System.Text;
using Netstate.Core.Model;
using Netstate.Core.Text;

namespace Netstate.Core.Sources.Linux;

/// <summary>Collects lines a parser could not read, keeping the first few verbatim for the message.</summary>
internal sealed class ParseProblems
{
    private const int DetailedLimit = 5;
    private readonly List<SourceNote> _notes = [];
    private int _count;

    public int Count => _count;

    /// <summary>Records a bad line; <paramref name="outcome"/> says what became of it (by default it was skipped).</summary>
    public void Add(string fileName, int lineNumber, string reason, ReadOnlySpan<byte> line, string outcome = "line skipped")
    {
        _count++;
        if (_count > DetailedLimit)
            return;
        // The line may hold a unix path chosen by any user, and parsers quote words of it in the
        // reason: escape both here, once, before they can reach a terminal.
        string shown = Encoding.UTF8.GetString(line.Length > 120 ? line[..120] : line).Trim();
        _notes.Add(new SourceNote(SourceNoteKind.Warning, UntrustedText.Escape($"{fileName} line {lineNumber}: {reason}; {outcome}: \"{shown}\"")));
    }

    /// <summary>The detailed notes plus one that counts the lines not shown.</summary>
    public IEnumerable<SourceNote> ToNotes(string fileName)
    {
        foreach (SourceNote note in _notes)
            yield return note;
        if (_count > DetailedLimit)
            yield return new SourceNote(SourceNoteKind.Warning, $"{fileName}: {_count - DetailedLimit} more malformed lines skipped");
    }
}
