using Netstate.Cli.Arguments;

namespace Netstate.Cli.Tests;

/// <summary>--summary selects its own mode and, like netstat's table modes, excludes the others.</summary>
public sealed class SummaryOptionTests
{
    [Theory]
    [InlineData("--summary")]
    [InlineData("--summ")]
    [InlineData("--su")]
    public void Selects_the_summary_mode(string flag) =>
        Assert.Equal(Mode.Summary, NetstatArgumentParser.Parse([flag]).Mode);

    [Theory]
    [InlineData("-r")]
    [InlineData("-i")]
    [InlineData("-s")]
    public void Cannot_be_combined_with_another_table(string other)
    {
        UsageException e = Assert.Throws<UsageException>(() => NetstatArgumentParser.Parse(["--summary", other]));
        Assert.Contains("cannot be combined", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Takes_no_value()
    {
        UsageException e = Assert.Throws<UsageException>(() => NetstatArgumentParser.Parse(["--summary=tcp"]));
        Assert.Contains("takes no value", e.Message, StringComparison.Ordinal);
    }
}
