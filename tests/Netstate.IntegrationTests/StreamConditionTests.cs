using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// The built netstate with its standard streams closed, full or abandoned, run from a shell as a
/// user would: these are ordinary conditions, never a crash, a hang or a lost result.
/// </summary>
public sealed class StreamConditionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("netstate-streams-").FullName;

    [Theory]
    [InlineData("-an")]
    [InlineData("--help")]
    [InlineData("--version")]
    [InlineData("-tan --json")]
    public void A_closed_stdout_is_one_plain_line_and_exit_1(string arguments)
    {
        ProcessResult result = Shell($"$NETSTATE {arguments} >&-");

        Assert.Equal("netstate: cannot write to standard output: bad file descriptor (EBADF)\n", result.Stderr);
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public void A_full_disk_under_stdout_is_said_in_plain_words()
    {
        ProcessResult result = Shell("$NETSTATE -an >/dev/full");

        Assert.Equal("netstate: cannot write to standard output: no space left on device (ENOSPC)\n", result.Stderr);
        Assert.Equal(1, result.ExitCode);
    }

    [Theory]
    [InlineData("2>/dev/full")]
    [InlineData("2>&-")]
    public void A_warning_that_cannot_be_written_costs_nothing(string redirection)
    {
        string root = ProcWithABadLine();
        string output = Path.Combine(_directory, "out");

        ProcessResult result = Shell($"$NETSTATE --proc-root {root} -tln {redirection} >{output}");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("127.0.0.1:10050", File.ReadAllText(output), StringComparison.Ordinal);
        // Proof that there was a warning to lose: the same run with stderr intact writes it.
        Assert.Contains("line 2: bad local address", Shell($"$NETSTATE --proc-root {root} -tln").Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-tan -c 100")]
    [InlineData("-tan --jsonl -c 100")]
    [InlineData("-i -c 100")]
    public void A_repeating_mode_ends_when_its_reader_goes_away(string arguments)
    {
        // The next round is 100 s away, beyond ProcessResult's 60 s limit: the pause itself must
        // notice that head has gone, not the write after it.
        ProcessResult result = Shell($"$NETSTATE {arguments} | head -c 1 >/dev/null; echo \"exit ${{PIPESTATUS[0]}}\"");

        Assert.Equal("exit 141\n", result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void A_reader_gone_during_a_write_ends_the_run_quietly()
    {
        // A unix listing far longer than a pipe's 64 KiB, with the reader gone after a few bytes.
        ProcessResult result = Shell("$NETSTATE -an -c 1 --count 1000 | head -c 1 >/dev/null; echo \"exit ${PIPESTATUS[0]}\"");

        Assert.Equal("exit 141\n", result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Theory]
    [InlineData("--version")]
    [InlineData("-tn")]
    [InlineData("explain")]
    [InlineData("-tn --format ss")]
    public void On_a_terminal_nothing_but_the_output_is_written(string arguments)
    {
        // script(1) gives netstate a terminal; the terminal turns each \n into \r\n.
        string script = Tools.Require("script", "bsdutils");
        string command = $"{Tools.NetstateBinary} {arguments}";
        ProcessResult onTerminal = ProcessResult.Run(script, ["-qec", command, "/dev/null"]);
        ProcessResult piped = ProcessResult.Run(Tools.NetstateBinary, [.. arguments.Split(' ')]);

        Assert.Equal(0, onTerminal.ExitCode);
        Assert.DoesNotContain("\u001b", onTerminal.Stdout, StringComparison.Ordinal);
        if (arguments == "--version")
            Assert.Equal(piped.Stdout.Replace("\n", "\r\n", StringComparison.Ordinal), onTerminal.Stdout);
    }

    /// <summary>A replayed /proc whose tcp table has one malformed line, which netstate warns about.</summary>
    private string ProcWithABadLine()
    {
        string root = Path.Combine(_directory, "proc");
        Directory.CreateDirectory(Path.Combine(root, "net"));
        File.WriteAllText(Path.Combine(root, "net", "tcp"),
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
            + "   0: 0100007F:2742 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4382 1 0000000000000000 100 0 0 10 0\n"
            + "   1: 0100007F:ZZZZ 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4383 1\n");
        File.WriteAllText(Path.Combine(root, "net", "tcp6"),
            "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n");
        return root;
    }

    /// <summary>Runs <paramref name="script"/> in bash with $NETSTATE set to the built netstate.</summary>
    private static ProcessResult Shell(string script) =>
        ProcessResult.Run("bash", ["-c", script], new Dictionary<string, string> { ["NETSTATE"] = Tools.NetstateBinary });

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
