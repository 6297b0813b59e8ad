using System.Globalization;
using Netstate.Core.Query;
using StatisticsKind = Netstate.Core.Platform.Windows.StatisticsKind;

namespace Netstate.Cli.Arguments;

/// <summary>
/// Windows netstat's command line: flags after '-' or '/', bundled (<c>-ano</c>), in either case,
/// <c>-p PROTO</c> and a bare number as the interval. netstate's own long options (--json, --csv,
/// --count-by, --filter ...) and a trailing filter work as on Linux: they are handed to
/// <see cref="NetstatArgumentParser"/>, and the Windows flags are applied on top.
/// </summary>
internal static class WindowsNetstatArgumentParser
{
    /// <summary>Every flag Windows netstat has; the ones netstate cannot serve are refused by name.</summary>
    internal const string Flags = "abefnopqrstxy";

    /// <summary>The protocols -p takes for the connection list (Windows netstat's words, any case).</summary>
    internal static IReadOnlyList<string> Protocols { get; } = ["TCP", "TCPv6", "UDP", "UDPv6"];

    public static NetstatOptions Parse(IReadOnlyList<string> args)
    {
        var netstate = new List<string>();
        var flags = new HashSet<char>();
        string? protocol = null;
        string? interval = null;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg == "--")
            {
                netstate.AddRange(args.Skip(i));
                break;
            }
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                netstate.Add(arg);
                if (NetstatArgumentParser.TakesSeparateValue(arg) && i + 1 < args.Count)
                    netstate.Add(args[++i]);
                continue;
            }
            if (arg.Length > 1 && arg[0] is '-' or '/')
            {
                i = ParseCluster(args, i, flags, ref protocol);
                continue;
            }
            if (arg.All(char.IsAsciiDigit))
            {
                interval = interval is null ? arg : throw new UsageException($"a second interval '{arg}' after '{interval}'", "give one interval, in seconds: netstate -ano 5");
                continue;
            }
            if (FilterParser.CanStart(arg))
            {
                netstate.Add("--");
                netstate.AddRange(args.Skip(i));
                break;
            }
            throw new UsageException($"unexpected argument '{arg}'", "Windows netstat's flags start with '-' or '/' (netstate -ano), a filter with a keyword such as state or sport; see 'netstate -?'");
        }
        if (flags.Contains('?'))
            return new NetstatOptions { Mode = Mode.Help, Format = OutputFormat.Windows };
        return Apply(NetstatArgumentParser.Parse(netstate), flags, protocol, interval);
    }

    private static int ParseCluster(IReadOnlyList<string> args, int index, HashSet<char> flags, ref string? protocol)
    {
        string arg = args[index];
        for (int j = 1; j < arg.Length; j++)
        {
            char flag = char.ToLowerInvariant(arg[j]);
            if (flag is '?' or 'h')
            {
                flags.Add('?');
                continue;
            }
            if (!Flags.Contains(flag, StringComparison.Ordinal))
                throw new UsageException($"unknown option '{arg[0]}{arg[j]}'" + (arg.Length > 2 ? $" in '{arg}'" : ""), "see 'netstate -?' for Windows netstat's flags");
            flags.Add(flag);
            if (flag != 'p')
                continue;
            // -p takes the next word, also at the end of a bundle (-anp tcp) and glued on (-pTCP).
            protocol = j + 1 < arg.Length ? arg[(j + 1)..]
                : index + 1 < args.Count ? args[++index]
                : throw new UsageException("option '-p' needs a protocol", "TCP, UDP, TCPv6 or UDPv6");
            return index;
        }
        return index;
    }

    private static NetstatOptions Apply(NetstatOptions options, HashSet<char> flags, string? protocol, string? interval)
    {
        if (flags.Contains('x'))
            throw new UserFacingException("NetworkDirect connections (-x) are not shown", "no documented Windows call lists them; netstate lists TCP and UDP sockets");
        if (flags.Contains('y'))
            throw new UserFacingException("TCP connection templates (-y) are not shown", "no documented Windows call lists them; netstate lists TCP and UDP sockets");
        // -e and -s together are Windows netstat's interface statistics followed by the protocol statistics.
        if (flags.Contains('r') && (flags.Contains('s') || flags.Contains('e')))
            throw new UsageException("-r cannot be combined with -s or -e", "each shows a different table; run them one at a time");
        if (options.Mode != Mode.Sockets)
            return options with { Format = OutputFormat.Windows };
        Mode mode = flags.Contains('r') ? Mode.Route : flags.Contains('e') ? Mode.Interfaces : flags.Contains('s') ? Mode.Statistics : Mode.Sockets;
        if (mode != Mode.Sockets && options.Filter is not null)
            throw new UsageException($"a filter selects sockets, so it cannot be used with {ModeNames.Describe(mode)}", "drop the filter or the mode flag");
        if (mode != Mode.Sockets && options.Format is not OutputFormat.Netstat)
            throw new UsageException($"{Describe(mode)} prints in Windows netstat's layout only", "--json, --csv and --count-by are for the connection list");
        if (flags.Contains('t') && (options.Format is not OutputFormat.Netstat || options.CountBy.Count > 0))
            throw new UsageException("the offload state (-t) is a column of Windows netstat's layout; --json, --csv and --count-by have no place for it", "drop -t, or drop the other option");

        bool all = flags.Contains('a') || flags.Contains('q') || options.All;
        options = options with
        {
            Mode = mode,
            All = all,
            NumericHosts = options.NumericHosts || flags.Contains('n'),
            NumericPorts = options.NumericPorts || flags.Contains('n'),
            NumericUsers = true,
            // -o and -b both need the owner of each row, which the owner-PID tables carry anyway.
            Programs = options.Programs || flags.Contains('o') || flags.Contains('b'),
            WindowsPids = flags.Contains('o'),
            WindowsExecutables = flags.Contains('b'),
            WindowsFullNames = flags.Contains('f'),
            WindowsOffload = flags.Contains('t'),
            WindowsStatistics = mode == Mode.Interfaces && flags.Contains('s'),
            Format = options.Format == OutputFormat.Netstat ? OutputFormat.Windows : options.Format,
        };
        options = WithProtocol(options, protocol, mode);
        if (interval is not null)
        {
            int seconds = int.TryParse(interval, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value is > 0 and <= 86400
                ? value
                : throw new UsageException($"the interval must be a number of seconds from 1 to 86400, not '{interval}'");
            options = options with { Continuous = true, Interval = TimeSpan.FromSeconds(seconds) };
        }
        return options;
    }

    /// <summary>A mode by its Windows flag.</summary>
    private static string Describe(Mode mode) => mode switch
    {
        Mode.Interfaces => "the interface statistics (-e)",
        _ => ModeNames.Describe(mode),
    };

    /// <summary>What -p takes with -s, upper case.</summary>
    internal static IReadOnlyList<string> StatisticsProtocols { get; } = ["IP", "IPV6", "ICMP", "ICMPV6", "TCP", "TCPV6", "UDP", "UDPV6"];

    /// <summary>-s -p TCP (TCPv6, UDP, UDPv6) lists that protocol's connections after its statistics, as Windows netstat does.</summary>
    internal static bool StatisticsListSockets(string? protocol) => protocol is "TCP" or "TCPV6" or "UDP" or "UDPV6";

    /// <summary>The sections -s shows, in Windows netstat's order: every protocol, or the one -p names.</summary>
    internal static IReadOnlyList<(StatisticsKind Kind, bool Ipv6)> StatisticsSections(string? protocol)
    {
        if (protocol is null)
        {
            var all = new List<(StatisticsKind, bool)>();
            foreach (StatisticsKind kind in Enum.GetValues<StatisticsKind>())
                all.AddRange([(kind, false), (kind, true)]);
            return all;
        }
        bool ipv6 = protocol.EndsWith("V6", StringComparison.Ordinal);
        StatisticsKind which = protocol[..(ipv6 ? protocol.Length - 2 : protocol.Length)] switch
        {
            "IP" => StatisticsKind.Ip,
            "ICMP" => StatisticsKind.Icmp,
            "TCP" => StatisticsKind.Tcp,
            _ => StatisticsKind.Udp,
        };
        return [(which, ipv6)];
    }

    /// <summary>
    /// -p TCP is IPv4 TCP only, as in Windows netstat, TCPv6 IPv6 only; without -p the list is TCP
    /// (connections only) and, with -a, UDP too. netstate's own -4/-6 style selections are not on
    /// the Windows command line, so the tables are decided here.
    /// </summary>
    private static NetstatOptions WithProtocol(NetstatOptions options, string? protocol, Mode mode)
    {
        if (protocol is null)
            return options with { Tcp = true, Udp = true, UdpLite = false, Raw = false, Unix = false, Inet = true, Inet6 = true };
        string upper = protocol.ToUpperInvariant();
        bool statistics = mode == Mode.Statistics || (mode == Mode.Interfaces && options.WindowsStatistics);
        if (mode is Mode.Route || (mode is Mode.Interfaces && !statistics))
            throw new UsageException($"-p selects a protocol, which {Describe(mode)} does not have", "use -p with the connection list or with -s");
        if (statistics)
        {
            if (!StatisticsProtocols.Contains(upper, StringComparer.Ordinal))
                throw new UsageException($"unknown protocol '{protocol}' for -p with -s", "use IP, IPv6, ICMP, ICMPv6, TCP, TCPv6, UDP or UDPv6");
            options = options with { WindowsProtocol = upper };
            if (!StatisticsListSockets(upper))
                return options;
        }
        return upper switch
        {
            "TCP" => options with { Tcp = true, Udp = false, Inet = true, Inet6 = false, UdpLite = false, Raw = false, Unix = false },
            "TCPV6" => options with { Tcp = true, Udp = false, Inet = false, Inet6 = true, UdpLite = false, Raw = false, Unix = false },
            "UDP" => options with { Tcp = false, Udp = true, Inet = true, Inet6 = false, UdpLite = false, Raw = false, Unix = false },
            "UDPV6" => options with { Tcp = false, Udp = true, Inet = false, Inet6 = true, UdpLite = false, Raw = false, Unix = false },
            _ => throw new UsageException($"unknown protocol '{protocol}' for -p", "use TCP, UDP, TCPv6 or UDPv6"),
        };
    }
}
