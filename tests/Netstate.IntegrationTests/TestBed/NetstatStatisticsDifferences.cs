using System.Globalization;
using System.Text.RegularExpressions;

namespace Netstate.IntegrationTests.TestBed;

/// <summary>
/// The documented differences between net-tools netstat 2.10 -s and netstate -s
/// (docs/differences/statistics.md), as rules that turn netstat's output into what netstate must
/// print. Each rule touches only lines of one exact shape and records what it changed, so a test
/// can say which lines differ and why; anything else must be identical.
/// </summary>
public static partial class NetstatStatisticsDifferences
{
    /// <summary>The tables netstat has sentences for; every other table is "unknown" to it.</summary>
    private static readonly HashSet<string> NetstatKnownTables = ["Ip", "Icmp", "Tcp", "Udp", "Sctp", "TcpExt", "Ip6", "Icmp6", "Udp6", "Tcp6"];

    /// <summary>
    /// Counters netstat has a sentence for but prints as "Name: value": its binary search runs over
    /// tables that are not sorted (and one name has a trailing blank), so it misses exactly these.
    /// Null: a configuration value netstat means to hide, as it hides DefaultTTL.
    /// </summary>
    public static readonly IReadOnlyDictionary<(string Table, string Counter), string?> MissedByNetstat = new Dictionary<(string, string), string?>
    {
        [("Ip", "Forwarding")] = null,
        [("TcpExt", "TCPDirectCopyFromPrequeue")] = "{0} bytes directly received in process context from prequeue",
        [("TcpExt", "TCPDSACKOfoRecv")] = "{0} DSACKs for out of order packets received",
        [("TcpExt", "TCPDSACKOfoSent")] = "{0} DSACKs sent for out of order packets",
        [("TcpExt", "TCPDSACKOldSent")] = "{0} DSACKs sent for old packets",
        [("TcpExt", "TCPDSACKRecv")] = "{0} DSACKs received",
        [("TcpExt", "TCPDSackUndo")] = "{0} congestion window recovered without slow start using DSACK",
        [("TcpExt", "TCPDSACKUndo")] = "{0} congestion windows recovered without slow start by DSACK",
        [("TcpExt", "TCPLoss")] = "{0} TCP data loss events",
        [("TcpExt", "TCPPrequeueDropped")] = "{0} packets dropped from prequeue",
        [("TcpExt", "TCPRenoRecoveryFailed")] = "{0} reno fast retransmits failed",
        [("TcpExt", "TCPRenoRecoveryFail")] = "{0} classic Reno fast retransmits failed",
        [("TcpExt", "TCPSackFailures")] = "{0} timeouts after SACK recovery",
        [("TcpExt", "TCPSackRecoveryFail")] = "{0} SACK retransmits failed",
        [("TcpExt", "TCPSackRecovery")] = "{0} times recovered from packet loss by selective acknowledgements",
        [("TcpExt", "TCPSACKReneging")] = "{0} bad SACK blocks received",
        [("TcpExt", "TCPTimeouts")] = "{0} other TCP timeouts",
        [("TcpExt", "TWKilled")] = "{0} TCP sockets finished time wait in slow timer",
        [("Icmp6", "Icmp6OutRouterAdvertisements")] = "router advertisement: {0}",
    };

    /// <summary>The kinds of difference, one per line of docs/differences/statistics.md that live output can show.</summary>
    public enum Kind
    {
        /// <summary>A table netstat has no sentences for, printed by netstat under any -t/-u/-w/-U.</summary>
        UnselectedTable,
        /// <summary>A known counter netstat misses, printed raw; netstate prints its sentence.</summary>
        MissedSentence,
        /// <summary>Forwarding, printed raw by netstat because its lookup misses it; netstate hides it like DefaultTTL.</summary>
        HiddenConfiguration,
        /// <summary>Lines of a table unknown to netstat, indented as the previous table's histogram was.</summary>
        CarriedIndent,
        /// <summary>An ICMP histogram title indented as the previous histogram's entries (Icmp6).</summary>
        HistogramTitleIndent,
        /// <summary>A negative counter that netstat prints as an unsigned 64-bit number.</summary>
        NegativeValue,
    }

