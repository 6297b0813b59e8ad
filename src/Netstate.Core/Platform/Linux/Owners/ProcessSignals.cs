using System.Runtime.InteropServices;
using Netstate.Core.Platform.Linux.Interop;
using Netstate.Core.Text;

namespace Netstate.Core.Platform.Linux.Owners;

/// <summary>Ends a process with kill(2), and says in plain words why it could not.</summary>
internal static class ProcessSignals
{
    public static ActionResult Send(int pid, EndSignal signal)
    {
        // pid 0 and negative pids address process groups: never what a user picked from a row.
        if (pid <= 0)
            return new ActionResult(ActionOutcome.Failed, $"{pid} is not a process id");
        int number = signal == EndSignal.Kill ? Libc.SIGKILL : Libc.SIGTERM;
        if (Libc.Kill(pid, number) == 0)
            return ActionResult.Done;
        int errno = Marshal.GetLastPInvokeError();
        return errno switch
        {
            Errno.EPERM => new(ActionOutcome.NotPermitted, $"{ErrorText.OfErrno(errno)}: the process belongs to another user (run as root or as its owner)"),
            Errno.ESRCH => new(ActionOutcome.Gone, $"{ErrorText.OfErrno(errno)}: the process has already ended"),
            _ => new(ActionOutcome.Failed, ErrorText.OfErrno(errno)),
        };
    }
}
