using System.Text;
using Netstate.Core.Query;

namespace Netstate.Core.Tests.Query;

public sealed class GlobPatternTests
{
    [Theory]
    [InlineData("nginx", "nginx", true)]
    [InlineData("nginx", "nginx2", false)]
    [InlineData("ngin*", "nginx", true)]
    [InlineData("*x", "nginx", true)]
    [InlineData("*", "", true)]
    [InlineData("?", "", false)]
    [InlineData("n?inx", "nginx", true)]
    [InlineData("*in*", "nginx", true)]
    [InlineData("a*b*c", "aXbYbZc", true)]
    [InlineData("a*b*c", "aXbYbZ", false)]
    [InlineData("[mn]ginx", "nginx", true)]
    [InlineData("[!n]ginx", "nginx", false)]
    [InlineData("[^n]ginx", "mginx", true)]
    [InlineData("[a-m]ginx", "nginx", false)]
    [InlineData("[a-z]ginx", "nginx", true)]
    [InlineData("[abc", "[abc", true)]
    [InlineData("sshd: *", "sshd: alice@pts/0", true)]
    [InlineData("caf?", "café", true)]
    [InlineData("?afé", "café", true)]
    public void Matches_like_a_shell(string pattern, string text, bool expected)
    {
        var glob = new GlobPattern(pattern, ignoreCase: false);
        Assert.Equal(expected, glob.Matches(Encoding.UTF8.GetBytes(text)));
        Assert.Equal(expected, glob.Matches(text.AsSpan()));
    }

    [Fact]
    public void Case_folding_is_asked_for()
    {
        Assert.False(new GlobPattern("/RUN/*", ignoreCase: false).Matches("/run/x".AsSpan()));
        Assert.True(new GlobPattern("/RUN/*", ignoreCase: true).Matches("/run/x".AsSpan()));
        Assert.True(new GlobPattern("[A-C]x", ignoreCase: true).Matches("bx".AsSpan()));
    }

    [Fact]
    public void Many_stars_on_a_long_name_stay_fast()
    {
        var glob = new GlobPattern("*a*a*a*a*a*a*a*a*b", ignoreCase: false);
        Assert.False(glob.Matches(new string('a', 5000).AsSpan()));
    }
}
