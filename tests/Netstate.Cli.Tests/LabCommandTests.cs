using Netstate.Lab;

namespace Netstate.Cli.Tests;

/// <summary>netstate lab's command line: listing, help and the errors, none of which needs root or a namespace.</summary>
public sealed class LabCommandTests
{
    private static (ReturnCode Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        ReturnCode code = NetstateApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void List_shows_each_scenario_with_its_summary_and_aliases()
    {
        (ReturnCode code, string output, string errors) = Run("lab", "--list");

        Assert.Equal(ReturnCode.Success, code);
        Assert.Equal("", errors);
        string[] lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(LabScenarios.All.Count, lines.Length);
        Assert.Contains(lines, line => line.StartsWith("simultaneous-close ", StringComparison.Ordinal) && line.EndsWith("(also: closing)", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_scenario_the_list_comes_with_a_hint()
    {
        (ReturnCode code, string output, _) = Run("lab");

        Assert.Equal(ReturnCode.Success, code);
        Assert.Contains("handshake ", output, StringComparison.Ordinal);
        Assert.EndsWith("Run one with 'netstate lab NAME' (as root); 'netstate lab --help' for the options.\n", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("time-wait", "active-close")]
    [InlineData("TIME_WAIT", "active-close")]
    [InlineData("close-wait", "passive-close")]
    [InlineData("syn-recv", "unacknowledged-synack")]
    [InlineData("syn-sent", "unanswered-connect")]
    [InlineData("Handshake", "handshake")]
    public void Scenarios_are_found_by_name_or_by_the_state_they_show(string name, string scenario) =>
        Assert.Equal(scenario, LabScenarios.Find(name)?.Name);

    [Fact]
    public void Aliases_are_unique()
    {
        string[] names = [.. LabScenarios.All.SelectMany(s => s.Aliases.Prepend(s.Name))];
        Assert.Equal(names.Length, names.Distinct().Count());
    }

    [Theory]
    [InlineData("lab nope", "netstate: unknown lab scenario 'nope' ('netstate lab --list' shows them)")]
    [InlineData("lab --bogus", "netstate: unknown lab option '--bogus' (see 'netstate lab --help')")]
    [InlineData("lab handshake active-close", "netstate: one scenario at a time: 'handshake' and 'active-close' (see 'netstate lab --list')")]
    [InlineData("lab handshake --pause", "netstate: --pause needs a number of seconds from 0 to 3600, not '' (see 'netstate lab --help')")]
    [InlineData("lab handshake --pause -1", "netstate: --pause needs a number of seconds from 0 to 3600, not '-1' (see 'netstate lab --help')")]
    [InlineData("lab handshake --pause NaN", "netstate: --pause needs a number of seconds from 0 to 3600, not 'NaN' (see 'netstate lab --help')")]
    public void Usage_errors_are_one_line_and_exit_2(string commandLine, string message)
    {
        (ReturnCode code, string output, string errors) = Run(commandLine.Split(' '));

        Assert.Equal(ReturnCode.UsageError, code);
        Assert.Equal("", output);
        Assert.Equal(message + "\n", errors);
    }

    [Fact]
    public void Help_describes_the_options()
    {
        (ReturnCode code, string output, _) = Run("lab", "--help");

        Assert.Equal(ReturnCode.Success, code);
        Assert.StartsWith("usage: netstate lab [SCENARIO]", output, StringComparison.Ordinal);
        Assert.Contains("--pause SECONDS", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_scenario_has_a_summary_and_an_introduction()
    {
        foreach (LabScenario scenario in LabScenarios.All)
        {
            Assert.Matches("^[a-z]+(-[a-z]+)*$", scenario.Name);
            Assert.False(string.IsNullOrWhiteSpace(scenario.Summary), scenario.Name);
            Assert.False(string.IsNullOrWhiteSpace(scenario.Introduction), scenario.Name);
        }
    }
}
