namespace Netstate.Core.Kernel;

/// <summary>
/// The kernel's own socket counts by section and key ("TCP", "tw"), as ss -s and --summary show
/// them. Kept as section → key → value, so counters a newer kernel adds are kept, not rejected.
/// </summary>
internal sealed class SocketCounters
{
    private readonly Dictionary<string, Dictionary<string, long>> _sections = new(StringComparer.Ordinal);

    /// <summary>The value of <paramref name="key"/> in <paramref name="section"/> ("TCP", "tw"); null when absent.</summary>
    public long? Get(string section, string key) =>
        _sections.TryGetValue(section, out Dictionary<string, long>? values) && values.TryGetValue(key, out long value) ? value : null;

    /// <summary>The sections in the order they were read.</summary>
    public IEnumerable<string> Sections => _sections.Keys;

    /// <summary>
    /// The "inuse" counts of several network namespaces added up, section by section. Only those:
    /// the rest (orphans, buffer memory, sockets used) are counted for the whole kernel, so every
    /// namespace repeats them and a sum would be wrong.
    /// </summary>
    internal static SocketCounters SumInUse(IEnumerable<SocketCounters> namespaces)
    {
        ArgumentNullException.ThrowIfNull(namespaces);
        var sum = new SocketCounters();
        foreach (SocketCounters counters in namespaces)
        {
            foreach ((string section, Dictionary<string, long> values) in counters._sections)
            {
                if (values.TryGetValue("inuse", out long inUse))
                    sum.Add(section, [("inuse", (sum.Get(section, "inuse") ?? 0) + inUse)]);
            }
        }
        return sum;
    }

    /// <summary>Records one section's counters; a later value of the same key replaces the earlier one.</summary>
    internal void Add(string section, IEnumerable<(string Key, long Value)> counters)
    {
        if (!_sections.TryGetValue(section, out Dictionary<string, long>? values))
            _sections[section] = values = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach ((string key, long value) in counters)
            values[key] = value;
    }
}
