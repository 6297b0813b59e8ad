using static Netstate.Core.Platform.Windows.Interop.Advapi32;

namespace Netstate.Core.Platform.Windows;

/// <summary>
/// Whether this process runs elevated ("as administrator"): what Windows netstat -b insists on, and
/// what decides whether netstate says that the names shown are only those this user can see.
/// </summary>
internal static unsafe class WindowsElevation
{
    /// <summary>The current process's pseudo-handle (GetCurrentProcess), which needs no closing.</summary>
    private static readonly nint CurrentProcess = -1;

    /// <summary>TokenElevation of this process's token; null when the token cannot be read (then nothing is claimed either way).</summary>
    public static bool? IsElevated()
    {
        if (!OperatingSystem.IsWindows())
            return null;
        if (OpenProcessToken(CurrentProcess, TOKEN_QUERY, out nint token) == 0)
            return null;
        try
        {
            uint elevated = 0;
            return GetTokenInformation(token, TokenElevation, &elevated, sizeof(uint), out _) == 0 ? null : elevated != 0;
        }
        finally
        {
            _ = Interop.Kernel32.CloseHandle(token);
        }
    }
}
