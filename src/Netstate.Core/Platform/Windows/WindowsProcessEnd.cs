using System.Runtime.InteropServices;
using Netstate.Core.Platform.Windows.Interop;

namespace Netstate.Core.Platform.Windows;

/// <summary>
/// Ending a process on Windows: OpenProcess for PROCESS_TERMINATE, then TerminateProcess. Windows has
/// no SIGTERM to let the program clean up, so both of <see cref="EndSignal"/>'s ways end it at once.
/// </summary>
internal static class WindowsProcessEnd
{
    /// <summary>The exit code the ended process gets (what Task Manager's End task gives is 1 too).</summary>
    private const uint ExitCode = 1;

    public static ActionResult End(int pid)
    {
        if (pid <= 0)
            return new(ActionOutcome.NotSupported, "PID 0 is the System Idle Process: there is no process to end");
        nint process = Kernel32.OpenProcess(Kernel32.PROCESS_TERMINATE, 0, (uint)pid);
        if (process == 0)
            return Failure(Marshal.GetLastPInvokeError(), "OpenProcess");
        try
        {
            return Kernel32.TerminateProcess(process, ExitCode) != 0
                ? ActionResult.Done
                : Failure(Marshal.GetLastPInvokeError(), "TerminateProcess");
        }
        finally
        {
            _ = Kernel32.CloseHandle(process);
        }
    }

    /// <summary>What a failed call's error means here.</summary>
    internal static ActionResult Failure(int error, string call) => error switch
    {
        Kernel32.ERROR_ACCESS_DENIED => new(ActionOutcome.NotPermitted, "access denied: the process belongs to another user or the system (an elevated netstate may end it)"),
        Kernel32.ERROR_INVALID_PARAMETER => new(ActionOutcome.Gone, "the process has ended"),
        _ => new(ActionOutcome.Failed, $"{call}: {new System.ComponentModel.Win32Exception(error).Message} (error {error})"),
    };
}
