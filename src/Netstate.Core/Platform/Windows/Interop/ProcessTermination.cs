using System.Runtime.InteropServices;

namespace Netstate.Core.Platform.Windows.Interop;

/// <summary>TerminateProcess: how Windows ends another process (it has no signals to ask politely).</summary>
internal static partial class ProcessTermination
{
    [LibraryImport("kernel32.dll", EntryPoint = "TerminateProcess", SetLastError = true)]
    internal static partial int TerminateProcess(nint process, uint exitCode);

    /// <summary>PROCESS_TERMINATE: the one right TerminateProcess needs.</summary>
    internal const uint PROCESS_TERMINATE = 0x0001;
}
