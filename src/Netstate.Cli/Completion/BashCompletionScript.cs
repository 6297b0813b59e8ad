using System.Text;

namespace Netstate.Cli.Completion;

/// <summary>
/// Writes the bash completion function. It uses only bash's own compgen, so it works with or
/// without the bash-completion package loaded.
/// </summary>
internal static class BashCompletionScript
{
    public static string Write(CompletionSpec spec)
    {
        var s = new StringBuilder();
        s.Append($$"""
            # bash completion for netstate                             -*- shell-script -*-
            # Written by 'netstate completion bash' ({{VersionText.Version}}). Install it as
            # /usr/share/bash-completion/completions/netstate, or: source <(netstate completion bash)

            _netstate_list()
            {
                # A comma-separated list: complete the last item, keep the ones before it.
                local prefix="" last="$cur"
                case "$cur" in *,*) prefix="${cur%,*},"; last="${cur##*,}" ;; esac
                COMPREPLY=($(compgen -P "$prefix" -W "$1" -- "$last"))
            }

            _netstate()
            {
                local cur="${COMP_WORDS[COMP_CWORD]}" prev="" command=""
                [ "$COMP_CWORD" -gt 0 ] && prev="${COMP_WORDS[COMP_CWORD-1]}"
                # --option=value arrives as three words: --option, =, value.
                if [ "$cur" = "=" ]; then prev="${COMP_WORDS[COMP_CWORD-1]}"; cur=""
                elif [ "$prev" = "=" ] && [ "$COMP_CWORD" -gt 1 ]; then prev="${COMP_WORDS[COMP_CWORD-2]}"
                fi
                [ "$COMP_CWORD" -gt 1 ] && command="${COMP_WORDS[1]}"

                case "$command" in

            """);
        foreach (CompletionSubcommand command in spec.Commands)
        {
            s.Append($"    {command.Name})\n");
            AppendValues(s, command.Options, "        ");
            s.Append($$"""
                        if [[ "$cur" == -* ]]; then
                            COMPREPLY=($(compgen -W "{{ShellWords.Join(command.Options.SelectMany(o => o.Spellings))}}" -- "$cur"))
                        else
                            COMPREPLY=($(compgen -W "{{ShellWords.Join(command.Arguments)}}" -- "$cur"))
                        fi
                        return ;;

                """);
        }
        s.Append("    esac\n\n");
        AppendValues(s, spec.Options, "    ");
        s.Append($$"""
                case "$prev" in
                    {{string.Join('|', CompletionSpec.StateKeywords)}})
                        COMPREPLY=($(compgen -W "{{ShellWords.Join(spec.FilterStates)}}" -- "$cur"))
                        return ;;
                esac
                if [[ "$cur" == -* ]]; then
                    COMPREPLY=($(compgen -W "{{ShellWords.Join(spec.Options.SelectMany(o => o.Spellings))}}" -- "$cur"))
                elif [ "$COMP_CWORD" -eq 1 ]; then
                    COMPREPLY=($(compgen -W "{{ShellWords.Join(spec.Commands.Select(c => c.Name))}}" -- "$cur"))
                else
                    COMPREPLY=($(compgen -W "{{ShellWords.Join(spec.FilterWords)}}" -- "$cur"))
                fi
            }
            complete -F _netstate netstate

            """);
        return s.ToString();
    }

    /// <summary>The case over the previous word that completes option values.</summary>
    private static void AppendValues(StringBuilder s, IReadOnlyList<CompletionOption> options, string indent)
    {
        s.Append($"{indent}case \"$prev\" in\n");
        foreach (CompletionOption option in options.Where(o => o.Value != CompletionValue.None))
        {
            string action = option.Value switch
            {
                CompletionValue.Choice => $"COMPREPLY=($(compgen -W \"{ShellWords.Join(option.Choices!)}\" -- \"$cur\"))",
                CompletionValue.ChoiceList => $"_netstate_list \"{ShellWords.Join(option.Choices!)}\"",
                CompletionValue.Directory => "COMPREPLY=($(compgen -d -- \"$cur\"))",
                _ => "COMPREPLY=()",
            };
            s.Append($"{indent}    {string.Join('|', option.Spellings)}) {action}; return ;;\n");
        }
        s.Append($"{indent}esac\n");
    }
}
