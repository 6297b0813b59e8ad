using System.Globalization;
using System.Text;
using Netstate.Core.Kernel;
using Netstate.Core.Model;
using Netstate.Core.Platform.Linux.IO;
using Netstate.Core.Text;

namespace Netstate.Core.Platform.Linux.Kernel;

/// <summary>
/// Reads /proc/net/sockstat and sockstat6: lines such as <c>TCP: inuse 1 orphan 0 tw 3 alloc 1 mem 0</c>.
/// A line is taken whole or not at all, so a malformed one never leaves half its counters behind.
/// </summary>
internal static class ProcNetSockstatParser
{
    /// <summary>Adds the counters of the sockstat file at <paramref name="path"/>; an unreadable file or a line not understood becomes a warning note.</summary>
    public static void ReadInto(SocketCounters counters, string path, List<SourceNote> notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        byte[] text;
        try
        {
            text = BoundedFile.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            notes.Add(new SourceNote(SourceNoteKind.Warning, $"cannot read {path}: {ErrorText.Of(e)}; its counters are left out"));
            return;
        }
        foreach (string bad in Parse(counters, text))
            notes.Add(new SourceNote(SourceNoteKind.Warning, $"{path}: line not understood: {UntrustedText.Escape(bad)}"));
    }

    /// <summary>Adds the counters of one sockstat file; returns the lines that were not "NAME: key value ...".</summary>
    public static IReadOnlyList<string> Parse(SocketCounters counters, ReadOnlySpan<byte> text)
    {
        ArgumentNullException.ThrowIfNull(counters);
        var bad = new List<string>();
        var pairs = new List<(string Key, long Value)>();
        foreach (Range range in text.Split((byte)'\n'))
        {
            ReadOnlySpan<byte> line = text[range];
            if (line.IsEmpty)
                continue;
            int colon = line.IndexOf((byte)':');
            pairs.Clear();
            if (colon <= 0 || !TryReadPairs(line[(colon + 1)..], pairs))
            {
                bad.Add(Encoding.UTF8.GetString(line));
                continue;
            }
            counters.Add(Encoding.ASCII.GetString(line[..colon]), pairs);
        }
        return bad;
    }

    private static bool TryReadPairs(ReadOnlySpan<byte> rest, List<(string, long)> pairs)
    {
        string? key = null;
        foreach (Range range in rest.Split((byte)' '))
        {
            ReadOnlySpan<byte> word = rest[range];
            if (word.IsEmpty)
                continue;
            if (key is null)
            {
                key = Encoding.ASCII.GetString(word);
                continue;
            }
            if (!long.TryParse(word, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
                return false;
            pairs.Add((key, value));
            key = null;
        }
        return key is null;
    }
}
