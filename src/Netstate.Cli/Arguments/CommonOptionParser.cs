using Netstate.Core.Sources;

namespace Netstate.Cli.Arguments;

/// <summary>
/// The one definition of the common options: their spellings, whether they take a value, and how
/// the value is checked. The netstat command line and every subcommand read them through here, so
/// <c>--source</c> or <c>--proc-root</c> accept and reject the same words everywhere.
/// </summary>
internal static class CommonOptionParser
{
    /// <summary>One common option: its long name, its short letter ('\0' when none) and whether it takes a value.</summary>
    public sealed record Spelling(CommonOption Option, string Long, char Short, bool TakesValue);

    public static IReadOnlyList<Spelling> Spellings { get; } =
    [
        new(CommonOption.ProcRoot, "proc-root", '\0', TakesValue: true),
        new(CommonOption.Source, "source", '\0', TakesValue: true),
        new(CommonOption.Json, "json", '\0', TakesValue: false),
        new(CommonOption.Numeric, "numeric", 'n', TakesValue: false),
        new(CommonOption.Verbose, "verbose", 'v', TakesValue: false),
        new(CommonOption.Help, "help", 'h', TakesValue: false),
        new(CommonOption.Namespaces, "net", '\0', TakesValue: true),
        new(CommonOption.Namespaces, "all-namespaces", '\0', TakesValue: false),
    ];

    /// <summary>The common option spelled <paramref name="longName"/> among <paramref name="accepted"/>, or null.</summary>
    public static Spelling? FindLong(string longName, CommonOption accepted) =>
        Spellings.FirstOrDefault(s => s.Long == longName && (accepted & s.Option) != 0);

    /// <summary>Applies the common option spelled <paramref name="spelling"/> (options that share one flag, such as --net and --all-namespaces, are told apart by name).</summary>
    public static CommonOptions Apply(CommonOptions options, Spelling spelling, string? value) => spelling.Long switch
    {
        "net" => options with { NetworkNamespace = ParseNetworkNamespace(value!) },
        "all-namespaces" => options with { AllNamespaces = true },
        _ => Apply(options, spelling.Option, value),
    };

    public static string ParseNetworkNamespace(string value) =>
        value.Length > 0 ? value : throw new UsageException("--net needs a namespace", "a name from 'ip netns list', a path such as /run/netns/NAME, or pid:PID");

    /// <summary>--net and --all-namespaces exclude each other and a replayed proc tree.</summary>
    public static void CheckNamespaces(CommonOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string? flag = options.AllNamespaces ? "--all-namespaces" : options.NetworkNamespace is not null ? "--net" : null;
        if (flag is null)
            return;
        if (options.AllNamespaces && options.NetworkNamespace is not null)
            throw new UsageException("--net and --all-namespaces were both given", "--net reads one namespace, --all-namespaces every one: give one of them");
        if (options.ProcRoot is not null)
            throw new UsageException($"{flag} cannot be used with --proc-root", "a replayed proc tree has no namespaces to enter");
    }

    /// <summary>The common option with the short letter <paramref name="letter"/> among <paramref name="accepted"/>, or null.</summary>
    public static Spelling? FindShort(char letter, CommonOption accepted) =>
        Spellings.FirstOrDefault(s => s.Short == letter && letter != '\0' && (accepted & s.Option) != 0);

    /// <summary>Returns <paramref name="options"/> with <paramref name="option"/> set from <paramref name="value"/> (null for a flag).</summary>
    public static CommonOptions Apply(CommonOptions options, CommonOption option, string? value) => option switch
    {
        CommonOption.ProcRoot => options with { ProcRoot = ParseProcRoot(value!) },
        CommonOption.Source => options with { Source = ParseSource(value!) },
        CommonOption.Json => options with { Json = true },
        CommonOption.Numeric => options with { Numeric = true },
        CommonOption.Verbose => options with { Verbose = true },
        CommonOption.Help => options with { Help = true },
        _ => throw new ArgumentOutOfRangeException(nameof(option), option, "not one common option"),
    };

    public static string ParseProcRoot(string value) =>
        value.Length > 0 ? value : throw new UsageException("--proc-root needs a directory");

    /// <summary>The values --source takes.</summary>
    public static IReadOnlyList<string> SourceNames { get; } = ["auto", "netlink", "proc"];

    public static SourcePolicy ParseSource(string value) => value switch
    {
        "auto" => SourcePolicy.Auto,
        "netlink" => SourcePolicy.Netlink,
        "proc" => SourcePolicy.Proc,
        _ => throw new UsageException($"unknown source '{value}'", "use --source auto, netlink or proc"),
    };
}
