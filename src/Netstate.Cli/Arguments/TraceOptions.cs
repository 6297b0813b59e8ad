using Netstate.Core.Query;

namespace Netstate.Cli.Arguments;

/// <summary>The command lines of <c>netstate trace</c> and <c>netstate life</c>: which events, which format, which sockets.</summary>
internal sealed record TraceOptions
{
    public static SubcommandSyntax TraceSyntax { get; } = new("trace", CommonOption.Verbose | CommonOption.Help,
        [new SubcommandOption("jsonl"), new SubcommandOption("retransmits"), new SubcommandOption("resets"), new SubcommandOption("filter", TakesValue: true)]);

    public static SubcommandSyntax LifeSyntax { get; } = new("life", CommonOption.Verbose | CommonOption.Help,
        [new SubcommandOption("jsonl"), new SubcommandOption("filter", TakesValue: true)]);

    public CommonOptions Common { get; init; } = CommonOptions.None;

    /// <summary>life: one line per ended connection; trace: one line per event.</summary>
    public bool Lifetimes { get; init; }

    public bool JsonLines { get; init; }

    /// <summary>trace --retransmits: retransmitted segments too.</summary>
    public bool Retransmits { get; init; }

    /// <summary>trace --resets: resets sent and received too.</summary>
    public bool Resets { get; init; }

    public SocketFilter? Filter { get; init; }

    public bool Help => Common.Help;

    public bool Verbose => Common.Verbose;

    public static TraceOptions Parse(IReadOnlyList<string> args, bool lifetimes)
    {
        SubcommandSyntax syntax = lifetimes ? LifeSyntax : TraceSyntax;
        bool jsonl = false, retransmits = false, resets = false;
        string? filterOption = null;
        var words = new List<string>();
        CommonOptions common = SubcommandParser.Parse(syntax, args,
            own: (option, value) =>
            {
                switch (option.Long)
                {
                    case "jsonl": jsonl = true; break;
                    case "retransmits": retransmits = true; break;
                    case "resets": resets = true; break;
                    case "filter": filterOption = value ?? throw syntax.NeedsValue("--filter"); break;
                }
            },
            word: words.Add);
        if (filterOption is not null && words.Count > 0)
            throw new UsageException("give the filter either after the options or in --filter, not both", syntax.Hint);
        string? text = filterOption ?? (words.Count > 0 ? string.Join(' ', words) : null);
        return new TraceOptions
        {
            Common = common,
            Lifetimes = lifetimes,
            JsonLines = jsonl,
            Retransmits = retransmits,
            Resets = resets,
            Filter = text is null || common.Help ? null : FilterArgument.Parse(text),
        };
    }
}
