using System.Globalization;
using Netstate.Core.Sources;

namespace Netstate.Cli.Arguments;

/// <summary>The command line of <c>netstate doctor</c>.</summary>
internal sealed record DoctorOptions
{
    public static SubcommandSyntax Syntax { get; } = new("doctor",
        CommonOption.Json | CommonOption.Verbose | CommonOption.ProcRoot | CommonOption.Source | CommonOption.Namespaces | CommonOption.Help,
        [new SubcommandOption("window", TakesValue: true), new SubcommandOption("db", TakesValue: true)]);

    public CommonOptions Common { get; init; } = CommonOptions.None;

    /// <summary>How long to watch the kernel counters, to tell what happens now from what happened since boot.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The recording to cite (--db); null: record's default file, when it exists.</summary>
    public string? Database { get; init; }

    public bool Help => Common.Help;

    public bool Json => Common.Json;

    public bool Verbose => Common.Verbose;

    public string? ProcRoot => Common.ProcRoot;

    public SourcePolicy? Source => Common.Source;

    /// <summary>--net: the one network namespace to read; null for netstate's own (or every one with --all-namespaces).</summary>
    public string? NetworkNamespace => Common.NetworkNamespace;

    /// <summary>--all-namespaces: every network namespace, each part of the output saying which one it is.</summary>
    public bool AllNamespaces => Common.AllNamespaces;

    public static DoctorOptions Parse(IReadOnlyList<string> args)
    {
        TimeSpan window = TimeSpan.FromSeconds(1);
        string? database = null;
        CommonOptions common = SubcommandParser.Parse(Syntax, args,
            own: (option, value) =>
            {
                if (option.Long == "db")
                    database = value ?? throw Syntax.NeedsValue("--db");
                else
                    window = ParseWindow(value ?? throw Syntax.NeedsValue("--window"));
            },
            word: arg => throw Syntax.UnknownOption(arg));
        return new DoctorOptions { Common = common, Window = window, Database = database };
    }

    private static TimeSpan ParseWindow(string value) =>
        double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double seconds) && seconds <= 3600
            ? TimeSpan.FromSeconds(seconds)
            : throw new UsageException($"--window needs a number of seconds from 0 to 3600, not '{value}'");
}
