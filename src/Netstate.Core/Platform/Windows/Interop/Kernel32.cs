using System.Runtime.InteropServices;

namespace Netstate.Core.Platform.Windows.Interop;

/// <summary>The kernel32 calls that name and end a process from its id, and find the standard handles.</summary>
internal static unsafe partial class Kernel32
{
    private const string LibraryName = "kernel32.dll";

    /// <summary>OpenProcess; null (0) when the process has gone or may not be opened (GetLastError says which).</summary>
    [LibraryImport(LibraryName, EntryPoint = "OpenProcess", SetLastError = true)]
    internal static partial nint OpenProcess(uint access, int inheritHandle, uint processId);

    /// <summary>QueryFullProcessImageNameW: the executable's path in <paramref name="name"/>; <paramref name="size"/> in characters, in and out.</summary>
    [LibraryImport(LibraryName, EntryPoint = "QueryFullProcessImageNameW", SetLastError = true)]
    internal static partial int QueryFullProcessImageName(nint process, uint flags, char* name, ref uint size);

    /// <summary>GetStdHandle: the handle of standard input (-10), output (-11) or error (-12); 0 or -1 when there is none.</summary>
    [LibraryImport(LibraryName, EntryPoint = "GetStdHandle")]
    internal static partial nint GetStdHandle(int which);

    internal const int STD_INPUT_HANDLE = -10;
    internal const int STD_OUTPUT_HANDLE = -11;
    internal const int STD_ERROR_HANDLE = -12;

    /// <summary>The reader of a pipe has closed its end (ERROR_BROKEN_PIPE, ERROR_NO_DATA, ERROR_PIPE_NOT_CONNECTED: Windows and Wine differ in which).</summary>
    internal const int ERROR_BROKEN_PIPE = 109;
    internal const int ERROR_NO_DATA = 232;
    internal const int ERROR_PIPE_NOT_CONNECTED = 233;

    /// <summary>TerminateProcess: how Windows ends another process (it has no signals to ask politely).</summary>
    [LibraryImport(LibraryName, EntryPoint = "TerminateProcess", SetLastError = true)]
    internal static partial int TerminateProcess(nint process, uint exitCode);

    /// <summary>PROCESS_TERMINATE: the one right TerminateProcess needs.</summary>
    internal const uint PROCESS_TERMINATE = 0x0001;

    [LibraryImport(LibraryName, EntryPoint = "CloseHandle")]
    internal static partial int CloseHandle(nint handle);

    /// <summary>PROCESS_QUERY_LIMITED_INFORMATION: enough for the image name, and granted for more processes than full query rights.</summary>
    internal const uint PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;

    internal const int ERROR_ACCESS_DENIED = 5;
    internal const int ERROR_INVALID_PARAMETER = 87;
}
