using System.Text;

namespace Netstate.Cli.Completion;

/// <summary>Writes the fish completions (complete -c netstate ... lines and three helper functions).</summary>
internal static class FishCompletionScript
{
    public static string Write(CompletionSpec spec)
    {
        string commands = ShellWords.Join(spec.Commands.Select(c => c.Name));
        var s = new StringBuilder();
        s.Append($$"""
            # fish completion for netstate, written by 'netstate completion fish' ({{VersionText.Version}}).
            # Install it as ~/.config/fish/completions/netstate.fish, or: netstate completion fish | source

            function __netstate_top_level --description 'no netstate subcommand on the line'
                set -l words (commandline -opc)
                test (count $words) -lt 2; or not contains -- $words[2] {{commands}}
            end

            function __netstate_command_is --description 'the netstate subcommand on the line is one of the arguments'
                set -l words (commandline -opc)
                test (count $words) -ge 2; and contains -- $words[2] $argv
            end

            function __netstate_after --description 'the word before the cursor is one of the arguments'
                set -l words (commandline -opc)
                contains -- $words[-1] $argv
            end

            complete -c netstate -f

            """);
        foreach (CompletionSubcommand command in spec.Commands)
            s.Append($"complete -c netstate -n '__fish_is_first_arg' -a {command.Name} -d {Quote(command.Description)}\n");
        foreach (CompletionOption option in spec.Options)
            s.Append(Line("__netstate_top_level", option));
        string stateWords = string.Join(' ', CompletionSpec.StateKeywords);
        s.Append($"complete -c netstate -n '__netstate_top_level; and __netstate_after {stateWords}' -a {Quote(ShellWords.Join(spec.FilterStates))}\n");
        s.Append($"complete -c netstate -n '__netstate_top_level; and not __fish_is_first_arg; and not __netstate_after {stateWords}' -a {Quote(ShellWords.Join(spec.FilterWords))}\n");
        foreach (CompletionSubcommand command in spec.Commands)
        {
            string condition = $"__netstate_command_is {command.Name}";
            foreach (CompletionOption option in command.Options)
                s.Append(Line(condition, option));
            if (command.Arguments.Count > 0)
                s.Append($"complete -c netstate -n '{condition}' -a {Quote(ShellWords.Join(command.Arguments))}\n");
        }
        return s.ToString();
    }

    private static string Line(string condition, CompletionOption option)
    {
        var line = new StringBuilder($"complete -c netstate -n '{condition}'");
        if (option.Short is { } flag)
            line.Append($" -s {flag}");
        if (option.Long is { } name)
            line.Append($" -l {name}");
        line.Append(option.Value switch
        {
            CompletionValue.Choice => $" -x -a {Quote(ShellWords.Join(option.Choices!))}",
            CompletionValue.ChoiceList => $" -x -a {Quote($"(__fish_append , {ShellWords.Join(option.Choices!)})")}",
            CompletionValue.Directory => " -x -a '(__fish_complete_directories)'",
            CompletionValue.Free => " -x",
            _ => "",
        });
        if (option.Description.Length > 0)
            line.Append($" -d {Quote(option.Description)}");
        return line.Append('\n').ToString();
    }

    /// <summary>fish's single quotes end at ' and take \\ and \' as escapes.</summary>
    private static string Quote(string text) =>
        "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
}
