using Netstate.Core.IO;
using Netstate.Core.Text;
using Netstate.Core.Model;
using Netstate.Core.Sources.Linux;

namespace Netstate.Core.Kernel;

/// <summary>Why the conntrack table could not be read.</summary>
internal enum ConntrackUnavailable
{
    /// <summary>The table was read.</summary>
    None,
    /// <summary>nf_conntrack is not loaded in this network namespace's kernel: neither its table nor its sysctls exist.</summary>
    NotLoaded,
    /// <summary>conntrack is loaded but the kernel was built without CONFIG_NF_CONNTRACK_PROCFS (only ctnetlink can list it).</summary>
    NoProcTable,
    /// <summary>The file exists but could not be read (not root: it is mode 0440).</summary>
    Unreadable,
}

/// <summary>What one read of the conntrack table gave: the entries, or why there are none, and notes on bad lines.</summary>
internal sealed record ConntrackTable(string File, IReadOnlyList<ConntrackEntry> Entries, ConntrackUnavailable Unavailable, string? Error, IReadOnlyList<SourceNote> Notes);

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
