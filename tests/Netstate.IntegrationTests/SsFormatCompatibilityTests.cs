using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// iproute2's ss and netstate --format ss run on the same sockets in the same private namespace:
/// their output must match line for line. Without moving values (-tan, -tanp, -xan ...) the match
/// is byte for byte, column padding included; with timers (-o, and -e, which implies them in ss),
/// memory or tcp_info the moving numbers are normalised first (see <see cref="SsText"/>).
/// </summary>
public sealed class SsFormatCompatibilityTests : IClassFixture<ClassicSockets>
{
    private readonly ClassicSockets _sockets;

    public SsFormatCompatibilityTests(ClassicSockets sockets)
    {
        _sockets = sockets;
        _sockets.EnsureTimeWait();
    }

    [Theory]
    [InlineData("-tan")]
    [InlineData("-tanp")]
    [InlineData("-uan")]
    [InlineData("-uanp")]
    [InlineData("-xan")]
    [InlineData("-xanp")]
    [InlineData("-tuxan")]
    [InlineData("-ltn")]
    [InlineData("-6tan")]
    public void Output_matches_ss_byte_for_byte(string flags)
    {
        (string ss, string netstate) = Run(flags);
        AssertSameLines(flags, ss.Split('\n'), netstate.Split('\n'), ss, netstate);
    }

    [Theory]
    // One state selected: ss drops the State column (scripts count columns on that), and so must we.
    [InlineData("-tan", "state", "listening")]
    [InlineData("-tn", "state", "established")]
    [InlineData("-tan", "state", "time-wait")]
    [InlineData("-tan", "state", "established", "dport", "!=", ":1")]
    // Several states: the column stays.
    [InlineData("-tan", "state", "connected")]
    [InlineData("-tan", "state", "listening", "state", "established")]
    public void Output_with_a_state_filter_matches_ss_byte_for_byte(string flags, params string[] filter)
    {
        (string ss, string netstate) = Run(flags, filter);
        AssertSameLines(flags, ss.Split('\n'), netstate.Split('\n'), ss, netstate);
    }

    [Theory]
    [InlineData("-tano")]
    [InlineData("-tane")]
    [InlineData("-tanpe")]
    [InlineData("-tanm")]
    [InlineData("-tani")]
    [InlineData("-tanoi")]
    [InlineData("-tanmi")]
    [InlineData("-tanpeoim")]
    [InlineData("-uanm")]
    [InlineData("-xanm")]
    public void Output_matches_ss_with_moving_values_normalised(string flags)
    {
        (string ss, string netstate) = Run(flags);
        AssertSameLines(flags, SsText.Normalise(ss), SsText.Normalise(netstate), ss, netstate);
    }

    [Fact]
    public void The_info_line_carries_the_fields_ss_prints()
    {
        (_, string netstate) = Run("-tanoi");
        foreach (string field in new[] { " ts sack ", " wscale:", " rto:", " rtt:", " mss:", " pmtu:", " rcvmss:", " advmss:", " cwnd:", " bytes_acked:", " segs_out:", " lastsnd:", " pacing_rate ", " minrtt:", " snd_wnd:" })
            Assert.Contains(field, netstate, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_options_and_i_mean_the_same_under_format_ss()
    {
        string shortFlags = Tools.Netstate(_sockets.Namespace, "-tanmi", "--format", "ss").Stdout;
        string longFlags = Tools.Netstate(_sockets.Namespace, "-tan", "--memory", "--info", "--format=ss").Stdout;
        Assert.Equal(SsText.Normalise(shortFlags), SsText.Normalise(longFlags));
    }

    private (string Ss, string Netstate) Run(string flags, params string[] filter)
    {
        ProcessResult ss = _sockets.Namespace.Run(() => ProcessResult.Run(Tools.Require("ss", "iproute2"), [flags, .. filter]));
        ProcessResult netstate = Tools.Netstate(_sockets.Namespace, [flags, "--format", "ss", .. filter]);
        Assert.True(ss.ExitCode == 0, $"ss {flags} failed: {ss.Stderr}");
        Assert.True(netstate.ExitCode == 0, $"netstate {flags} --format ss failed: {netstate.Stderr}");
        Assert.Equal("", netstate.Stderr);
        Assert.True(ss.Stdout.Split('\n').Length > 2, $"the scenario should give ss rows to compare:\n{ss.Stdout}");
        return (ss.Stdout, netstate.Stdout);
    }

    private static void AssertSameLines(string flags, string[] expected, string[] actual, string ss, string netstate)
    {
        for (int i = 0; i < Math.Max(expected.Length, actual.Length); i++)
        {
            string want = i < expected.Length ? expected[i] : "<no line>";
            string got = i < actual.Length ? actual[i] : "<no line>";
            Assert.True(want == got, $"line {i + 1} of 'ss {flags}' differs\nss:       [{want}]\nnetstate: [{got}]\n\nss:\n{ss}\nnetstate:\n{netstate}");
        }
    }
}
