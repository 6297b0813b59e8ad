using Netstate.Core.Sources;

namespace Netstate.Cli.Arguments;

/// <summary>The command line of <c>netstate who TARGET</c>.</summary>
internal sealed record WhoOptions
{
    public static SubcommandSyntax Syntax { get; } = new("who",
        CommonOption.ProcRoot | CommonOption.Source | CommonOption.Numeric | CommonOption.Namespaces | CommonOption.Help, []);

    public CommonOptions Common { get; init; } = CommonOptions.None;

    /// <summary>The port, address:port, PID or program name; null when none was given.</summary>
    public string? Target { get; init; }

    public bool Help => Common.Help;

    public string? ProcRoot => Common.ProcRoot;

    public SourcePolicy? Source => Common.Source;

    /// <summary>--net: the one network namespace to read; null for netstate's own (or every one with --all-namespaces).</summary>
    public string? NetworkNamespace => Common.NetworkNamespace;

    /// <summary>--all-namespaces: every network namespace, each part of the output saying which one it is.</summary>
    public bool AllNamespaces => Common.AllNamespaces;

    /// <summary>-n: users as numbers.</summary>
    public bool NumericUsers => Common.Numeric;

    public static WhoOptions Parse(IReadOnlyList<string> args)
    {
        var targets = new List<string>();
        CommonOptions common = SubcommandParser.Parse(Syntax, args, own: (_, _) => { }, word: targets.Add);
        if (!common.Help && (targets.Count != 1 || targets[0].Length == 0))
            throw new UsageException("'netstate who' takes one port, address:port, PID or program name", "for example: netstate who 8080");
        return new WhoOptions { Common = common, Target = targets.FirstOrDefault() };
    }
}
