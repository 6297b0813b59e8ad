using System.Text;

namespace Netstate.Cli.Completion;

/// <summary>Writes the zsh completion function (an autoloadable _netstate, or sourced after compinit).</summary>
internal static class ZshCompletionScript
{
    public static string Write(CompletionSpec spec)
    {
        var s = new StringBuilder();
        s.Append($$"""
            #compdef netstate
            # zsh completion for netstate, written by 'netstate completion zsh' ({{VersionText.Version}}).
            # Install it as _netstate in a directory of $fpath, or: source <(netstate completion zsh)

            _netstate_list() {
              # A comma-separated list: complete the last item, keep the ones before it.
              compset -P '*,'
              compadd -S '' -q -- "$@"
            }

            _netstate() {
              local cur=${words[CURRENT]} prev=${words[CURRENT-1]} command=
              (( CURRENT > 2 )) && command=${words[2]}
              local -a options
              case $command in

            """);
        foreach (CompletionSubcommand command in spec.Commands)
        {
            s.Append($"    {command.Name})\n");
            AppendValues(s, command.Options, "      ");
            s.Append($$"""
                          if [[ $cur == -* ]]; then
                            options=({{Described(command.Options)}})
                            _describe -t options 'netstate {{command.Name}} option' options
                          else
                            compadd -- {{ShellWords.Join(command.Arguments)}}
                          fi
                          return ;;

                """);
        }
        s.Append("  esac\n\n");
        AppendValues(s, spec.Options, "  ");
        s.Append($$"""
              if [[ -n ${(M)prev:#({{string.Join('|', CompletionSpec.StateKeywords)}})} ]]; then
                compadd -- {{ShellWords.Join(spec.FilterStates)}}
              elif [[ $cur == -* ]]; then
                options=({{Described(spec.Options)}})
                _describe -t options 'netstate option' options
              elif (( CURRENT == 2 )); then
                local -a commands=({{string.Join(' ', spec.Commands.Select(c => Quote(c.Name + ":" + c.Description)))}})
                _describe -t commands 'netstate command' commands
              else
                compadd -- {{ShellWords.Join(spec.FilterWords)}}
              fi
            }

            if [[ $funcstack[1] == _netstate ]]; then
              _netstate "$@"
            else
              compdef _netstate netstate
            fi

            """);
        return s.ToString();
    }

    private static void AppendValues(StringBuilder s, IReadOnlyList<CompletionOption> options, string indent)
    {
        s.Append($"{indent}case $prev in\n");
        foreach (CompletionOption option in options.Where(o => o.Value != CompletionValue.None))
        {
            string action = option.Value switch
            {
                CompletionValue.Choice => $"compadd -- {ShellWords.Join(option.Choices!)}",
                CompletionValue.ChoiceList => $"_netstate_list {ShellWords.Join(option.Choices!)}",
                CompletionValue.Directory => "_directories",
                _ => ":",
            };
            s.Append($"{indent}  {string.Join('|', option.Spellings)}) {action}; return ;;\n");
        }
        s.Append($"{indent}esac\n");
    }

    /// <summary>_describe's "spelling:description" items, one per spelling.</summary>
    private static string Described(IEnumerable<CompletionOption> options) =>
        string.Join(' ', options.SelectMany(o => o.Spellings.Select(spelling => Quote(spelling + ":" + o.Description))));

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
