namespace Netstate.Core.Kernel;

/// <summary>
/// One kernel counter as the file names it. Values are 64-bit, unsigned for nearly every counter
/// but signed for a few (Tcp MaxConn is -1), so they are kept in a type that holds both ranges.
/// </summary>
internal readonly record struct KernelCounter(string Name, Int128 Value);

/// <summary>One table of counters ("Tcp", "TcpExt", "Icmp6"), in the order the kernel wrote them.</summary>
internal sealed class CounterTable
{
    private readonly List<KernelCounter> _counters = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    internal CounterTable(string name, CounterFiles source)
    {
        Name = name;
        Source = source;
    }

    /// <summary>The table's name as the kernel writes it, without the colon.</summary>
    public string Name { get; }

    /// <summary>The file the table was read from.</summary>
    public CounterFiles Source { get; }

    public IReadOnlyList<KernelCounter> Counters => _counters;

    /// <summary>The value of <paramref name="name"/>, or null when this kernel has no such counter.</summary>
    public Int128? Get(string name) => _index.TryGetValue(name, out int at) ? _counters[at].Value : null;

    /// <summary>A repeated name keeps its first position and takes the later value.</summary>
    internal void Set(string name, Int128 value)
    {
        if (_index.TryGetValue(name, out int at))
        {
            _counters[at] = new KernelCounter(name, value);
            return;
        }
        _index.Add(name, _counters.Count);
        _counters.Add(new KernelCounter(name, value));
    }
}

/// <summary>
/// The kernel's protocol counters from /proc/net/snmp, /proc/net/netstat, /proc/net/snmp6 and
/// /proc/net/sctp/snmp: ordered tables of named values with a lookup by table and name, e.g.
/// <c>counters.Get("TcpExt", "ListenOverflows")</c>. Counters a newer kernel adds are kept as they
/// come; a counter an older kernel lacks reads as null.
/// </summary>
internal sealed class KernelCounters
{
    private readonly List<CounterTable> _tables = [];
    private readonly Dictionary<string, CounterTable> _byName = new(StringComparer.Ordinal);

    /// <summary>Every table in the order read: file by file, and within a file as the kernel wrote it.</summary>
    public IReadOnlyList<CounterTable> Tables => _tables;

    /// <summary>The table called <paramref name="name"/> ("TcpExt"), or null when no file read had it.</summary>
    public CounterTable? Table(string name) => _byName.GetValueOrDefault(name);

    /// <summary>
    /// The value of counter <paramref name="name"/> in <paramref name="table"/>, or null when absent.
    /// IPv6 counters keep their full names: <c>Get("Icmp6", "Icmp6InErrors")</c>.
    /// </summary>
    public Int128? Get(string table, string name) => Table(table)?.Get(name);

    /// <summary>Like <see cref="Get"/>, for callers that prefer a flag to a nullable.</summary>
    public bool TryGet(string table, string name, out Int128 value)
    {
        Int128? found = Get(table, name);
        value = found ?? Int128.Zero;
        return found.HasValue;
    }

    /// <summary>The table called <paramref name="name"/>, created at the end when it is new (a repeated table adds to the first).</summary>
    internal CounterTable TableFor(string name, CounterFiles source)
    {
        if (_byName.TryGetValue(name, out CounterTable? table))
            return table;
        table = new CounterTable(name, source);
        _tables.Add(table);
        _byName.Add(name, table);
        return table;
    }
}
