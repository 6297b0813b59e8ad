using Netstate.Core.Platform.Linux.IO;
using Netstate.Core.Text;
using Netstate.Core.Kernel;
using Netstate.Core.Model;

namespace Netstate.Core.Platform.Linux.Kernel;

/// <summary>Reads /proc/net/igmp and igmp6 (or a replayed tree under another root).</summary>
internal static class MulticastGroupReader
{
    private delegate List<MulticastMembership> Parser(ReadOnlySpan<byte> text, string fileName, ParseProblems problems);

    /// <summary>
    /// The memberships of the families asked for. A missing IPv4 table is a failure, as for netstat;
    /// a missing IPv6 table (IPv6 disabled) is passed over.
    /// </summary>
    public static MulticastGroupTable Read(ProcRoot root, bool ipv4, bool ipv6)
    {
        ArgumentNullException.ThrowIfNull(root);
        var memberships = new List<MulticastMembership>();
        var notes = new List<SourceNote>();
        string? failure = null;
        if (ipv4)
            failure = TryRead(root.NetIgmp, ProcNetIgmpParser.ParseIgmp, memberships, notes);
        if (ipv6 && failure is null)
            _ = TryRead(root.NetIgmp6, ProcNetIgmpParser.ParseIgmp6, memberships, notes);
        return new MulticastGroupTable(memberships, root.NetIgmp, failure, notes);
    }

    /// <summary>Adds one file's memberships; returns why it could not be read, or null.</summary>
    private static string? TryRead(string path, Parser parse, List<MulticastMembership> into, List<SourceNote> notes)
    {
        byte[] text;
        try
        {
            text = BoundedFile.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e is FileNotFoundException or DirectoryNotFoundException ? "No such file or directory" : ErrorText.Of(e);
        }
        var problems = new ParseProblems();
        into.AddRange(parse(text, path, problems));
        notes.AddRange(problems.ToNotes(path));
        return null;
    }
}
