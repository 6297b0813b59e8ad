using System.Globalization;
using System.Text;
using Netstate.Core.Sources.Linux;

namespace Netstate.Core.Kernel;

/// <summary>
/// Parses the kernel's counter files into <see cref="KernelCounters"/>. Two layouts exist:
/// /proc/net/snmp and /proc/net/netstat hold pairs of lines, "Table: Name1 Name2 ..." then
/// "Table: value1 value2 ..."; /proc/net/snmp6 and /proc/net/sctp/snmp hold one "Name value" per line.
/// A line that does not fit is skipped and reported; what can be paired is kept.
/// </summary>
internal static class ProcNetSnmpParser
{
    /// <summary>Reads "Table: names" / "Table: values" pairs (/proc/net/snmp, /proc/net/netstat).</summary>
    public static void ParseTablePairs(ReadOnlySpan<byte> text, string fileName, CounterFiles source, KernelCounters counters, ParseProblems problems)
    {
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentNullException.ThrowIfNull(problems);
        var lines = new ProcLines(text);
        // The names line waiting for its values line.
        ReadOnlySpan<byte> names = default;
        int namesLine = 0;
        while (lines.TryNext(out ReadOnlySpan<byte> line))
        {
            int number = lines.Number + 1;
            if (IsBlank(line))
                continue;
            int colon = line.IndexOf((byte)':');
            if (colon <= 0 || !IsName(line[..colon]))
            {
                problems.Add(fileName, number, "not a 'Table: ...' line", line);
                continue;
            }
            if (names.IsEmpty)
            {
                names = line;
                namesLine = number;
                continue;
            }
            ReadOnlySpan<byte> table = names[..names.IndexOf((byte)':')];
            if (!line[..colon].SequenceEqual(table))
            {
                // Two different tables in a row: the first lost its values line; this one starts afresh.
                problems.Add(fileName, namesLine, "names line without its values line", names);
                names = line;
                namesLine = number;
                continue;
            }
            Pair(table, names[(table.Length + 1)..], line[(colon + 1)..], fileName, number, source, counters, problems, line);
            names = default;
        }
        if (!names.IsEmpty)
            problems.Add(fileName, namesLine, "names line without its values line (file cut short?)", names);
    }

    /// <summary>
    /// Reads "Name value" lines (/proc/net/snmp6, /proc/net/sctp/snmp). <paramref name="tableOf"/>
    /// gives each counter's table from its name, e.g. <see cref="Ipv6TableOf"/>.
    /// </summary>
    public static void ParseNameValueLines(ReadOnlySpan<byte> text, string fileName, CounterFiles source, Func<string, string> tableOf,
        KernelCounters counters, ParseProblems problems)
    {
        ArgumentNullException.ThrowIfNull(tableOf);
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentNullException.ThrowIfNull(problems);
        var lines = new ProcLines(text);
        while (lines.TryNext(out ReadOnlySpan<byte> line))
        {
            int number = lines.Number + 1;
            if (IsBlank(line))
                continue;
            ReadOnlySpan<byte> rest = line;
            ReadOnlySpan<byte> name = NextWord(ref rest);
            ReadOnlySpan<byte> value = NextWord(ref rest);
            if (!IsName(name))
                problems.Add(fileName, number, "the counter name is not a plain word", line);
            else if (value.IsEmpty)
                problems.Add(fileName, number, "a counter name without a value", line);
            else if (!NextWord(ref rest).IsEmpty)
                problems.Add(fileName, number, "more than a name and a value", line);
            else if (!TryParseValue(value, out Int128 parsed))
                problems.Add(fileName, number, "the value is not a 64-bit number", line);
            else
            {
                string counter = Encoding.ASCII.GetString(name);
                counters.TableFor(tableOf(counter), source).Set(counter, parsed);
            }
        }
    }

    /// <summary>
    /// The table of an IPv6 counter: its name up to and including the first '6' ("Icmp6InErrors" is
    /// in "Icmp6", "UdpLite6InDatagrams" in "UdpLite6"), as netstat groups them; a name without a
    /// '6' is a table of its own.
    /// </summary>
    public static string Ipv6TableOf(string counter)
    {
        ArgumentNullException.ThrowIfNull(counter);
        int six = counter.IndexOf('6', StringComparison.Ordinal);
        return six < 0 ? counter : counter[..(six + 1)];
    }

    /// <summary>Every counter in /proc/net/sctp/snmp belongs to the one table "Sctp".</summary>
    public static string SctpTableOf(string counter) => "Sctp";

    private static void Pair(ReadOnlySpan<byte> table, ReadOnlySpan<byte> names, ReadOnlySpan<byte> values, string fileName, int number,
        CounterFiles source, KernelCounters counters, ParseProblems problems, ReadOnlySpan<byte> valuesLine)
    {
        CounterTable target = counters.TableFor(Encoding.ASCII.GetString(table), source);
        int nameCount = 0, valueCount = 0;
        bool badValue = false, badName = false;
        while (true)
        {
            ReadOnlySpan<byte> name = NextWord(ref names);
            ReadOnlySpan<byte> value = NextWord(ref values);
            nameCount += name.IsEmpty ? 0 : 1;
            valueCount += value.IsEmpty ? 0 : 1;
            if (name.IsEmpty || value.IsEmpty)
            {
                // Count what is left on the longer line, for the message.
                while (!NextWord(ref names).IsEmpty)
                    nameCount++;
                while (!NextWord(ref values).IsEmpty)
                    valueCount++;
                break;
            }
            if (!IsName(name))
                badName = true;
            else if (!TryParseValue(value, out Int128 parsed))
                badValue = true;
            else
                target.Set(Encoding.ASCII.GetString(name), parsed);
        }
        if (nameCount != valueCount)
            problems.Add(fileName, number, $"{nameCount} names but {valueCount} values", valuesLine, $"the first {Math.Min(nameCount, valueCount)} counters kept");
        if (badValue)
            problems.Add(fileName, number, "a value that is not a 64-bit number", valuesLine, "that counter skipped");
        if (badName)
            problems.Add(fileName, number, "a counter name that is not a plain word", valuesLine, "that counter skipped");
    }

    /// <summary>The next blank- or tab-separated word, or an empty span at the end.</summary>
    private static ReadOnlySpan<byte> NextWord(ref ReadOnlySpan<byte> rest)
    {
        rest = rest.TrimStart(" \t\r"u8);
        int end = rest.IndexOfAny(" \t\r"u8);
        if (end < 0)
            end = rest.Length;
        ReadOnlySpan<byte> word = rest[..end];
        rest = rest[end..];
        return word;
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.TrimStart(" \t\r"u8).IsEmpty;

    /// <summary>Kernel counter and table names are ASCII letters, digits and '_' (and must stay safe to print).</summary>
    private static bool IsName(ReadOnlySpan<byte> word)
    {
        if (word.IsEmpty || word.Length > 64)
            return false;
        foreach (byte b in word)
        {
            if (!(char.IsAsciiLetterOrDigit((char)b) || b == (byte)'_'))
                return false;
        }
        return true;
    }

    /// <summary>Counters are unsigned 64-bit, a few are signed (MaxConn): anything from long.MinValue to ulong.MaxValue.</summary>
    private static bool TryParseValue(ReadOnlySpan<byte> text, out Int128 value) =>
        Int128.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)
        && value >= long.MinValue && value <= ulong.MaxValue;
}
