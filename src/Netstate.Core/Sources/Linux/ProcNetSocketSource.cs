using Netstate.Core.Model;

namespace Netstate.Core.Sources.Linux;

/// <summary>Reads socket tables from the /proc/net text files.</summary>
public sealed class ProcNetSocketSource : ISocketSource
{
    private readonly ProcRoot _root;

    public ProcNetSocketSource(ProcRoot root) => _root = root;

    public string Name => "proc";

    public SourceResult Read(SocketTables tables)
    {
        var entries = new List<SocketEntry>();
        var notes = new List<SourceNote>();
        foreach (SocketTables table in SocketTableInfo.Ordered)
        {
            if ((tables & table) == 0)
                continue;
            string file = _root.NetFileOf(table);
            byte[]? content = TryReadAll(file, notes);
            if (content is null)
                continue;
            var problems = new ParseProblems();
            if (table == SocketTables.Unix)
                ProcNetUnixParser.Parse(content, file, entries, problems);
            else
                ProcNetInetParser.Parse(content, table, file, entries, problems);
            notes.Add(new SourceNote(SourceNoteKind.Served, $"{table}: read from {file}"));
            notes.AddRange(problems.ToNotes(file));
        }
        return new SourceResult(entries, notes);
    }

    private static byte[]? TryReadAll(string file, List<SourceNote> notes)
    {
        try
        {
            // /proc files report length 0; ReadAllBytes reads them to the end regardless.
            return File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            notes.Add(new SourceNote(SourceNoteKind.Unavailable, $"{file} does not exist (this kernel has no such table)"));
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            notes.Add(new SourceNote(SourceNoteKind.Warning, $"cannot read {file}: {e.Message}"));
        }
        return null;
    }
}
