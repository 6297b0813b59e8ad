using System.Text.RegularExpressions;
using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// net-tools netstat and netstate run on the same sockets in the same private namespace; their
/// output must match line for line. Only timer countdowns, which move between the two runs, are
/// normalised.
/// </summary>
public sealed partial class NetstatCompatibilityTests : IClassFixture<ClassicSockets>
{
    private readonly ClassicSockets _sockets;

    public NetstatCompatibilityTests(ClassicSockets sockets)
    {
        _sockets = sockets;
        _sockets.EnsureTimeWait(); // xUnit builds the class anew for every test
    }

    [Theory]
    [InlineData("-tan")]
    [InlineData("-tanp")]
    [InlineData("-tanpe")]
    [InlineData("-tanpo")]
    [InlineData("-uan")]
    [InlineData("-wan")]
    [InlineData("-xa")]
    [InlineData("-lntu")]
    [InlineData("-tanW")]
    [InlineData("-4", "-tan")]
    [InlineData("-6", "-tan")]
    [InlineData("-ta")]
    [InlineData("-tulpn")]
    [InlineData("-anpo")]
    [InlineData("-an")]
    [InlineData("-xap")]
    [InlineData("-lx")]
    [InlineData("-t")]
    [InlineData("-Uan")]
    [InlineData("-tanee")]
    [InlineData("-taneo", "--numeric-users")]
    [InlineData("-a", "--numeric-hosts")]
    [InlineData("-A", "inet6", "-n")]
    [InlineData("-A", "inet,unix", "-an")]
    [InlineData("--tcp", "--udp", "--listening", "--numeric", "--programs")]
    [InlineData("-tuwxaW")]
    [InlineData("-ulp")]
    [InlineData("-a")]
    [InlineData]
    public void Output_matches_netstat_line_for_line(params string[] arguments)
    {
        // The orphaned FIN_WAIT2 and the TIME_WAIT sockets expire on the kernel's clock; when one
        // did between the two runs, the tools saw different tables and the comparison says nothing,
        // so it is run again (a few times at most) on a table that held still.
        ProcessResult netstat, netstate;
        int attempt = 0;
        while (true)
        {
            string before = _sockets.TcpTableKey();
            netstat = Tools.Netstat(_sockets.Namespace, arguments);
            netstate = Tools.Netstate(_sockets.Namespace, arguments);
            if (_sockets.TcpTableKey() == before || ++attempt == 3)
                break;
            _sockets.EnsureTimeWait();
        }

        Assert.True(netstat.ExitCode == 0, $"netstat {string.Join(' ', arguments)} failed: {netstat.Stderr}");
        Assert.True(netstate.ExitCode == 0, $"netstate {string.Join(' ', arguments)} failed: {netstate.Stderr}");
        Assert.Equal("", netstate.Stderr);
        string[] expected = TimerText.Normalise(netstat.Stdout);
        string[] actual = TimerText.Normalise(netstate.Stdout);
        Assert.True(expected.Length > 2, $"the scenario should give netstat rows to compare:\n{netstat.Stdout}");
        for (int i = 0; i < Math.Max(expected.Length, actual.Length); i++)
        {
            string want = i < expected.Length ? expected[i] : "<no line>";
            string got = i < actual.Length ? actual[i] : "<no line>";
            Assert.True(want == got, $"line {i + 1} of 'netstat {string.Join(' ', arguments)}' differs\nnetstat:  [{want}]\nnetstate: [{got}]\n\nnetstat:\n{netstat.Stdout}\nnetstate:\n{netstate.Stdout}");
        }
    }

    [Fact]
    public void Both_tools_see_every_classic_state()
    {
        string output = Tools.Netstate(_sockets.Namespace, "-tan").Stdout;
        foreach (string state in new[] { "LISTEN", "ESTABLISHED", "TIME_WAIT", "CLOSE_WAIT", "FIN_WAIT2", "SYN_SENT" })
            Assert.Contains($" {state}", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_scenario_exercises_every_table_the_comparisons_cover()
    {
        string all = Tools.Netstat(_sockets.Namespace, "-anW").Stdout;
        foreach (string needle in new[]
        {
            "tcp        0      0 127.0.0.1:10050", "tcp6       0      0 :::22", "tcp6       0      0 127.0.0.1:8080", "udp        0      0 0.0.0.0:53",
            "udp6       0      0 :::5353", "udpl       0      0 127.0.0.1:4000", "raw        0      0 0.0.0.0:1", "raw6       0      0 :::58",
            "STREAM     LISTENING", "DGRAM", "SEQPACKET", "@netstate-abstract", _sockets.UnixListenerPath,
        })
        {
            Assert.Contains(needle, all, StringComparison.Ordinal);
        }
    }
}
