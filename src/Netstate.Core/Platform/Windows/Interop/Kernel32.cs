using System.Runtime.InteropServices;

namespace Netstate.Core.Platform.Windows.Interop;

/// <summary>The kernel32 calls that name a process from its id.</summary>
internal static unsafe partial class Kernel32
{
    private const string LibraryName = "kernel32.dll";

    /// <summary>OpenProcess; null (0) when the process has gone or may not be opened (GetLastError says which).</summary>
    [LibraryImport(LibraryName, EntryPoint = "OpenProcess", SetLastError = true)]
    internal static partial nint OpenProcess(uint access, int inheritHandle, uint processId);

    /// <summary>QueryFullProcessImageNameW: the executable's path in <paramref name="name"/>; <paramref name="size"/> in characters, in and out.</summary>
    [LibraryImport(LibraryName, EntryPoint = "QueryFullProcessImageNameW", SetLastError = true)]
    internal static partial int QueryFullProcessImageName(nint process, uint flags, char* name, ref uint size);

    [LibraryImport(LibraryName, EntryPoint = "CloseHandle")]
    internal static partial int CloseHandle(nint handle);

    /// <summary>PROCESS_QUERY_LIMITED_INFORMATION: enough for the image name, and granted for more processes than full query rights.</summary>
    internal const uint PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;

    internal const int ERROR_ACCESS_DENIED = 5;
    internal const int ERROR_INVALID_PARAMETER = 87;
}
