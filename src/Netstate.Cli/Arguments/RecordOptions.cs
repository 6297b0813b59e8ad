using System.Globalization;
using Netstate.Core.Aggregation;
using Netstate.Core.Query;

namespace Netstate.Cli.Arguments;

/// <summary>The command line of <c>netstate record</c>.</summary>
internal sealed record RecordOptions
{
    public static SubcommandSyntax Syntax { get; } = new("record", CommonOption.Verbose | CommonOption.Help,
        [new SubcommandOption("db", TakesValue: true), new SubcommandOption("retention", TakesValue: true), new SubcommandOption("interval", TakesValue: true)]);

    public CommonOptions Common { get; init; } = CommonOptions.None;

    public string? Database { get; init; }

    /// <summary>What is older than this is deleted (checked every minute and at start).</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How often the socket counts per state, port and program are sampled.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(60);

    public bool Help => Common.Help;

    public bool Verbose => Common.Verbose;

    public static RecordOptions Parse(IReadOnlyList<string> args)
    {
        var options = new RecordOptions();
        CommonOptions common = SubcommandParser.Parse(Syntax, args,
            own: (option, value) =>
            {
                string given = value ?? throw Syntax.NeedsValue("--" + option.Long);
                options = option.Long switch
                {
                    "db" => options with { Database = given },
                    "retention" => options with { Retention = TimeWords.Span(given, "--retention", Syntax.Hint) },
                    _ => options with { Interval = TimeWords.Seconds(given, "--interval", Syntax.Hint) },
                };
            },
            word: word => throw Syntax.UnknownOption(word));
        return options with { Common = common };
    }
}

/// <summary>The command line of <c>netstate history</c>.</summary>
internal sealed record HistoryOptions
{
    public static SubcommandSyntax Syntax { get; } = new("history", CommonOption.Json | CommonOption.Help,
        [new SubcommandOption("db", TakesValue: true), new SubcommandOption("since", TakesValue: true), new SubcommandOption("until", TakesValue: true),
         new SubcommandOption("lifetimes"), new SubcommandOption("counts"), new SubcommandOption("count-by", TakesValue: true),
         new SubcommandOption("top", TakesValue: true), new SubcommandOption("jsonl"), new SubcommandOption("csv"), new SubcommandOption("filter", TakesValue: true)]);

    public CommonOptions Common { get; init; } = CommonOptions.None;

    public string? Database { get; init; }

    public DateTimeOffset Since { get; init; } = DateTimeOffset.MinValue;

    public DateTimeOffset Until { get; init; } = DateTimeOffset.MaxValue;

    /// <summary>What to show: transitions (default), lifetimes or counts.</summary>
    public HistoryTable Table { get; init; }

    public IReadOnlyList<CountKey> CountBy { get; init; } = [];

    public int Top { get; init; }

    public bool JsonLines { get; init; }

    public bool Csv { get; init; }

    public SocketFilter? Filter { get; init; }

    public bool Help => Common.Help;

    /// <summary>--json: one document (counts only); transitions and lifetimes are JSON lines, as --jsonl.</summary>
    public bool Json => Common.Json;

    public static HistoryOptions Parse(IReadOnlyList<string> args, DateTimeOffset now)
    {
        var options = new HistoryOptions();
        string? filter = null;
        var words = new List<string>();
        CommonOptions common = SubcommandParser.Parse(Syntax, args,
            own: (option, value) =>
            {
                string Value() => value ?? throw Syntax.NeedsValue("--" + option.Long);
                options = option.Long switch
                {
                    "db" => options with { Database = Value() },
                    "since" => options with { Since = TimeWords.Moment(Value(), now, "--since", Syntax.Hint) },
                    "until" => options with { Until = TimeWords.Moment(Value(), now, "--until", Syntax.Hint) },
                    "lifetimes" => options with { Table = HistoryTable.Lifetimes },
                    "counts" => options with { Table = HistoryTable.Counts },
                    "count-by" => options with { CountBy = [.. options.CountBy, .. CountKeys(Value())] },
                    "top" => options with { Top = int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out int top) && top > 0 ? top : throw new UsageException($"--top needs a positive number, not '{Value()}'", Syntax.Hint) },
                    "jsonl" => options with { JsonLines = true },
                    "csv" => options with { Csv = true },
                    _ => Filter(Value()),
                };
                HistoryOptions Filter(string text)
                {
                    filter = text;
                    return options;
                }
            },
            word: words.Add);
        if (filter is not null && words.Count > 0)
            throw new UsageException("give the filter either after the options or in --filter, not both", Syntax.Hint);
        if (options.Table == HistoryTable.Counts && options.CountBy.Count > 0)
            throw new UsageException("--count-by groups transitions or lifetimes; --counts already shows counts", Syntax.Hint);
        string? text = filter ?? (words.Count > 0 ? string.Join(' ', words) : null);
        return options with { Common = common, Filter = text is null || common.Help ? null : FilterArgument.Parse(text) };
    }

    private static IEnumerable<CountKey> CountKeys(string list) => list.Split(',').Select(name => name.Trim() switch
    {
        "state" => CountKey.State,
        "local-port" => CountKey.LocalPort,
        "remote-addr" => CountKey.RemoteAddr,
        "remote-port" => CountKey.RemotePort,
        "process" => CountKey.Process,
        _ => throw new UsageException($"history cannot count by '{name.Trim()}'", "keys: state, local-port, remote-addr, remote-port, process"),
    });
}

internal enum HistoryTable
{
    Transitions,
    Lifetimes,
    Counts,
}

/// <summary>Durations and moments as record and history take them: 90s, 10m, 2h, 7d; or a date and time.</summary>
internal static class TimeWords
{
    public static TimeSpan Span(string text, string option, string hint)
    {
        if (text.Length > 1 && double.TryParse(text[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double n) && n > 0)
        {
            TimeSpan? span = text[^1] switch
            {
                's' => TimeSpan.FromSeconds(n),
                'm' => TimeSpan.FromMinutes(n),
                'h' => TimeSpan.FromHours(n),
                'd' => TimeSpan.FromDays(n),
                _ => null,
            };
            if (span is { } known && known <= TimeSpan.FromDays(36500))
                return known;
        }
        throw new UsageException($"{option} needs a duration such as 90s, 10m, 2h or 7d, not '{text}'", hint);
    }

    public static TimeSpan Seconds(string text, string option, string hint) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double s) && s >= 0.1 && s <= 86400
            ? TimeSpan.FromSeconds(s)
            : throw new UsageException($"{option} needs a number of seconds from 0.1 to 86400, not '{text}'", hint);

    /// <summary>"10m" (ten minutes ago), "now", or a date and time ("2026-12-02 08:00", "2026-12-02T08:00:00Z"; local time without a zone).</summary>
    public static DateTimeOffset Moment(string text, DateTimeOffset now, string option, string hint)
    {
        if (text == "now")
            return now;
        if (text.Length > 1 && text[^1] is 's' or 'm' or 'h' or 'd' && text[..^1].All(c => char.IsAsciiDigit(c) || c == '.'))
            return now - Span(text, option, hint);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out DateTimeOffset moment)
            ? moment
            : throw new UsageException($"{option} needs a time such as 10m (ago), 2h, now, or 2026-12-02 08:00, not '{text}'", hint);
    }
}
