using Netstate.Core.Lab;

namespace Netstate.Core.Tests.Lab;

/// <summary>Every wait on a child process of the lab ends: at its deadline, at Ctrl+C, and whatever it writes.</summary>
public sealed class LabToolsTests
{
    [Fact]
    public void A_child_that_overstays_its_limit_is_killed_and_reported()
    {
        var error = Assert.Throws<LabException>(() =>
            LabTools.Run("/bin/sh", ["-c", "echo $$ >&2; exec sleep 60"], "", TimeSpan.FromSeconds(1), CancellationToken.None));

        Assert.Equal("sh did not finish in 1 s and was killed", error.Message);
    }

    [Fact]
    public void A_child_that_ignores_its_input_and_fills_its_pipes_still_finishes()
    {
        // More than a pipe holds (64 KiB) on both streams: a wait that reads one stream to its end
        // before the other, or waits before reading, never returns.
        ChildResult result = LabTools.Run("/bin/sh", ["-c", "head -c 1000000 /dev/zero; head -c 1000000 /dev/zero >&2; exit 3"],
            new string('x', 1 << 20), TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal(1_000_000, result.Output.Length);
        Assert.Equal(1_000_000, result.Errors.Length);
    }

    [Fact]
    public void Ctrl_c_during_a_child_kills_it_and_ends_the_wait_as_interrupted()
    {
        using var interrupt = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        string pidFile = Path.GetTempFileName();
        try
        {
            Assert.Throws<OperationCanceledException>(() =>
                LabTools.Run("/bin/sh", ["-c", $"echo $$ > {pidFile}; exec sleep 60"], "", TimeSpan.FromSeconds(30), interrupt.Token));

            string pid = File.ReadAllText(pidFile).Trim();
            Assert.False(Directory.Exists($"/proc/{pid}"), $"the child {pid} outlived the interrupted wait");
        }
        finally
        {
            File.Delete(pidFile);
        }
    }

    [Fact]
    public void A_child_killed_by_a_signal_says_so_when_it_wrote_nothing()
    {
        ChildResult result = LabTools.Run("/bin/sh", ["-c", "kill -9 $$"], "", TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.Equal("sh was killed by signal 9", result.Reason);
    }
}
