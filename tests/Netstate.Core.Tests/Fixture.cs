using Netstate.Core.Model;
using Netstate.Core.Platform.Linux;
using Netstate.Core.Platform.Linux.Sources;

namespace Netstate.Core.Tests;

/// <summary>Locates the files under Fixtures/ (copied next to the test assembly) and runs the parsers on them.</summary>
internal static class Fixture
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    public static byte[] Bytes(string relative) => File.ReadAllBytes(PathOf(relative));

    public static ParsedTable ParseInet(string relative, SocketTables table)
    {
        var entries = new List<SocketEntry>();
        var problems = new ParseProblems();
        ProcNetInetParser.Parse(Bytes(relative), table, relative, entries, problems);
        return new ParsedTable(entries, problems, [.. problems.ToNotes(relative)]);
    }

    public static ParsedTable ParseUnix(string relative)
    {
        var entries = new List<SocketEntry>();
        var problems = new ParseProblems();
        ProcNetUnixParser.Parse(Bytes(relative), relative, entries, problems);
        return new ParsedTable(entries, problems, [.. problems.ToNotes(relative)]);
    }

    public static ParsedTable ParseInetText(string text, SocketTables table, string fileName = "inline")
    {
        var entries = new List<SocketEntry>();
        var problems = new ParseProblems();
        ProcNetInetParser.Parse(System.Text.Encoding.UTF8.GetBytes(text), table, fileName, entries, problems);
        return new ParsedTable(entries, problems, [.. problems.ToNotes(fileName)]);
    }

    /// <summary>A directory under the system temp directory, deleted on dispose.</summary>
    public static TempDirectory CreateTempDirectory() => new();
}

internal sealed record ParsedTable(List<SocketEntry> Entries, ParseProblems Problems, List<SourceNote> Notes);

internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "netstate-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(string relative) => System.IO.Path.Combine(Path, relative);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory must not fail a test.
        }
    }
}
