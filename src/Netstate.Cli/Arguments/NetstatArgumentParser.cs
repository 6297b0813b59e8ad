using System.Globalization;
using Netstate.Core.Query;
using Netstate.Core.Sources.Linux;

namespace Netstate.Cli.Arguments;

/// <summary>
/// Reads netstat's command line the way getopt_long does: bundled short flags (<c>-tulpn</c>),
/// <c>-A inet</c> or <c>-Ainet</c>, long options with <c>=value</c> or a separate value, and any
/// unambiguous prefix of a long option (<c>--numeric-p</c>).
/// </summary>
internal static class NetstatArgumentParser
{
    /// <summary>One long option; <see cref="Short"/> is its short flag, '\0' for none.</summary>
    internal sealed record LongOption(string Name, char Short, bool TakesValue = false)
    {
        /// <summary>Names an address family (--inet, --unix ...) rather than a flag.</summary>
        public bool IsFamily => Short == AddressFamily;
    }

    // '\0' marks long-only options, told apart by name. AddressFamily marks netstat's
    // AFTRANS_OPTS, which share one getopt value: a prefix matching only those ("--ine") is not
    // ambiguous, and the first listed wins, as in getopt_long. They come first, in netstat's order.
    private const char AddressFamily = '\u0001';

    private static readonly LongOption[] LongOptions =
    [
        new("ax25", AddressFamily), new("x25", AddressFamily), new("ip", AddressFamily), new("ipx", AddressFamily),
        new("appletalk", AddressFamily), new("netrom", AddressFamily), new("inet", AddressFamily), new("inet6", AddressFamily),
        new("ddp", AddressFamily), new("rose", AddressFamily), new("unix", AddressFamily), new("bluetooth", AddressFamily),
        new("tcpip", AddressFamily),
        new("all", 'a'), new("listening", 'l'), new("tcp", 't'), new("udp", 'u'), new("udplite", 'U'),
        new("raw", 'w'), new("sctp", 'S'), new("programs", 'p'), new("extend", 'e'),
        new("timers", 'o'), new("wide", 'W'), new("notrim", 'W'), new("numeric", 'n'), new("continuous", 'c'),
        new("verbose", 'v'), new("version", 'V'), new("help", 'h'), new("protocol", 'A', TakesValue: true),
        new("route", 'r'), new("interfaces", 'i'), new("statistics", 's'), new("masquerade", 'M'), new("groups", 'g'),
        new("symbolic", 'N'), new("cache", 'C'), new("fib", 'F'), new("context", 'Z'),
        new("l2cap", '2'), new("rfcomm", 'f'),
        new("numeric-hosts", '\0'), new("numeric-ports", '\0'), new("numeric-users", '\0'),
        new("proc-root", '\0', TakesValue: true), new("resolve-timeout", '\0', TakesValue: true),
        new("count", '\0', TakesValue: true), new("source", '\0', TakesValue: true),
        new("summary", '\0'), new("filter", '\0', TakesValue: true),
        new("format", '\0', TakesValue: true), new("json", '\0'), new("jsonl", '\0'), new("csv", '\0'),
        new("info", '\0'), new("memory", 'm'), new("count-by", '\0', TakesValue: true), new("top", '\0', TakesValue: true),
    ];

    // netstat's getopt string, less '?': -T exists only as --notrim.
    // -m (--memory) is netstate's own, taken from ss.
    private const string ShortFlags = "AaCcdeFfghilMmNnoprSstUuVvWwxZ246";

    /// <summary>Flags accepted only to answer netstat's command lines with a clear "not supported".</summary>
    private const string UnsupportedFlags = "SZ2f";

    /// <summary>Families netstat knows and Linux netstate does not show; named with a clear error.</summary>
    private static readonly string[] UnsupportedFamilies = ["ax25", "ipx", "ddp", "appletalk", "netrom", "x25", "rose", "ash", "econet", "bluetooth"];

