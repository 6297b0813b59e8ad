using System.Globalization;

namespace Netstate.Core.Lab;

/// <summary>
/// The TcpExt counters of /proc/net/netstat: a line of names, then a line of values, both starting
/// with "TcpExt:". The lab reads its own namespace's copy (/proc/thread-self/net/netstat).
/// </summary>
internal static class TcpExtCounters
{
    private const string Prefix = "TcpExt:";

    /// <summary>Every TcpExt counter by name; empty when the file has no TcpExt lines.</summary>
    public static Dictionary<string, long> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var counters = new Dictionary<string, long>(StringComparer.Ordinal);
        string[]? names = null;
        foreach (string line in text.Split('\n'))
        {
            if (!line.StartsWith(Prefix, StringComparison.Ordinal))
                continue;
            string[] fields = line[Prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (names is null)
            {
                names = fields;
                continue;
            }
            for (int i = 0; i < Math.Min(names.Length, fields.Length); i++)
            {
                if (long.TryParse(fields[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out long value))
                    counters[names[i]] = value;
            }
            break;
        }
        return counters;
    }
}
