using Netstate.Cli.Arguments;
using Netstate.Cli.Commands;
using Netstate.Cli.Completion;
using Netstate.Core.Query;
using Netstate.Core.Vocabulary;
using static Netstate.Cli.Tests.AppRunner;

namespace Netstate.Cli.Tests;

/// <summary>
/// The completions come from the parser's tables and the --help texts; these tests hold the three
/// together: what --help lists is offered, and what is offered the parsers accept.
/// </summary>
public sealed class CompletionSpecTests
{
    private static readonly CompletionSpec Spec = CompletionSpec.Build();

    public static TheoryData<string, string> HelpTexts => new()
    {
        { "", UsageText.Full },
        { "doctor", DoctorCommand.Usage },
        { "explain", ExplainOptions.Usage },
        { "lab", LabCommand.Usage },
        { "watch", WatchOptions.Usage },
        { "completion", CompletionCommand.Usage },
    };

    [Theory]
    [MemberData(nameof(HelpTexts))]
    public void Every_option_a_help_text_lists_is_offered(string command, string help)
    {
        IEnumerable<CompletionOption> offered = command.Length == 0 ? Spec.Options : Spec.Commands.Single(c => c.Name == command).Options;
        string[] spellings = offered.SelectMany(o => o.Spellings).ToArray();

        string[] listed = HelpLines.Options(help).Distinct().ToArray();
        Assert.NotEmpty(listed);
        Assert.Empty(listed.Except(spellings));
    }

    [Fact]
    public void Every_offered_option_is_one_the_parser_knows()
    {
        foreach (string spelling in Spec.Options.SelectMany(o => o.Spellings).Where(s => s != "--debug"))
        {
            CompletionOption option = Spec.Options.Single(o => o.Spellings.Contains(spelling));
            string[] args = option.Value == CompletionValue.None ? [spelling] : [spelling, option.Choices?[0] ?? "1"];
            try
            {
                NetstatArgumentParser.Parse(args);
            }
            catch (UserFacingException e)
            {
                // Some options need a partner (--top needs --count-by); none may be unknown.
                Assert.DoesNotContain("unknown option", e.Message, StringComparison.Ordinal);
                Assert.DoesNotContain("ambiguous", e.Message, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("--format")]
    [InlineData("--source")]
    [InlineData("--count-by")]
    [InlineData("--protocol")]
    public void Every_offered_value_parses(string name)
    {
        CompletionOption option = Spec.Options.Single(o => o.Spellings.Contains(name));
        Assert.NotNull(option.Choices);
        foreach (string value in option.Choices)
            NetstatArgumentParser.Parse([$"{name}={value}", "-t"]);
    }

    [Fact]
    public void Offered_filter_states_and_subcommand_words_are_accepted()
    {
        foreach (string state in Spec.FilterStates)
            Assert.True(StateNames.MaskOf(state) is not null, state);
        foreach (string keyword in Spec.FilterWords.Except(["and", "or", "not"]))
            Assert.True(FilterParser.CanStart(keyword), keyword);
        foreach (string state in Spec.Commands.Single(c => c.Name == "explain").Arguments)
            Assert.True(TcpStateText.TryParse(state, out _), state);
        Assert.Equal(["bash", "zsh", "fish"], Spec.Commands.Single(c => c.Name == "completion").Arguments);
        Assert.Contains("time-wait", Spec.FilterStates);
        Assert.Contains("handshake", Spec.Commands.Single(c => c.Name == "lab").Arguments);
    }

    [Theory]
    [InlineData("bash", "complete -F _netstate netstate\n")]
    [InlineData("zsh", "compdef _netstate netstate\n")]
    [InlineData("fish", "complete -c netstate -n '__netstate_top_level' -s t -l tcp -d 'TCP sockets'\n")]
    public void The_completion_command_prints_the_shell_s_script(string shell, string line)
    {
        (ReturnCode code, string stdout, string stderr) = Run("completion", shell);

        Assert.Equal(ReturnCode.Success, code);
        Assert.Equal("", stderr);
        Assert.Contains(line, stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("completion")]
    [InlineData("completion", "tcsh")]
    [InlineData("completion", "bash", "zsh")]
    public void The_completion_command_wants_one_known_shell(params string[] args)
    {
        (ReturnCode code, string stdout, string stderr) = Run(args);

        Assert.Equal(ReturnCode.UsageError, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("netstate: ", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
    }
}
