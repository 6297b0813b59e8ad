using Netstate.Core.Model;
using Netstate.Core.Sources.Linux;

namespace Netstate.Core.Kernel;

/// <summary>
/// Reads one kernel table file from /proc (or a replayed tree) into rows. A missing or unreadable
/// file is data: no rows, the reason, and a note; malformed lines become warnings.
/// </summary>
internal static class ProcTableFile
{
    public delegate void Parser<TRow>(ReadOnlySpan<byte> text, string fileName, List<TRow> rows, ParseProblems problems);

    /// <summary>The rows (null when the file could not be read), why not, and the notes.</summary>
    public readonly record struct Result<TRow>(IReadOnlyList<TRow>? Rows, string? Failure, IReadOnlyList<SourceNote> Notes);

    /// <param name="file">The file's path.</param>
    /// <param name="parse">Parses its bytes.</param>
    /// <param name="what">What the rows are, for the note that says where they were read ("routes").</param>
    public static Result<TRow> Read<TRow>(string file, Parser<TRow> parse, string what)
    {
        var notes = new List<SourceNote>();
        byte[] content;
        try
        {
            // /proc files report length 0; ReadAllBytes reads them to the end regardless.
            content = File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            notes.Add(new SourceNote(SourceNoteKind.Unavailable, $"{file} does not exist (this kernel has no such table)"));
            return new Result<TRow>(null, "No such file or directory", notes);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            notes.Add(new SourceNote(SourceNoteKind.Warning, $"cannot read {file}: {e.Message}"));
            return new Result<TRow>(null, e.Message, notes);
        }
        var rows = new List<TRow>();
        var problems = new ParseProblems();
        parse(content, file, rows, problems);
        notes.Add(new SourceNote(SourceNoteKind.Served, $"{what}: read from {file}"));
        notes.AddRange(problems.ToNotes(file));
        return new Result<TRow>(rows, null, notes);
    }
}
