namespace Netstate.Cli.Completion;

/// <summary>What follows an option on the command line, as far as a shell can complete it.</summary>
internal enum CompletionValue
{
    /// <summary>The option takes no value.</summary>
    None,

    /// <summary>One of <see cref="CompletionOption.Choices"/>.</summary>
    Choice,

    /// <summary>A comma-separated list of <see cref="CompletionOption.Choices"/>.</summary>
    ChoiceList,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>Anything (a number, an expression): nothing to offer.</summary>
    Free,
}

/// <summary>One option a shell can complete: its spellings, what it does, and what its value may be.</summary>
internal sealed record CompletionOption(string? Long, char? Short, string Description, CompletionValue Value = CompletionValue.None, IReadOnlyList<string>? Choices = null)
{
    /// <summary>Every spelling, short first: "-a", "--all".</summary>
    public IEnumerable<string> Spellings =>
        new[] { Short is { } s ? "-" + s : null, Long is null ? null : "--" + Long }.OfType<string>();
}

/// <summary>A subcommand (doctor, explain ...): its options and the words it takes as arguments.</summary>
internal sealed record CompletionSubcommand(string Name, string Description, IReadOnlyList<CompletionOption> Options, IReadOnlyList<string> Arguments);
