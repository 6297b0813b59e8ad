using System.Globalization;

namespace Netstate.Cli.Arguments;

/// <summary>The command line of <c>netstate lab [SCENARIO]</c>.</summary>
internal sealed record LabOptions
{
    private static readonly SubcommandOption ListOption = new("list", 'l');
    private static readonly SubcommandOption PauseOption = new("pause", TakesValue: true);
    private static readonly SubcommandOption NoTraceOption = new("no-trace");

    public static SubcommandSyntax Syntax { get; } = new("lab", CommonOption.Json | CommonOption.Help, [ListOption, PauseOption, NoTraceOption])
    {
        UnknownOption = spelled => new UsageException($"unknown lab option '{spelled}'", "see 'netstate lab --help'"),
    };

    public CommonOptions Common { get; init; } = CommonOptions.None;

    /// <summary>The scenario to run; null lists them.</summary>
    public string? Scenario { get; init; }

    public bool List { get; init; }

    /// <summary>How long to wait after each step.</summary>
    public TimeSpan Pause { get; init; }

    /// <summary>--no-trace: check the claims against the reads only, without the state-change tracepoint.</summary>
    public bool NoTrace { get; init; }

    public bool Help => Common.Help;

    public bool Json => Common.Json;

    public static LabOptions Parse(IReadOnlyList<string> args)
    {
        string? scenario = null;
        bool list = false;
        bool noTrace = false;
        TimeSpan pause = TimeSpan.Zero;
        CommonOptions common = SubcommandParser.Parse(Syntax, args,
            own: (option, value) =>
            {
                if (option == ListOption)
                    list = true;
                else if (option == NoTraceOption)
                    noTrace = true;
                else
                    pause = ParsePause(value);
            },
            word: arg => scenario = scenario is null
                ? arg
                : throw new UsageException($"one scenario at a time: '{scenario}' and '{arg}'", "see 'netstate lab --list'"));
        return new LabOptions { Common = common, Scenario = scenario, List = list, Pause = pause, NoTrace = noTrace };
    }

    private static TimeSpan ParsePause(string? text)
    {
        if (text is null || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
            || seconds < 0 || seconds > 3600 || double.IsNaN(seconds))
            throw new UsageException($"--pause needs a number of seconds from 0 to 3600, not '{text}'", "see 'netstate lab --help'");
        return TimeSpan.FromSeconds(seconds);
    }
}
