using System.Globalization;
using Netstate.Core.Query;

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
        if (flags.Contains('t'))
            throw new UserFacingException("the offload state (-t) is not shown", "IP Helper's owner tables do not carry it; netstate lists connections without it");
        if (flags.Contains('x'))
            throw new UserFacingException("NetworkDirect connections (-x) are not shown", "netstate lists TCP and UDP sockets");
        if (flags.Contains('y'))
            throw new UserFacingException("TCP connection templates (-y) are not shown", "netstate lists TCP and UDP sockets");
        int modes = (flags.Contains('r') ? 1 : 0) + (flags.Contains('s') ? 1 : 0) + (flags.Contains('e') ? 1 : 0);
        if (modes > 1)
            throw new UsageException("-r, -s and -e cannot be combined", "each shows a different table; run them one at a time");
        if (options.Mode != Mode.Sockets)
            return options with { Format = OutputFormat.Windows };
        Mode mode = flags.Contains('r') ? Mode.Route : flags.Contains('s') ? Mode.Statistics : flags.Contains('e') ? Mode.Interfaces : Mode.Sockets;
        if (mode != Mode.Sockets && options.Filter is not null)
            throw new UsageException($"a filter selects sockets, so it cannot be used with {ModeNames.Describe(mode)}", "drop the filter or the mode flag");

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

    /// <summary>
    /// -p TCP is IPv4 TCP only, as in Windows netstat, TCPv6 IPv6 only; without -p the list is TCP
    /// (connections only) and, with -a, UDP too. netstate's own -4/-6 style selections are not on
    /// the Windows command line, so the tables are decided here.
    /// </summary>
    private static NetstatOptions WithProtocol(NetstatOptions options, string? protocol, Mode mode)
    {
        if (protocol is null)
            return options with { Tcp = true, Udp = true, UdpLite = false, Raw = false, Unix = false, Inet = true, Inet6 = true };
        if (mode == Mode.Statistics)
            throw new UserFacingException("netstate does not read the protocol statistics (-s) on Windows yet", "see docs/windows.md");
        return protocol.ToUpperInvariant() switch
        {
            "TCP" => options with { Tcp = true, Udp = false, Inet = true, Inet6 = false, UdpLite = false, Raw = false, Unix = false },
            "TCPV6" => options with { Tcp = true, Udp = false, Inet = false, Inet6 = true, UdpLite = false, Raw = false, Unix = false },
            "UDP" => options with { Tcp = false, Udp = true, Inet = true, Inet6 = false, UdpLite = false, Raw = false, Unix = false },
            "UDPV6" => options with { Tcp = false, Udp = true, Inet = false, Inet6 = true, UdpLite = false, Raw = false, Unix = false },
            _ => throw new UsageException($"unknown protocol '{protocol}' for -p", "use TCP, UDP, TCPv6 or UDPv6"),
        };
    }
}