    /// <summary>The families -A takes, each a working choice.</summary>
    internal static IReadOnlyList<string> Families { get; } = ["inet", "inet6", "unix"];

    /// <summary>Every long option that does something on Linux: what completions offer and the man page documents.</summary>
    internal static IEnumerable<LongOption> WorkingLongOptions =>
        LongOptions.Where(o => !UnsupportedFlags.Contains(o.Short, StringComparison.Ordinal)
            && !(o.IsFamily && UnsupportedFamilies.Contains(o.Name)));

    /// <summary>Every short flag that does something on Linux (-d, -N, -C, -F are accepted and do nothing).</summary>
    internal static IEnumerable<char> WorkingShortFlags =>
        ShortFlags.Where(f => !UnsupportedFlags.Contains(f, StringComparison.Ordinal) && f is not ('d' or 'N' or 'C' or 'F'));

    public static NetstatOptions Parse(IReadOnlyList<string> args)
    {
        var options = new NetstatOptions();
        var modes = new List<(Mode Mode, string Flag)>();
        string? trailingFilter = null;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg == "--")
            {
                // Everything after '--' is a filter, even words that look like flags.
                if (i + 1 < args.Count)
                    trailingFilter = string.Join(' ', args.Skip(i + 1));
                break;
            }
            if (arg.StartsWith("--", StringComparison.Ordinal))
                i = ParseLong(args, i, options, modes);
            else if (arg.Length > 1 && arg[0] == '-')
                i = ParseShortCluster(args, i, options, modes);
            else if (FilterParser.CanStart(arg))
            {
                // As in ss, the first word that is no flag starts the filter, which runs to the end.
                trailingFilter = string.Join(' ', args.Skip(i));
                break;
            }
            else
                throw new UsageException($"unexpected argument '{arg}'", "netstat flags start with '-', a filter with a keyword such as state, sport or src; see 'netstate --help'");
            if (StopsParsing(modes))
                break;
        }

        OutputOptions.Apply(options, modes);
        ApplyModes(options, modes);
        if (trailingFilter is not null && !StopsParsing(modes))
        {
            if (options.Filter is not null)
                throw new UsageException("a filter was given both with --filter and after the flags", "give it once; join conditions with 'and'");
            options.Filter = FilterArgument.Parse(trailingFilter);
        }
        if (options.Filter is not null && options.Mode is not (Mode.Sockets or Mode.Help or Mode.Version))
            throw new UsageException($"a filter selects sockets, so it cannot be used with {ModeNames.Describe(options.Mode)}", "drop the filter or the mode flag");
        options.Normalise();
        return options;
    }

    private static int ParseShortCluster(IReadOnlyList<string> args, int index, NetstatOptions options, List<(Mode, string)> modes)
    {
        string arg = args[index];
        for (int j = 1; j < arg.Length; j++)
        {
            char flag = arg[j];
            if (!ShortFlags.Contains(flag, StringComparison.Ordinal))
                throw new UsageException($"unknown option '-{flag}'" + (arg.Length > 2 ? $" in '{arg}'" : ""));
            if (flag == 'A')
            {
                string value = j + 1 < arg.Length ? arg[(j + 1)..]
                    : index + 1 < args.Count ? args[++index]
                    : throw new UsageException("option '-A' needs an address family", "for example -A inet or -A inet6,unix");
                ApplyFamilies(options, value);
                return index;
            }
            Apply(flag, $"-{flag}", options, modes);
            if (StopsParsing(modes))
                return index;
            if (flag == 'c' && j == arg.Length - 1)
                index = TakeInterval(args, index, options);
        }
        return index;
    }

    private static int ParseLong(IReadOnlyList<string> args, int index, NetstatOptions options, List<(Mode, string)> modes)
    {
        string arg = args[index];
        int equals = arg.IndexOf('=', StringComparison.Ordinal);
        string name = equals < 0 ? arg[2..] : arg[2..equals];
        string? value = equals < 0 ? null : arg[(equals + 1)..];
        LongOption option = Find(name, arg);

        if (option.TakesValue)
        {
            if (value is null)
            {
                if (index + 1 >= args.Count)
                    throw new UsageException($"option '--{option.Name}' needs a value");
                value = args[++index];
            }
        }
        else if (value is not null && option.Name != "continuous")
        {
            throw new UsageException($"option '--{option.Name}' takes no value");
        }

        switch (option.Name)
        {
            case "protocol": ApplyFamilies(options, value!); break;
            case "numeric-hosts": options.NumericHosts = true; break;
            case "numeric-ports": options.NumericPorts = true; break;
            case "numeric-users": options.NumericUsers = true; break;
            case "proc-root":
                options.ProcRoot = value!.Length > 0 ? value : throw new UsageException("--proc-root needs a directory");
                break;
            case "resolve-timeout": options.ResolveTimeout = ParseSeconds(value!, "--resolve-timeout"); break;
            case "source": options.Source = ParseSource(value!); break;
            case "summary": modes.Add((Mode.Summary, "--summary")); break;
            case "filter":
                if (options.Filter is not null)
                    throw new UsageException("--filter was given twice", "give one filter; join conditions with 'and'");
                options.Filter = FilterArgument.Parse(value!);
                break;
            case "format" or "json" or "jsonl" or "csv" or "info" or "count-by" or "top":
                OutputOptions.ApplyLong(option.Name, value, options);
                break;
            case "count":
                options.Count = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count > 0
                    ? count
                    : throw new UsageException($"--count needs a positive whole number, not '{value}'");
                options.Continuous = true;
                break;
            case "continuous":
                Apply('c', arg, options, modes);
                if (value is not null)
                    options.Interval = ParseSeconds(value, "--continuous");
                else
                    index = TakeInterval(args, index, options);
                break;
            default:
                if (option.Short == AddressFamily)
                    ApplyFamilies(options, option.Name);
                else
                    Apply(option.Short, $"--{option.Name}", options, modes);
                break;
        }
        return index;
    }

    private static LongOption Find(string name, string arg)
    {
        LongOption? exact = Array.Find(LongOptions, o => o.Name == name);
        if (exact is not null)
            return exact;
        LongOption[] matches = name.Length == 0 ? [] : LongOptions.Where(o => o.Name.StartsWith(name, StringComparison.Ordinal)).ToArray();
        bool sameOption = matches.Length > 1 && matches[0].Short != '\0'
            && matches.All(m => m.Short == matches[0].Short && m.TakesValue == matches[0].TakesValue);
        return matches.Length switch
        {
            1 => matches[0],
            _ when sameOption => matches[0],
            0 => throw new UsageException($"unknown option '{arg}'"),
            _ => throw new UsageException($"option '{arg}' is ambiguous",
                "it could be " + string.Join(", ", matches.Select(m => "--" + m.Name))),
        };
    }

    /// <summary>netstat's -c takes no value; netstate also accepts a number right after it as the interval.</summary>
    private static int TakeInterval(IReadOnlyList<string> args, int index, NetstatOptions options)
    {
        if (index + 1 < args.Count && double.TryParse(args[index + 1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _))
        {
            options.Interval = ParseSeconds(args[index + 1], "-c");
            return index + 1;
        }
        return index;
    }

    private static TimeSpan ParseSeconds(string value, string flag) =>
        double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double seconds) && seconds > 0 && seconds <= 86400
            ? TimeSpan.FromSeconds(seconds)
            : throw new UsageException($"{flag} needs a number of seconds between 0 and 86400, not '{value}'");

    private static void Apply(char flag, string spelled, NetstatOptions options, List<(Mode, string)> modes)
    {
        switch (flag)
        {
            case 'a': options.All = true; break;
            case 'l': options.Listening = true; break;
            case 't': options.Tcp = true; break;
            case 'u': options.Udp = true; break;
            case 'U': options.UdpLite = true; break;
            case 'w': options.Raw = true; break;
            case 'x': options.Unix = true; break;
            case '4': options.Inet = true; break;
            case '6': options.Inet6 = true; break;
            case 'p': options.Programs = true; break;
            case 'e': options.Extend++; break;
            case 'o': options.Timers = true; break;
            case 'W': options.Wide = true; break;
            case 'm': options.Memory = true; break;
            case 'n': options.NumericHosts = options.NumericPorts = options.NumericUsers = true; break;
            case 'c': options.Continuous = true; break;
            case 'v': options.Verbose = true; break;
            case 'h': modes.Add((Mode.Help, spelled)); break;
            case 'V': modes.Add((Mode.Version, spelled)); break;
            case 'r': modes.Add((Mode.Route, spelled)); break;
            case 'i': modes.Add((Mode.Interfaces, spelled)); break;
            case 's': modes.Add((Mode.Statistics, spelled)); break;
            case 'M': modes.Add((Mode.Masquerade, spelled)); break;
            case 'g': modes.Add((Mode.Groups, spelled)); break;
            // Accepted for compatibility; they only change the routing table, or nothing on Linux today.
            case 'N' or 'C' or 'F' or 'd': break;
            case 'S': throw new UserFacingException("SCTP sockets (-S) are not supported yet", "this kernel's SCTP tables are read by no netstate source");
            case 'Z': throw new UserFacingException("SELinux contexts (-Z) are not supported", "SELinux is not enabled for netstate");
            case '2' or 'f': throw new UserFacingException("Bluetooth sockets are not supported", "netstate shows inet, inet6 and unix sockets");
            default: throw new UsageException($"unknown option '{spelled}'");
        }
    }

    private static void ApplyFamilies(NetstatOptions options, string list)
    {
        foreach (string family in list.Split(','))
        {
            switch (family)
            {
                case "inet" or "ip" or "tcpip": options.Inet = true; break;
                case "inet6" or "ip6": options.Inet6 = true; break;
                case "unix": options.Unix = true; break;
                case string other when UnsupportedFamilies.Contains(other):
                    throw new UsageException($"address family '{family}' is not supported", "netstate shows inet, inet6 and unix sockets");
                default:
                    throw new UsageException($"unknown address family '{family}'", "use inet, inet6 or unix, separated by commas");
            }
        }
    }

    /// <summary>netstat acts on -h and -V the moment getopt returns them: nothing after them is read.</summary>
    private static bool StopsParsing(List<(Mode Mode, string Flag)> modes) =>
        modes.Count > 0 && modes[^1].Mode is Mode.Help or Mode.Version;

    /// <summary>
    /// -h or -V (whichever came first, and then last) wins. -r, -i, -s and -M exclude each other,
    /// even repeated (-rr), as netstat counts them; -g gives way to them.
    /// </summary>
    private static void ApplyModes(NetstatOptions options, List<(Mode Mode, string Flag)> modes)
    {
        if (StopsParsing(modes))
        {
            options.Mode = modes[^1].Mode;
            return;
        }
        var tables = modes.Where(m => m.Mode != Mode.Groups).ToList();
        if (tables.Count > 1)
            throw new UsageException($"{tables[0].Flag} and {tables[1].Flag} cannot be combined", "each selects a different table; run them one at a time");
        if (tables.Count == 1)
            options.Mode = tables[0].Mode;
        else if (modes.Count > 0)
            options.Mode = Mode.Groups;
    }

    /// <summary>The values --source takes.</summary>
    internal static IReadOnlyList<string> SourceNames { get; } = ["auto", "netlink", "proc"];

    internal static SourceChoice ParseSource(string value) => value switch
    {
        "auto" => SourceChoice.Auto,
        "netlink" => SourceChoice.Netlink,
        "proc" => SourceChoice.Proc,
        _ => throw new UsageException($"unknown source '{value}'", "use --source auto, netlink or proc"),
    };
}
