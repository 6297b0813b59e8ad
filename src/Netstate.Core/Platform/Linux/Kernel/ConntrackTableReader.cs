using Netstate.Core.Platform.Linux.IO;
using Netstate.Core.Text;
using Netstate.Core.Kernel;
using Netstate.Core.Model;

namespace Netstate.Core.Platform.Linux.Kernel;

/// <summary>Reads /proc/net/nf_conntrack of the reader's network namespace (or a replayed tree under another root).</summary>
internal static class ConntrackTableReader
{
    public static ConntrackTable Read(ProcRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        string file = root.NetConntrack;
        byte[] content;
        try
        {
            // /proc files report length 0; the whole file is read regardless, up to a limit.
            content = BoundedFile.ReadAllBytes(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // The sysctls exist whenever the module is loaded, with or without the /proc table.
            ConntrackUnavailable why = File.Exists(root.ConntrackCount) ? ConntrackUnavailable.NoProcTable : ConntrackUnavailable.NotLoaded;
            return new ConntrackTable(file, [], why, null, []);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return new ConntrackTable(file, [], ConntrackUnavailable.Unreadable, ErrorText.Of(e), []);
        }
        var entries = new List<ConntrackEntry>();
        var problems = new ParseProblems();
        ProcNetConntrackParser.Parse(content, file, entries, problems);
        var notes = new List<SourceNote> { new(SourceNoteKind.Served, $"connections: read from {file}") };
        notes.AddRange(problems.ToNotes(file));
        return new ConntrackTable(file, entries, ConntrackUnavailable.None, null, notes);
    }
}
