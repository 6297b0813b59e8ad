namespace Netstate.Cli.Arguments;

/// <summary>An option of one subcommand only (doctor's --window, lab's --pause).</summary>
internal sealed record SubcommandOption(string Long, char Short = '\0', bool TakesValue = false);

/// <summary>What a subcommand accepts: the common options it takes and its own.</summary>
internal sealed record SubcommandSyntax(string Name, CommonOption Common, IReadOnlyList<SubcommandOption> Own)
{
    /// <summary>The error for an option the subcommand does not know (lab words it its own way).</summary>
    public Func<string, UsageException> UnknownOption { get; init; } = DefaultUnknownOption(Name);

    public string Hint => $"see 'netstate {Name} --help'";

    /// <summary>The error for an option given without its value.</summary>
    public UsageException NeedsValue(string spelled) => new($"option '{spelled}' needs a value", Hint);

    private static Func<string, UsageException> DefaultUnknownOption(string name) =>
        spelled => new UsageException($"unknown option '{spelled}' for {name}", $"see 'netstate {name} --help'");
}

/// <summary>
/// Reads the words after a subcommand's name: long options as <c>--name value</c> or
/// <c>--name=value</c>, short flags alone or bundled (<c>-vn</c>), <c>--</c> before words that
/// look like flags, and the other words in order. The common options go through
/// <see cref="CommonOptionParser"/>; the subcommand's own options and words go to its callbacks.
/// </summary>
internal static class SubcommandParser
{
    /// <param name="syntax">What the subcommand accepts.</param>
    /// <param name="args">The words after the subcommand's name.</param>
    /// <param name="own">
    /// Called for each of the subcommand's own options with its value; the value is null for a flag,
    /// and also when a value-taking option ends the line, so the command can say what it needed.
    /// </param>
    /// <param name="word">Called for each word that is not an option.</param>
    /// <returns>The common options given.</returns>
    public static CommonOptions Parse(SubcommandSyntax syntax, IReadOnlyList<string> args,
        Action<SubcommandOption, string?> own, Action<string> word)
    {
        CommonOptions common = CommonOptions.None;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg == "--")
            {
                for (i++; i < args.Count; i++)
                    word(args[i]);
                break;
            }
            if (arg.StartsWith("--", StringComparison.Ordinal))
                common = ReadLong(syntax, args, ref i, common, own);
            else if (arg.Length > 1 && arg[0] == '-')
                common = ReadShortCluster(syntax, args, ref i, common, own);
            else
                word(arg);
        }
        CommonOptionParser.CheckNamespaces(common);
        return common;
    }

    private static CommonOptions ReadLong(SubcommandSyntax syntax, IReadOnlyList<string> args, ref int index,
        CommonOptions common, Action<SubcommandOption, string?> own)
    {
        string arg = args[index];
        int equals = arg.IndexOf('=', StringComparison.Ordinal);
        string name = equals < 0 ? arg[2..] : arg[2..equals];
        string? inline = equals < 0 ? null : arg[(equals + 1)..];
        string spelled = "--" + name;

        if (CommonOptionParser.FindLong(name, syntax.Common) is { } shared)
        {
            string? value = TakeValue(shared.TakesValue, inline, args, ref index, spelled)
                ?? (shared.TakesValue ? throw syntax.NeedsValue(spelled) : null);
            return CommonOptionParser.Apply(common, shared, value);
        }
        SubcommandOption option = syntax.Own.FirstOrDefault(o => o.Long == name) ?? throw syntax.UnknownOption(equals < 0 ? arg : spelled);
        own(option, TakeValue(option.TakesValue, inline, args, ref index, spelled));
        return common;
    }

    private static CommonOptions ReadShortCluster(SubcommandSyntax syntax, IReadOnlyList<string> args, ref int index,
        CommonOptions common, Action<SubcommandOption, string?> own)
    {
        string arg = args[index];
        for (int j = 1; j < arg.Length; j++)
        {
            char letter = arg[j];
            string spelled = $"-{letter}";
            // A value-taking short option takes the rest of the word, or the next word.
            string? attached = j + 1 < arg.Length ? arg[(j + 1)..] : null;
            if (CommonOptionParser.FindShort(letter, syntax.Common) is { } shared)
            {
                string? value = shared.TakesValue
                    ? TakeValue(true, attached, args, ref index, spelled) ?? throw syntax.NeedsValue(spelled)
                    : null;
                common = CommonOptionParser.Apply(common, shared, value);
                if (shared.TakesValue)
                    return common;
                continue;
            }
            SubcommandOption option = syntax.Own.FirstOrDefault(o => o.Short == letter && letter != '\0')
                ?? throw syntax.UnknownOption(spelled);
            if (option.TakesValue)
            {
                own(option, TakeValue(true, attached, args, ref index, spelled));
                return common;
            }
            own(option, null);
        }
        return common;
    }

    /// <summary>The option's value: the inline one, else the next word; null for a flag or when the line ends.</summary>
    private static string? TakeValue(bool takesValue, string? inline, IReadOnlyList<string> args, ref int index, string spelled)
    {
        if (!takesValue)
            return inline is null ? null : throw new UsageException($"option '{spelled}' takes no value");
        if (inline is not null)
            return inline;
        return index + 1 < args.Count ? args[++index] : null;
    }
}
