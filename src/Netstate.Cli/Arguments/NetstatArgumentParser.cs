using System.Globalization;
using Netstate.Core.Query;
using Netstate.Core.Sources;

namespace Netstate.Cli.Arguments;

/// <summary>
/// Reads netstat's command line the way getopt_long does: bundled short flags (<c>-tulpn</c>),
/// <c>-A inet</c> or <c>-Ainet</c>, long options with <c>=value</c> or a separate value, and any
/// unambiguous prefix of a long option (<c>--numeric-p</c>).
/// </summary>
internal static class NetstatArgumentParser
{
    /// <summary>One long option; <see cref="Short"/> is its short flag, '\0' for none.</summary>
    /// <param name="Late">Added after netstat's abbreviations were learnt: never makes one of them ambiguous (--al stays --all).</param>
    internal sealed record LongOption(string Name, char Short, bool TakesValue = false, bool Late = false)
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
        new("timers", 'o'), new("wide", 'W'), new("notrim", 'W'), Common("numeric"), new("continuous", 'c'),
        Common("verbose"), new("version", 'V'), Common("help"), new("protocol", 'A', TakesValue: true),
        new("route", 'r'), new("interfaces", 'i'), new("statistics", 's'), new("masquerade", 'M'), new("groups", 'g'),
        new("symbolic", 'N'), new("cache", 'C'), new("fib", 'F'), new("context", 'Z'),
        new("l2cap", '2'), new("rfcomm", 'f'),
        new("numeric-hosts", '\0'), new("numeric-ports", '\0'), new("numeric-users", '\0'),
        Common("proc-root"), new("resolve-timeout", '\0', TakesValue: true),
        new("count", '\0', TakesValue: true), Common("source"),
        new("summary", '\0'), new("filter", '\0', TakesValue: true),
        new("format", '\0', TakesValue: true), Common("json"), new("jsonl", '\0'), new("csv", '\0'),
        new("info", '\0'), new("memory", 'm'), new("count-by", '\0', TakesValue: true), new("top", '\0', TakesValue: true),
        new("net", '\0', TakesValue: true, Late: true), new("all-namespaces", '\0', Late: true),
        new("kill", 'K'),
    ];

    /// <summary>The common options netstat's command line takes: all of them.</summary>
    private const CommonOption NetstatCommon = CommonOption.ProcRoot | CommonOption.Source | CommonOption.Json
        | CommonOption.Numeric | CommonOption.Verbose | CommonOption.Help;

    /// <summary>A common option's entry, spelled as <see cref="CommonOptionParser"/> defines it.</summary>
    private static LongOption Common(string name)
    {
        CommonOptionParser.Spelling spelling = CommonOptionParser.FindLong(name, NetstatCommon)!;
        return new LongOption(spelling.Long, spelling.Short, spelling.TakesValue);
    }

    // netstat's getopt string, less '?': -T exists only as --notrim.
    // -m (--memory) and -K (--kill) are netstate's own, taken from ss.
    private const string ShortFlags = "AaCcdeFfghiKlMmNnoprSstUuVvWwxZ246";

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
        string? longFilter = null;
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
                i = ParseLong(args, i, ref options, modes, ref longFilter);
            else if (arg.Length > 1 && arg[0] == '-')
                i = ParseShortCluster(args, i, ref options, modes);
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

        options = OutputOptions.Apply(options, modes);
        ApplyModes(ref options, modes);
        if (trailingFilter is not null && !StopsParsing(modes))
        {
            if (longFilter is not null)
                throw new UsageException("a filter was given both with --filter and after the flags", "give it once; join conditions with 'and'");
            longFilter = trailingFilter;
        }
        if (longFilter is not null)
            options = options with { Filter = FilterArgument.Parse(longFilter, options.ResolveTimeout) };
        if (options.Filter is not null && options.Mode is not (Mode.Sockets or Mode.Help or Mode.Version))
            throw new UsageException($"a filter selects sockets, so it cannot be used with {ModeNames.Describe(options.Mode)}", "drop the filter or the mode flag");
        CheckNamespaces(options);
        if (options.Kill)
            CheckKill(options);
        return options.Normalised();
    }

    /// <summary>Namespaces are read for socket listings (and counts), -s and --summary; other modes and replayed trees have none to enter.</summary>
    private static void CheckNamespaces(NetstatOptions options)
    {
        string? flag = options.AllNamespaces ? "--all-namespaces" : options.NetworkNamespace is not null ? "--net" : null;
        if (flag is null)
            return;
        if (options.AllNamespaces && options.NetworkNamespace is not null)
            throw new UsageException("--net and --all-namespaces were both given", "--net reads one namespace, --all-namespaces every one: give one of them");
        if (options.Mode is not (Mode.Sockets or Mode.Statistics or Mode.Summary or Mode.Help or Mode.Version))
            throw new UsageException($"{flag} reads socket tables, so it cannot be used with {ModeNames.Describe(options.Mode)} yet", "drop the mode flag, or run the command inside the namespace (ip netns exec NAME netstate ...)");
        if (options.ProcRoot is not null)
            throw new UsageException($"{flag} cannot be used with --proc-root", "a replayed proc tree has no namespaces to enter");
    }

    /// <summary>-K changes the system: only for the sockets a filter names, once, and listed plainly.</summary>
    private static void CheckKill(NetstatOptions options)
    {
        if (options.Mode is Mode.Help or Mode.Version)
            return;
        if (options.Mode != Mode.Sockets)
            throw new UsageException($"-K closes sockets, so it cannot be used with {ModeNames.Describe(options.Mode)}");
        if (options.Filter is null)
            throw new UsageException("-K closes the sockets a filter selects, and no filter was given (it never closes everything)",
                "for example: netstate -K -t dport = :8080, or state established and dst 10.0.0.7");
        if (options.Continuous)
            throw new UsageException("-K closes once; it cannot repeat with -c");
        if (options.CountBy.Count > 0)
            throw new UsageException("-K lists the sockets it closed; it cannot count them with --count-by");
    }

    private static int ParseShortCluster(IReadOnlyList<string> args, int index, ref NetstatOptions options, List<(Mode, string)> modes)
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
                ApplyFamilies(ref options, value);
                return index;
            }
            Apply(flag, $"-{flag}", ref options, modes);
            if (StopsParsing(modes))
                return index;
            if (flag == 'c' && j == arg.Length - 1)
                index = TakeInterval(args, index, ref options);
        }
        return index;
    }

    private static int ParseLong(IReadOnlyList<string> args, int index, ref NetstatOptions options, List<(Mode, string)> modes, ref string? filter)
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
            case "protocol": ApplyFamilies(ref options, value!); break;
            case "numeric-hosts": options = options with { NumericHosts = true }; break;
            case "numeric-ports": options = options with { NumericPorts = true }; break;
            case "numeric-users": options = options with { NumericUsers = true }; break;
            case "proc-root" or "source":
                options = options with { Common = CommonOptionParser.Apply(options.Common, CommonOptionParser.FindLong(option.Name, NetstatCommon)!.Option, value) };
                break;
            case "resolve-timeout": options = options with { ResolveTimeout = ParseSeconds(value!, "--resolve-timeout") }; break;
            case "summary": modes.Add((Mode.Summary, "--summary")); break;
            // ss spells it -N, which netstat already uses for --symbolic (netstat -rN): long only here.
            case "net":
                options = options with { NetworkNamespace = value!.Length > 0 ? value : throw new UsageException("--net needs a namespace", "a name from 'ip netns list', a path such as /run/netns/NAME, or pid:PID") };
                break;
            case "all-namespaces": options = options with { AllNamespaces = true }; break;
            case "filter":
                if (filter is not null)
                    throw new UsageException("--filter was given twice", "give one filter; join conditions with 'and'");
                // Parsed once every option is known: --resolve-timeout may come after it.
                filter = value!;
                break;
            case "format" or "json" or "jsonl" or "csv" or "info" or "count-by" or "top":
                options = OutputOptions.ApplyLong(option.Name, value, options);
                break;
            case "count":
                options = options with { Count = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count > 0
                    ? count
                    : throw new UsageException($"--count needs a positive whole number, not '{value}'") };
                options = options with { Continuous = true };
                break;
            case "continuous":
                Apply('c', arg, ref options, modes);
                if (value is not null)
                    options = options with { Interval = ParseSeconds(value, "--continuous") };
                else
                    index = TakeInterval(args, index, ref options);
                break;
            default:
                if (option.Short == AddressFamily)
                    ApplyFamilies(ref options, option.Name);
                else
                    Apply(option.Short, $"--{option.Name}", ref options, modes);
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
        if (matches.Length > 1 && matches.Any(m => !m.Late))
            matches = [.. matches.Where(m => !m.Late)];
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

    /// <summary>Whether a long option (an exact name or an unambiguous prefix, without "=value") takes its value from the next word.</summary>
    internal static bool TakesSeparateValue(string arg) =>
        !arg.Contains('=', StringComparison.Ordinal) && Find(arg[2..], arg).TakesValue;

    /// <summary>netstat's -c takes no value; netstate also accepts a number right after it as the interval.</summary>
    private static int TakeInterval(IReadOnlyList<string> args, int index, ref NetstatOptions options)
    {
        if (index + 1 < args.Count && double.TryParse(args[index + 1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _))
        {
            options = options with { Interval = ParseSeconds(args[index + 1], "-c") };
            return index + 1;
        }
        return index;
    }

    private static TimeSpan ParseSeconds(string value, string flag) =>
        double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double seconds) && seconds > 0 && seconds <= 86400
            ? TimeSpan.FromSeconds(seconds)
            : throw new UsageException($"{flag} needs a number of seconds above 0 and up to 86400 (such as 0.5 or 5), not '{value}'");

    private static void Apply(char flag, string spelled, ref NetstatOptions options, List<(Mode, string)> modes)
    {
        switch (flag)
        {
            case 'a': options = options with { All = true }; break;
            case 'l': options = options with { Listening = true }; break;
            case 't': options = options with { Tcp = true }; break;
            case 'u': options = options with { Udp = true }; break;
            case 'U': options = options with { UdpLite = true }; break;
            case 'w': options = options with { Raw = true }; break;
            case 'x': options = options with { Unix = true }; break;
            case '4': options = options with { Inet = true }; break;
            case '6': options = options with { Inet6 = true }; break;
            case 'p': options = options with { Programs = true }; break;
            case 'e': options = options with { Extend = options.Extend + 1 }; break;
            case 'o': options = options with { Timers = true }; break;
            case 'W': options = options with { Wide = true }; break;
            case 'm': options = options with { Memory = true }; break;
            case 'K': options = options with { Kill = true }; break;
            case 'n': options = options with { NumericHosts = true, NumericPorts = true, NumericUsers = true }; break;
            case 'c': options = options with { Continuous = true }; break;
            case 'v': options = options with { Common = CommonOptionParser.Apply(options.Common, CommonOption.Verbose, null) }; break;
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

    private static void ApplyFamilies(ref NetstatOptions options, string list)
    {
        foreach (string family in list.Split(','))
        {
            switch (family)
            {
                case "inet" or "ip" or "tcpip": options = options with { Inet = true }; break;
                case "inet6" or "ip6": options = options with { Inet6 = true }; break;
                case "unix": options = options with { Unix = true }; break;
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
    private static void ApplyModes(ref NetstatOptions options, List<(Mode Mode, string Flag)> modes)
    {
        if (StopsParsing(modes))
        {
            options = options with { Mode = modes[^1].Mode };
            return;
        }
        var tables = modes.Where(m => m.Mode != Mode.Groups).ToList();
        if (tables.Count > 1)
            throw new UsageException($"{tables[0].Flag} and {tables[1].Flag} cannot be combined", "each selects a different table; run them one at a time");
        if (tables.Count == 1)
            options = options with { Mode = tables[0].Mode };
        else if (modes.Count > 0)
            options = options with { Mode = Mode.Groups };
    }
}
