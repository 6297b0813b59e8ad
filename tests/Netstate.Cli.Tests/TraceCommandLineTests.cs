using Netstate.Cli.Arguments;

namespace Netstate.Cli.Tests;

/// <summary>netstate trace and life's command lines: help without root, filters checked before anything is traced.</summary>
public sealed class TraceCommandLineTests
{
    [Theory]
    [InlineData("trace")]
    [InlineData("life")]
    public void Help_needs_no_root_and_names_every_option(string command)
    {
        (ReturnCode code, string stdout, string stderr) = AppRunner.Run([command, "--help"]);
        Assert.Equal(ReturnCode.Success, code);
        Assert.Equal("", stderr);
        Assert.StartsWith($"usage: netstate {command} ", stdout, StringComparison.Ordinal);
        Assert.Contains("--jsonl", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_filter_is_refused_with_a_caret_before_tracing_starts()
    {
        (ReturnCode code, string stdout, string stderr) = AppRunner.Run(["trace", "sport", "=", ":99999"]);
        Assert.Equal(ReturnCode.UsageError, code);
        Assert.Equal("", stdout);
        string[] lines = stderr.TrimEnd('\n').Split('\n');
        Assert.StartsWith("netstate: filter:", lines[0], StringComparison.Ordinal);
        Assert.Equal("  sport = :99999", lines[1]);
        Assert.EndsWith("^", lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain("tracing", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_filter_comes_once_and_its_words_are_joined()
    {
        TraceOptions options = TraceOptions.Parse(["--resets", "state", "close-wait", "or", "dport", "=", ":5432"], lifetimes: false);
        Assert.True(options.Resets);
        Assert.False(options.Retransmits);
        Assert.Equal("state close-wait or dport = :5432", options.Filter!.Text);
        UsageException e = Assert.Throws<UsageException>(() => TraceOptions.Parse(["--filter", "sport = :22", "state", "listening"], lifetimes: true));
        Assert.Contains("not both", e.Message, StringComparison.Ordinal);
    }
}
