using System.Text.RegularExpressions;

namespace Netstate.Cli.Completion;

/// <summary>
/// Reads the option lines of a --help text ("  -a, --all   show ...", "  -t|--tcp"), so completions
/// describe each option in the words --help uses and pair short flags with long options as --help does.
/// </summary>
internal static partial class HelpLines
{
    [GeneratedRegex(@"^\s+((?:-\w, )?--[a-z0-9-]+(?:, --[a-z0-9-]+)*)(?: \[?[A-Z]+\]?)?\s{2,}(\S.*)$")]
    private static partial Regex DescribedOption();

    [GeneratedRegex(@"(?:^|\s)-(\w)\|--([a-z0-9-]+)")]
    private static partial Regex PairedFlag();

    [GeneratedRegex(@"--([a-z0-9-]+)|(?<![\w-])-(\w)")]
    private static partial Regex Spelling();

    /// <summary>The description of each long option (and of each short flag, as "-x") on a described line.</summary>
    public static Dictionary<string, string> Descriptions(string help)
    {
        var descriptions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in help.Split('\n'))
        {
            Match match = DescribedOption().Match(line);
            if (!match.Success)
                continue;
            foreach (Match spelling in Spelling().Matches(match.Groups[1].Value))
            {
                string key = spelling.Groups[1].Success ? spelling.Groups[1].Value : "-" + spelling.Groups[2].Value;
                descriptions.TryAdd(key, match.Groups[2].Value.Trim());
            }
        }
        return descriptions;
    }

    /// <summary>The short flag --help pairs with a long option: "-t|--tcp", "-a, --all".</summary>
    public static Dictionary<string, char> ShortFlags(string help)
    {
        var pairs = new Dictionary<string, char>(StringComparer.Ordinal);
        foreach (string line in help.Split('\n'))
        {
            foreach (Match match in PairedFlag().Matches(line))
                pairs.TryAdd(match.Groups[2].Value, match.Groups[1].Value[0]);
            Match described = DescribedOption().Match(line);
            if (described.Success && described.Groups[1].Value is ['-', char flag, ',', ' ', '-', '-', .. string name])
                pairs.TryAdd(name.Split(',')[0], flag);
        }
        return pairs;
    }

    /// <summary>Every option spelling a help text mentions on its option lines: "--all", "-a".</summary>
    public static IEnumerable<string> Options(string help)
    {
        foreach (string line in help.Split('\n'))
        {
            Match described = DescribedOption().Match(line);
            string text = described.Success ? described.Groups[1].Value : string.Join(' ', PairedFlag().Matches(line).Select(m => m.Value));
            foreach (Match spelling in Spelling().Matches(text))
                yield return spelling.Groups[1].Success ? "--" + spelling.Groups[1].Value : "-" + spelling.Groups[2].Value;
        }
    }
}
