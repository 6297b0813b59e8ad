using Netstate.Cli.Completion;

namespace Netstate.Cli.Commands;

/// <summary>netstate completion bash|zsh|fish: prints the shell's completion script.</summary>
internal sealed class CompletionCommand
{
    public const string Usage = """
        usage: netstate completion bash|zsh|fish

        Prints the completion script for the shell: flags and long options, subcommands, the values
        of --format, --source, --count-by and -A, state names after 'state', scenarios after 'lab',
        states after 'explain'.

          bash   source <(netstate completion bash)     (or save it in /usr/share/bash-completion/completions/netstate)
          zsh    source <(netstate completion zsh)      (after compinit; or save it as _netstate in $fpath)
          fish   netstate completion fish | source      (or save it in ~/.config/fish/completions/netstate.fish)

          -h, --help   show this help

        """;

    public static IReadOnlyList<string> Shells { get; } = ["bash", "zsh", "fish"];

    private readonly IReadOnlyList<string> _args;
    private readonly TextWriter _out;

    public CompletionCommand(IReadOnlyList<string> args, TextWriter stdout)
    {
        _args = args;
        _out = stdout;
    }

    public ReturnCode Run()
    {
        if (_args.Count == 1 && _args[0] is "-h" or "--help")
        {
            _out.Write(Usage);
            return ReturnCode.Success;
        }
        if (_args.Count != 1)
            throw new UsageException("'netstate completion' takes one shell: bash, zsh or fish", "for example: source <(netstate completion bash)");
        CompletionSpec spec = CompletionSpec.Build();
        _out.Write(_args[0] switch
        {
            "bash" => BashCompletionScript.Write(spec),
            "zsh" => ZshCompletionScript.Write(spec),
            "fish" => FishCompletionScript.Write(spec),
            string other => throw new UsageException($"no completion for shell '{other}'", "use bash, zsh or fish"),
        });
        return ReturnCode.Success;
    }
}
