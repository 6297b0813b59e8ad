using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// The scripts of 'netstate completion bash|zsh|fish' load in their shells and complete what the
/// issue asks for: options, subcommands, --format/--source/--count-by values, state names after
/// 'state', scenarios after 'lab', states after 'explain'.
/// </summary>
public sealed class CompletionScriptTests
{
    private static readonly Lazy<string> Directory = new(() =>
    {
        string directory = System.IO.Directory.CreateTempSubdirectory("netstate-completion-").FullName;
        foreach (string shell in new[] { "bash", "zsh", "fish" })
        {
            ProcessResult script = ProcessResult.Run(Tools.NetstateBinary, ["completion", shell]);
            Assert.True(script.ExitCode == 0, script.Stderr);
            File.WriteAllText(Path.Combine(directory, shell), script.Stdout);
        }
        return directory;
    });

    [Fact]
    public void Bash_registers_the_function()
    {
        ProcessResult bash = ProcessResult.Run("bash", ["-c", $"source {Script("bash")}; complete -p netstate"]);

        Assert.Equal("", bash.Stderr);
        Assert.Equal("complete -F _netstate netstate\n", bash.Stdout);
    }

    [Theory]
    [InlineData("netstate --for", "--format")]
    [InlineData("netstate --format ''", "netstat ss json csv")]
    [InlineData("netstate --format=''", "netstat ss json csv")]
    [InlineData("netstate -tan --source n", "netlink")]
    [InlineData("netstate --count-by state,remote-", "state,remote-addr state,remote-port")]
    [InlineData("netstate -A inet,u", "inet,unix")]
    [InlineData("netstate -tan state time", "time-wait")]
    [InlineData("netstate -tan exclude syn-", "syn-sent syn-recv")]
    [InlineData("netstate -tan sp", "sport")]
    [InlineData("netstate ''", "doctor explain lab watch serve who trace life record history completion")]
    [InlineData("netstate trace --re", "--retransmits --resets")]
    [InlineData("netstate history --count-by remote-", "remote-addr remote-port")]
    [InlineData("netstate lab a", "active-close accept-queue-overflow")]
    [InlineData("netstate explain TIME", "TIME_WAIT")]
    [InlineData("netstate explain --as", "--ascii")]
    [InlineData("netstate doctor --w", "--window")]
    [InlineData("netstate completion ''", "bash zsh fish")]
    [InlineData("netstate --numeric-", "--numeric-hosts --numeric-ports --numeric-users")]
    public void Bash_completes(string line, string expected)
    {
        // COMP_WORDS as bash splits the line (with '=' a word of its own), the cursor on the last word.
        string words = line.Replace("=", " = ", StringComparison.Ordinal);
        string script = $"source {Script("bash")}; COMP_WORDS=({words}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); _netstate; echo \"${{COMPREPLY[*]}}\"";
        ProcessResult bash = ProcessResult.Run("bash", ["-c", script]);

        Assert.Equal("", bash.Stderr);
        Assert.Equal(expected, bash.Stdout.TrimEnd('\n'));
    }

    [Fact]
    public void Bash_offers_every_long_option_the_help_lists()
    {
        string help = ProcessResult.Run(Tools.NetstateBinary, ["--help"]).Stdout;
        string offered = ProcessResult.Run("bash", ["-c", $"source {Script("bash")}; COMP_WORDS=(netstate --); COMP_CWORD=1; _netstate; printf '%s\\n' \"${{COMPREPLY[@]}}\""]).Stdout;

        // The option lines, after the usage block (which names subcommands' options too).
        string options = help[help.IndexOf("\n\n", StringComparison.Ordinal)..];
        string[] listed = System.Text.RegularExpressions.Regex.Matches(options, @"--[a-z][a-z0-9-]+").Select(m => m.Value).Distinct().ToArray();
        Assert.NotEmpty(listed);
        Assert.Empty(listed.Except(offered.Split('\n')));
    }

    [Theory]
    [InlineData("netstate --format ", "csv\njson\nnetstat\nss")]
    [InlineData("netstate -tan state clos", "close\nclose-wait\nclosing")]
    [InlineData("netstate lab hand", "handshake")]
    [InlineData("netstate explain CLOSE_", "CLOSE_WAIT")]
    [InlineData("netstate --count-by state,pro", "state,process\nstate,proto")]
    public void Fish_completes(string line, string expected)
    {
        ProcessResult fish = ProcessResult.Run("fish", ["--no-config", "-c", $"source {Script("fish")}; complete -C '{line}'"]);

        Assert.Equal("", fish.Stderr);
        string[] words = fish.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')[0]).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, string.Join('\n', words));
    }

    [Fact]
    public void Fish_describes_options_in_the_help_text_words()
    {
        ProcessResult fish = ProcessResult.Run("fish", ["--no-config", "-c", $"source {Script("fish")}; complete -C 'netstate --progr'"]);

        Assert.Equal("--programs\tshow the PID/Program name owning each socket\n", fish.Stdout);
    }

    [Fact]
    public void Zsh_parses_the_script_and_compdef_registers_it()
    {
        string dump = Path.Combine(Directory.Value, "zcompdump");
        ProcessResult syntax = ProcessResult.Run(Tools.Require("zsh", "zsh"), ["-n", Script("zsh")]);
        ProcessResult zsh = ProcessResult.Run("zsh", ["-fc", $"autoload -U compinit && compinit -u -d {dump} && source {Script("zsh")} && print -r -- $_comps[netstate] && whence -w _netstate _netstate_list"]);

        Assert.True(syntax.ExitCode == 0, syntax.Stderr);
        Assert.Equal("", zsh.Stderr);
        Assert.Equal("_netstate\n_netstate: function\n_netstate_list: function\n", zsh.Stdout);
    }

    private static string Script(string shell) => Path.Combine(Directory.Value, shell);
}