    public sealed record Difference(Kind Kind, string Netstat, string? Netstate);

    public sealed record Expectation(string[] Lines, IReadOnlyList<Difference> Differences)
    {
        public int Count(Kind kind) => Differences.Count(d => d.Kind == kind);

        public string Describe() => string.Join('\n', Differences.Select(d => $"{d.Kind}: '{d.Netstat}' -> '{d.Netstate ?? "(no line)"}'"));
    }

    /// <summary>
    /// What netstate prints for the same counters, given netstat's output and the tables netstate
    /// selects (<paramref name="shownTables"/>; null when every table is shown). A value the kernel
    /// wrote as negative cannot be told from a huge one in netstat's output, so a test states such
    /// lines in <paramref name="explicitLines"/> (netstat's line to netstate's).
    /// </summary>
    public static Expectation Apply(string netstatOutput, IReadOnlySet<string>? shownTables, IReadOnlyDictionary<string, string>? explicitLines = null)
    {
        ArgumentNullException.ThrowIfNull(netstatOutput);
        var lines = new List<string>();
        var differences = new List<Difference>();
        string? table = null;
        bool dropping = false;
        foreach (string line in netstatOutput.Split('\n'))
        {
            if (line.Length == 0)
            {
                // The end of the output (after its last newline), which no rule touches.
                lines.Add(line);
                continue;
            }
            if (line[0] != ' ')
            {
                table = line.TrimEnd(':');
                dropping = shownTables is not null && !shownTables.Contains(table);
                if (dropping)
                {
                    if (NetstatKnownTables.Contains(table))
                        throw new InvalidOperationException($"netstat showed its own table {table}, which netstate left out");
                    differences.Add(new Difference(Kind.UnselectedTable, line, null));
                    continue;
                }
                lines.Add(line);
                continue;
            }
            if (dropping)
            {
                differences.Add(new Difference(Kind.UnselectedTable, line, null));
                continue;
            }
            if (Rewrite(line, table, explicitLines, differences) is { } kept)
                lines.Add(kept);
        }
        return new Expectation([.. lines], differences);
    }

    /// <summary>The line netstate prints for one line of netstat's, or null when it prints none.</summary>
    private static string? Rewrite(string line, string? table, IReadOnlyDictionary<string, string>? explicitLines, List<Difference> differences)
    {
        if (explicitLines is not null && explicitLines.TryGetValue(line, out string? stated))
        {
            differences.Add(new Difference(Kind.NegativeValue, line, stated));
            return stated;
        }
        Match raw = RawCounter().Match(line);
        if (raw.Success && table is not null && MissedByNetstat.TryGetValue((table, raw.Groups["name"].Value), out string? sentence))
        {
            if (sentence is null)
            {
                differences.Add(new Difference(Kind.HiddenConfiguration, line, null));
                return null;
            }
            string rewritten = raw.Groups["indent"].Value + string.Format(CultureInfo.InvariantCulture, sentence, raw.Groups["value"].Value);
            differences.Add(new Difference(Kind.MissedSentence, line, rewritten));
            return rewritten;
        }
        if (table is not null && !NetstatKnownTables.Contains(table) && line.StartsWith("        ", StringComparison.Ordinal))
        {
            string rewritten = line[4..];
            differences.Add(new Difference(Kind.CarriedIndent, line, rewritten));
            return rewritten;
        }
        if (line is "        ICMP input histogram:" or "        ICMP output histogram:")
        {
            string rewritten = line[4..];
            differences.Add(new Difference(Kind.HistogramTitleIndent, line, rewritten));
            return rewritten;
        }
        return line;
    }

    [GeneratedRegex(@"^(?<indent> +)(?<name>\w+): (?<value>\d+)$")]
    private static partial Regex RawCounter();
}
