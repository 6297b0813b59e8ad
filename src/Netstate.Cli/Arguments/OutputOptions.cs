using System.Globalization;
using Netstate.Core.Aggregation;

namespace Netstate.Cli.Arguments;

/// <summary>
/// The output options netstate adds to netstat's (--format, --json, --csv, --jsonl, --info,
/// --memory, --count-by, --top) and the rules that tie them together.
/// </summary>
internal static class OutputOptions
{
    /// <summary>Returns <paramref name="options"/> with the long option <paramref name="name"/> applied.</summary>
    public static NetstatOptions ApplyLong(string name, string? value, NetstatOptions options) => name switch
    {
        "format" => options with { Format = ParseFormat(value!) },
        "json" => options with { Format = OutputFormat.Json },
        "jsonl" => options with { Format = OutputFormat.Json, JsonLines = true },
        "csv" => options with { Format = OutputFormat.Csv },
        "info" => options with { TcpInfo = true },
        "count-by" => options with { CountBy = AddCountKeys(value!, options.CountBy) },
        "top" => options with
        {
            Top = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int top) && top > 0
                ? top
                : throw new UsageException($"--top needs a positive whole number, not '{value}'"),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not an output option"),
    };

    /// <summary>
    /// Checks the combination once every flag is known. With --format ss, -i means --info as in ss
    /// (netstat's interface table stays reachable as --interfaces).
    /// </summary>
    public static NetstatOptions Apply(NetstatOptions options, List<(Mode Mode, string Flag)> modes)
    {
        if (modes.Count > 0 && modes[^1].Mode is Mode.Help or Mode.Version)
            return options;
        if (options.Format == OutputFormat.Ss && modes.RemoveAll(m => m.Flag == "-i") > 0)
            options = options with { TcpInfo = true };
        if (options.JsonLines && options.Format != OutputFormat.Json)
            throw new UsageException("--jsonl writes JSON and cannot be combined with another --format");
        if (options.Top > 0 && options.CountBy.Count == 0)
            throw new UsageException("--top needs --count-by", "for example --count-by state --top 5");
        if ((options.TcpInfo || options.Memory) && options.Format == OutputFormat.Netstat)
            throw new UsageException($"{(options.TcpInfo ? "--info" : "-m/--memory")} has no column in netstat's table",
                "add --format ss, --json or --csv");
        bool socketsOnly = options.Format != OutputFormat.Netstat || options.CountBy.Count > 0;
        if (socketsOnly && modes.Find(m => m.Mode is not (Mode.Help or Mode.Version)) is { Flag: not null } other)
            throw new UsageException($"{other.Flag} cannot be combined with --format, --json, --csv or --count-by",
                "those shape socket listings only");
        return options;
    }

    /// <summary>The values --format takes.</summary>
    public static IReadOnlyList<string> FormatNames { get; } = ["netstat", "ss", "json", "csv"];

    /// <summary>The keys --count-by takes, in their main spelling.</summary>
    public static IReadOnlyList<string> CountKeyNames { get; } = ["state", "proto", "local-port", "remote-addr", "remote-port", "process", "user"];

    private static OutputFormat ParseFormat(string value) => value switch
    {
        "netstat" => OutputFormat.Netstat,
        "ss" => OutputFormat.Ss,
        "json" => OutputFormat.Json,
        "csv" => OutputFormat.Csv,
        _ => throw new UsageException($"unknown format '{value}'", "use --format netstat, ss, json or csv"),
    };

    /// <summary>Keys may be repeated (--count-by state --count-by proto) or comma separated; each counts once.</summary>
    private static List<CountKey> AddCountKeys(string list, IReadOnlyList<CountKey> given)
    {
        List<CountKey> keys = [.. given];
        foreach (string name in list.Split(','))
        {
            CountKey key = name.Trim() switch
            {
                "state" => CountKey.State,
                "proto" or "protocol" => CountKey.Proto,
                "local-port" or "lport" or "sport" => CountKey.LocalPort,
                "remote-addr" or "raddr" or "dst" => CountKey.RemoteAddr,
                "remote-port" or "rport" or "dport" => CountKey.RemotePort,
                "process" or "program" => CountKey.Process,
                "user" or "uid" => CountKey.User,
                "netns" or "namespace" => CountKey.Netns,
                _ => throw new UsageException($"unknown --count-by key '{name}'",
                    "use state, proto, local-port, remote-addr, remote-port, process, user or netns, separated by commas"),
            };
            if (!keys.Contains(key))
                keys.Add(key);
        }
        return keys;
    }
}
