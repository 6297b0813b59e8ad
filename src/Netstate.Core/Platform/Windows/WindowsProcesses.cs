using System.Runtime.InteropServices;
using static Netstate.Core.Platform.Windows.Interop.Kernel32;

namespace Netstate.Core.Platform.Windows;

/// <summary>What Windows tells about a process from its id: the path of its executable.</summary>
internal static unsafe class WindowsProcesses
{
    /// <summary>How a name lookup went.</summary>
    internal enum Outcome
    {
        Found,
        /// <summary>The process may not be opened by this user (another session's service, a protected process).</summary>
        Denied,
        /// <summary>No such process any more, or one without an image (the idle process, pid 0).</summary>
        Gone,
    }

    /// <summary>The full path of the process's executable (QueryFullProcessImageNameW); null unless <see cref="Outcome.Found"/>.</summary>
    public static (string? Path, Outcome Outcome) ImagePath(uint pid)
    {
        nint process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, 0, pid);
        if (process == 0)
            return (null, Marshal.GetLastPInvokeError() == ERROR_ACCESS_DENIED ? Outcome.Denied : Outcome.Gone);
        try
        {
            const int Capacity = 4096;
            char* name = stackalloc char[Capacity];
            uint size = Capacity;
            if (QueryFullProcessImageName(process, 0, name, ref size) == 0)
                return (null, Marshal.GetLastPInvokeError() == ERROR_ACCESS_DENIED ? Outcome.Denied : Outcome.Gone);
            return (new string(name, 0, (int)size), Outcome.Found);
        }
        finally
        {
            _ = CloseHandle(process);
        }
    }

    /// <summary>The file name of a Windows path ("C:\Windows\System32\svchost.exe" gives "svchost.exe").</summary>
    public static string FileName(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        int cut = path.LastIndexOfAny(['\\', '/']);
        return cut < 0 ? path : path[(cut + 1)..];
    }
}
