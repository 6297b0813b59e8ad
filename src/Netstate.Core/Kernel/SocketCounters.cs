using Netstate.Core.IO;
using Netstate.Core.Text;
using System.Text;
using Netstate.Core.Model;

namespace Netstate.Core.Kernel;

/// <summary>
/// The kernel's own socket counters from /proc/net/sockstat and sockstat6: lines such as
/// <c>TCP: inuse 1 orphan 0 tw 3 alloc 1 mem 0</c>, read as section → key → value so counters that
/// newer kernels add are kept rather than rejected.
/// </summary>
internal sealed class SocketCounters
{
    private readonly Dictionary<string, Dictionary<string, long>> _sections = new(StringComparer.Ordinal);

    /// <summary>The value of <paramref name="key"/> in <paramref name="section"/> ("TCP", "tw"); null when absent.</summary>
    public long? Get(string section, string key) =>
        _sections.TryGetValue(section, out Dictionary<string, long>? values) && values.TryGetValue(key, out long value) ? value : null;

    public IEnumerable<string> Sections => _sections.Keys;

    /// <summary>Reads one sockstat file; an unreadable file or a line not understood becomes a warning note.</summary>
    public static SocketCounters Read(string path, List<SourceNote> notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var counters = new SocketCounters();
        counters.ReadInto(path, notes);
        return counters;
    }

    /// <summary>Adds the counters of the sockstat file at <paramref name="path"/>; problems become warning notes.</summary>
    public void ReadInto(string path, List<SourceNote> notes)
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
        foreach (string bad in Parse(text))
            notes.Add(new SourceNote(SourceNoteKind.Warning, $"{path}: line not understood: {Text.UntrustedText.Escape(bad)}"));
    }

    /// <summary>Adds the counters of one sockstat file; returns the lines that were not "NAME: key value ...".</summary>
    public IReadOnlyList<string> Parse(ReadOnlySpan<byte> text)
    {
        var bad = new List<string>();
        foreach (Range range in text.Split((byte)'\n'))
        {
            ReadOnlySpan<byte> line = text[range];
            if (line.IsEmpty)
                continue;
            int colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                bad.Add(Encoding.UTF8.GetString(line));
                continue;
            }
            string section = Encoding.ASCII.GetString(line[..colon]);
            if (!_sections.TryGetValue(section, out Dictionary<string, long>? values))
                _sections[section] = values = new Dictionary<string, long>(StringComparer.Ordinal);
            if (!TryReadPairs(line[(colon + 1)..], values))
                bad.Add(Encoding.UTF8.GetString(line));
        }
        return bad;
    }

    private static bool TryReadPairs(ReadOnlySpan<byte> rest, Dictionary<string, long> values)
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
            if (!long.TryParse(word, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out long value))
                return false;
            values[key] = value;
            key = null;
        }
        return key is null;
    }
}
