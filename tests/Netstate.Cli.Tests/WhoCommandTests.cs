using Netstate.Cli.Commands;

namespace Netstate.Cli.Tests;

/// <summary>The who verb's dispatch and argument checks; its listings are tested on real sockets in the integration tests.</summary>
public sealed class WhoCommandTests
{
    private static (ReturnCode Code, string Out, string Err) Run(params string[] args) => AppRunner.Run(args);

    [Fact]
    public void Help_prints_the_verbs_usage()
    {
        (ReturnCode code, string stdout, string stderr) = Run("who", "--help");
        Assert.Equal(ReturnCode.Success, code);
        Assert.Equal(WhoCommand.Usage, stdout);
        Assert.Equal("", stderr);
    }

    [Fact]
    public void Who_is_a_verb_only_in_first_place()
    {
        (ReturnCode code, _, string stderr) = Run("-tn", "who");
        Assert.Equal(ReturnCode.UsageError, code);
        Assert.StartsWith("netstate: unexpected argument 'who'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_target_with_spaces_is_a_usage_error()
    {
        (ReturnCode code, string stdout, string stderr) = Run("who", "a b:1");
        Assert.Equal(ReturnCode.UsageError, code);
        Assert.Equal("", stdout);
        Assert.Equal("netstate: 'a b:1' is not an address:port (for example 127.0.0.1:8080 or [::1]:8080)\n", stderr);
    }
}
