using System.Runtime.InteropServices;

namespace Netstate.Core.Platform.Linux.Interop;

// Signals for ending a process the user chose in watch.
internal static partial class Libc
{
    internal const int SIGKILL = 9;
    internal const int SIGTERM = 15;

    /// <summary>kill(2): 0, or -1 with errno (EPERM, ESRCH).</summary>
    [LibraryImport(LibraryName, EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);
}
