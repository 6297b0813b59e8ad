using Netstate.Cli.Arguments;

namespace Netstate.Cli.Tests;

/// <summary>-K changes the system, so the parser lets it through only with a filter, once, as a listing.</summary>
public class KillOptionTests
{
    [Fact]
    public void K_with_a_filter_is_a_kill_listing()
    {
        NetstatOptions options = NetstatArgumentParser.Parse(["-K", "-t", "dport", "=", ":8080"]);
        Assert.True(options.Kill);
        Assert.True(NetstatArgumentParser.Parse(["--kill", "--json", "state", "established"]).Kill);
    }

    [Theory]
    [InlineData("-K")]
    [InlineData("-tK")]
    [InlineData("--kill", "-a")]
    public void K_without_a_filter_is_refused_so_a_typo_never_closes_everything(params string[] args)
    {
        UsageException error = Assert.Throws<UsageException>(() => NetstatArgumentParser.Parse(args));
        Assert.Contains("no filter was given", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-K", "-c", "sport", "=", ":1")]
    [InlineData("-K", "--count-by", "state", "sport", "=", ":1")]
    [InlineData("-K", "-r")]
    public void K_does_not_repeat_count_or_mix_with_other_modes(params string[] args)
    {
        Assert.Throws<UsageException>(() => NetstatArgumentParser.Parse(args));
    }
}
