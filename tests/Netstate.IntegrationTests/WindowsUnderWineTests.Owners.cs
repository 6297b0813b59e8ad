using System.Globalization;
using System.Text.RegularExpressions;
using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// -b, the elevation note, who's services line and serve, as far as Wine 8 can show them. What Wine
/// shows: every socket has PID 0 (even one held by a Wine process, such as netstate.exe serve), and
/// its processes run with an elevated token (the wineserver answers get_token_info with
/// elevation=2, TokenElevationTypeFull, for the suite's root user). So the service line, the
/// services: line and the unelevated note are checked on recorded data in the unit tests only.
/// </summary>
public sealed partial class WindowsUnderWineTests
{
    [Fact]
    public void Dash_b_names_no_owner_for_wines_pid_zero_and_adds_no_elevation_note_as_wine_runs_elevated()
    {
        ProcessResult result = _wine.Run("-anb", "-p", "tcp");

        Assert.True(result.ExitCode == 0, result.Stderr);
        string[] lines = result.Stdout.ReplaceLineEndings("\n").Split('\n');
        int row = Array.FindIndex(lines, l => l.Contains($"127.0.0.1:{_wine.TcpPort} ", StringComparison.Ordinal) && l.EndsWith("LISTENING", StringComparison.Ordinal));
        Assert.True(row > 0, result.Stdout);
        Assert.Equal(" Can not obtain ownership information", lines[row + 1]);
        // Every row is followed by exactly one -b line: with PID 0 there is no process, so no service line.
        for (int i = 4; i < lines.Length - 1; i += 2)
        {
            Assert.StartsWith("  TCP    ", lines[i], StringComparison.Ordinal);
            Assert.Equal(" Can not obtain ownership information", lines[i + 1]);
        }
        // Wine's token is elevated: netstate has nothing to add about elevation (an unelevated run would say "The requested operation requires elevation. Shown is ...").
        Assert.DoesNotContain("requires elevation", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stderr.Trim());
    }

    [Fact]
    public async Task Serve_answers_metrics_on_loopback_and_wine_gives_even_its_own_listener_pid_zero()
    {
        using ServeProcess serve = _wine.Serve();

        string metrics = await serve.Client.GetStringAsync("metrics");

        Assert.Contains("# TYPE netstate_tcp_connection_states gauge", metrics, StringComparison.Ordinal);
        Assert.Contains("# TYPE netstate_readings_total ", metrics, StringComparison.Ordinal);
        // The listeners netstate counts are those ss sees in the namespace: the bed's two and serve's own.
        Match listening = Regex.Match(metrics, "^netstate_tcp_connection_states\\{state=\"listen\"\\} (\\d+)$", RegexOptions.Multiline);
        Assert.True(listening.Success, metrics);
        int ssListeners = _wine.Linux("ss", "-Htln").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        Assert.Equal(ssListeners, int.Parse(listening.Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.True(ssListeners >= 3, $"ss saw {ssListeners} listeners");

        // netstate.exe is a Wine process, and Wine 8 still reports PID 0 for its socket: who finds no process, so no services: line.
        string port = serve.Port.ToString(CultureInfo.InvariantCulture);
        ProcessResult who = _wine.Run("who", port);
        Assert.True(who.ExitCode == 0, who.Stderr);
        Assert.Contains($"LISTEN       127.0.0.1:{port}", who.Stdout, StringComparison.Ordinal);
        Assert.Contains("no owning process", who.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("services:", who.Stdout, StringComparison.Ordinal);
        ProcessResult ano = _wine.Run("-ano", "-p", "tcp");
        Assert.Matches($"(?m)^  TCP    127\\.0\\.0\\.1:{port} +0\\.0\\.0\\.0:0 +LISTENING +0$", ano.Stdout.ReplaceLineEndings("\n"));
    }
}
