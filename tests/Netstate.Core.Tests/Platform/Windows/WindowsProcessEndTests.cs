using Netstate.Core.Platform;
using Netstate.Core.Platform.Windows;

namespace Netstate.Core.Tests;

/// <summary>What ending a process on Windows answers when it cannot: the errors OpenProcess and TerminateProcess give, in words.</summary>
public class WindowsProcessEndTests
{
    [Fact]
    public void Access_denied_says_elevation_may_help_and_an_invalid_pid_is_a_process_that_ended()
    {
        ActionResult denied = WindowsProcessEnd.Failure(5, "OpenProcess");
        ActionResult gone = WindowsProcessEnd.Failure(87, "OpenProcess");
        ActionResult other = WindowsProcessEnd.Failure(6, "TerminateProcess");

        Assert.Equal(ActionOutcome.NotPermitted, denied.Outcome);
        Assert.Contains("elevated", denied.Reason, StringComparison.Ordinal);
        Assert.Equal(ActionOutcome.Gone, gone.Outcome);
        Assert.Equal(ActionOutcome.Failed, other.Outcome);
        Assert.StartsWith("TerminateProcess: ", other.Reason, StringComparison.Ordinal);
        Assert.EndsWith("(error 6)", other.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Pid_0_is_refused_without_asking_windows()
    {
        ActionResult idle = WindowsProcessEnd.End(0);

        Assert.Equal(ActionOutcome.NotSupported, idle.Outcome);
        Assert.Contains("System Idle Process", idle.Reason, StringComparison.Ordinal);
    }
}
