using Netstate.IntegrationTests.TestBed;
using Xunit.Abstractions;
using static Netstate.IntegrationTests.TestBed.NetstatStatisticsDifferences;

namespace Netstate.IntegrationTests;

/// <summary>
/// netstat -s and netstate -s on the counter files in Fixtures/counters: a capture of this
/// machine, every counter netstat has a sentence for (non-zero, including ones current kernels
/// dropped), and hand-made older and newer kernels. netstat reads them through a private mount
/// namespace where the fixture directory is mounted over /proc; netstate through --proc-root. The
/// values do not move, so each test states exactly how many lines of each documented kind differ.
/// </summary>
public sealed class StatisticsFixtureCompatibilityTests(ITestOutputHelper output)
{
    private static string Tree(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "counters", name);

    private static ProcessResult NetstatOn(string tree, string[] arguments)
    {
        const string Script = "mount --bind \"$0\" /proc || exit 99; exec netstat \"$@\"";
        return ProcessResult.Run(Tools.Require("unshare", "util-linux"),
            ["-m", "sh", "-c", Script, tree, .. arguments], new Dictionary<string, string> { ["LC_ALL"] = "C" });
    }

    /// <summary><paramref name="counts"/>: "Kind=N ..." for every kind of difference expected; unlisted kinds must not occur.</summary>
    [Theory]
    [InlineData("linux-6.18", "-s", "*", "HiddenConfiguration=1 CarriedIndent=1 MissedSentence=3")]
    [InlineData("linux-6.18", "-st", "Tcp TcpExt MPTcpExt", "UnselectedTable=7 MissedSentence=3")]
    [InlineData("linux-6.18", "-su", "Udp", "UnselectedTable=8")]
    [InlineData("linux-6.18", "-sw", "Ip Icmp IcmpMsg IpExt", "UnselectedTable=2 HiddenConfiguration=1 CarriedIndent=1")]
    [InlineData("linux-6.18", "-s -6", "*", "HistogramTitleIndent=1")]
    [InlineData("linux-6.18", "-sw -6", "Ip6 Icmp6", "UnselectedTable=1 HistogramTitleIndent=1")]
    [InlineData("every-known", "-s", "*", "HiddenConfiguration=1 CarriedIndent=1 MissedSentence=17")]
    [InlineData("every-known", "-st", "Tcp TcpExt MPTcpExt", "UnselectedTable=31 MissedSentence=17")]
    [InlineData("every-known", "-s -6", "*", "HistogramTitleIndent=1 MissedSentence=1")]
    [InlineData("every-known", "-su -6", "Udp6", "UnselectedTable=9")]
    [InlineData("older-kernel", "-s", "*", "HiddenConfiguration=1 CarriedIndent=6 MissedSentence=8")]
    [InlineData("older-kernel", "-sU", "UdpLite", "UnselectedTable=14")]
    [InlineData("older-kernel", "-s -6", "*", "HistogramTitleIndent=1")]
    [InlineData("newer-kernel", "-s", "*", "HiddenConfiguration=1 CarriedIndent=1 MissedSentence=3 NegativeValue=1")]
    [InlineData("newer-kernel", "-su", "Udp", "UnselectedTable=12")]
    [InlineData("newer-kernel", "-s -6", "*", "HistogramTitleIndent=1")]
    public void Output_matches_netstat_but_for_the_stated_differences(string tree, string commandLine, string shown, string counts)
    {
        string[] arguments = commandLine.Split(' ');
        ProcessResult netstat = NetstatOn(Tree(tree), arguments);
        ProcessResult netstate = ProcessResult.Run(Tools.NetstateBinary, [.. arguments, "--proc-root", Tree(tree)]);
        // A counter the kernel wrote as -1 reads as 2^64 - 1 in netstat (strtoull).
        var negative = new Dictionary<string, string> { ["    NegativeCounter: 18446744073709551615"] = "    NegativeCounter: -1" };

        Assert.True(netstat.ExitCode == 0, netstat.Stderr);
        Assert.Equal("", netstat.Stderr);
        HashSet<string>? tables = shown == "*" ? null : [.. shown.Split(' ')];
        Expectation expected = Apply(netstat.Stdout, tables, negative);
        output.WriteLine(expected.Describe());
        Assert.Equal(0, netstate.ExitCode);
        Assert.Equal("", netstate.Stderr);
        Assert.Equal(expected.Lines, netstate.Stdout.Split('\n'));
        Dictionary<string, int> wanted = counts.Split(' ').Select(c => c.Split('=')).ToDictionary(c => c[0], c => int.Parse(c[1], System.Globalization.CultureInfo.InvariantCulture));
        foreach (Kind kind in Enum.GetValues<Kind>())
            Assert.True(expected.Count(kind) == wanted.GetValueOrDefault(kind.ToString()), $"{kind}: {expected.Count(kind)} lines, expected {wanted.GetValueOrDefault(kind.ToString())}\n{expected.Describe()}");
    }

    [Fact]
    public void Sctp_counters_match_netstat_exactly()
    {
        ProcessResult netstat = NetstatOn(Tree("every-known"), ["-s"]);
        ProcessResult netstate = ProcessResult.Run(Tools.NetstateBinary, ["-s", "--proc-root", Tree("every-known")]);

        string Sctp(string text) => text[text.IndexOf("\nSctp:\n", StringComparison.Ordinal)..];
        Assert.Contains("\nSctp:\n    2902 Number of Aborteds \n", netstat.Stdout, StringComparison.Ordinal);
        Assert.Equal(Sctp(netstat.Stdout), Sctp(netstate.Stdout));
    }
}
