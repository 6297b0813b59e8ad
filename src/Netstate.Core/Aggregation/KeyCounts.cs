using System.Runtime.InteropServices;

namespace Netstate.Core.Aggregation;

/// <summary>
/// Counts values of one key (a port, a peer, a process) in one pass and ranks the most frequent:
/// the top lists of explain and doctor. Keys are counted by value; only the keys that can make the
/// top are turned into text.
/// </summary>
/// <typeparam name="TKey">What is counted.</typeparam>
public sealed class KeyCounts<TKey> where TKey : notnull
{
    private readonly Dictionary<TKey, int> _counts;

    /// <summary>An empty count; <paramref name="comparer"/> decides which keys are one (by default, equal values).</summary>
    public KeyCounts(IEqualityComparer<TKey>? comparer = null) => _counts = new Dictionary<TKey, int>(comparer);

    /// <summary>How many different keys were counted.</summary>
    public int Distinct => _counts.Count;

    /// <summary>Counts one more <paramref name="key"/>.</summary>
    public void Add(TKey key) => CollectionsMarshal.GetValueRefOrAddDefault(_counts, key, out _)++;

    /// <summary>Counts every key of <paramref name="keys"/>.</summary>
    public KeyCounts<TKey> AddRange(IEnumerable<TKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (TKey key in keys)
            Add(key);
        return this;
    }

    /// <summary>How often <paramref name="key"/> was counted.</summary>
    public int CountOf(TKey key) => _counts.GetValueOrDefault(key);

    /// <summary>
    /// The <paramref name="count"/> most frequent keys, most frequent first; ties in the order of
    /// their <paramref name="name"/> (ordinal), so a report is stable from run to run.
    /// </summary>
    /// <param name="count">How many to keep.</param>
    /// <param name="name">The key's text (raw: a process name is whatever its owner chose; renderers escape it).</param>
    public IReadOnlyList<Ranked<TKey>> Top(int count, Func<TKey, string> name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (count <= 0 || _counts.Count == 0)
            return [];
        int lastPlace = _counts.Count > count ? _counts.Values.OrderDescending().ElementAt(count - 1) : 0;
        return _counts.Where(p => p.Value >= lastPlace)
            .Select(p => new Ranked<TKey>(p.Key, name(p.Key), p.Value))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Name, StringComparer.Ordinal)
            .Take(count).ToList();
    }
}

/// <summary>A key with its text and how often it was counted.</summary>
/// <param name="Key">The value counted.</param>
/// <param name="Name">Its text, raw.</param>
/// <param name="Count">How often it was counted.</param>
public readonly record struct Ranked<TKey>(TKey Key, string Name, int Count);
