using System.Runtime.InteropServices;

namespace Netstate.Core.Platform.Windows.Interop;

/// <summary>
/// The advapi32 calls behind -b's service names (the service control manager's list of running
/// services with their process ids) and the elevation check (the token's TokenElevation).
/// </summary>
internal static unsafe partial class Advapi32
{
    private const string LibraryName = "advapi32.dll";

    /// <summary>OpenSCManagerW on the local machine's active database; 0 on failure (GetLastError says why).</summary>
    [LibraryImport(LibraryName, EntryPoint = "OpenSCManagerW", StringMarshalling = StringMarshalling.Utf16, SetLastError = true)]
    internal static partial nint OpenSCManager(string? machineName, string? databaseName, uint desiredAccess);

    /// <summary>
    /// EnumServicesStatusExW with SC_ENUM_PROCESS_INFO: as many ENUM_SERVICE_STATUS_PROCESSW entries as
    /// fit in <paramref name="services"/> (their strings after them, in the same buffer). Returns 0 with
    /// ERROR_MORE_DATA when more remain: <paramref name="bytesNeeded"/> is then the size the rest needs
    /// and <paramref name="resumeHandle"/> where the next call continues.
    /// </summary>
    [LibraryImport(LibraryName, EntryPoint = "EnumServicesStatusExW", SetLastError = true)]
    internal static partial int EnumServicesStatusEx(nint manager, int infoLevel, uint serviceType, uint serviceState,
        byte* services, uint bufferSize, out uint bytesNeeded, out uint servicesReturned, ref uint resumeHandle, char* groupName);

    [LibraryImport(LibraryName, EntryPoint = "CloseServiceHandle")]
    internal static partial int CloseServiceHandle(nint handle);

    /// <summary>OpenProcessToken; 0 on failure.</summary>
    [LibraryImport(LibraryName, EntryPoint = "OpenProcessToken", SetLastError = true)]
    internal static partial int OpenProcessToken(nint process, uint desiredAccess, out nint token);

    /// <summary>GetTokenInformation; 0 on failure.</summary>
    [LibraryImport(LibraryName, EntryPoint = "GetTokenInformation", SetLastError = true)]
    internal static partial int GetTokenInformation(nint token, int informationClass, void* information, uint length, out uint returnLength);

    /// <summary>SC_MANAGER_ENUMERATE_SERVICE: listing services, which every user may do.</summary>
    internal const uint SC_MANAGER_ENUMERATE_SERVICE = 0x0004;

    /// <summary>SC_ENUM_PROCESS_INFO: entries carry each service's process id.</summary>
    internal const int SC_ENUM_PROCESS_INFO = 0;

    /// <summary>SERVICE_WIN32: services in processes of their own or shared ones (svchost.exe), not drivers.</summary>
    internal const uint SERVICE_WIN32 = 0x30;

    /// <summary>SERVICE_ACTIVE: running, starting, stopping or paused services (those with a process).</summary>
    internal const uint SERVICE_ACTIVE = 0x1;

    /// <summary>TOKEN_QUERY: enough to read TokenElevation.</summary>
    internal const uint TOKEN_QUERY = 0x0008;

    /// <summary>TokenElevation (TOKEN_INFORMATION_CLASS 20): a DWORD, non-zero when the token is elevated.</summary>
    internal const int TokenElevation = 20;

    internal const int ERROR_MORE_DATA = 234;

    /// <summary>The documented largest buffer EnumServicesStatusEx fills in one call.</summary>
    internal const int MaxEnumBuffer = 256 * 1024;
}

/// <summary>
/// ENUM_SERVICE_STATUS_PROCESSW on 64-bit Windows: two string pointers, then SERVICE_STATUS_PROCESS
/// (nine DWORDs), padded to 8 bytes: 56 bytes. Only the fields netstate reads are named.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct EnumServiceStatusProcess
{
    public nint lpServiceName;
    public nint lpDisplayName;
    public uint dwServiceType;
    public uint dwCurrentState;
    public uint dwControlsAccepted;
    public uint dwWin32ExitCode;
    public uint dwServiceSpecificExitCode;
    public uint dwCheckPoint;
    public uint dwWaitHint;
    public uint dwProcessId;
    public uint dwServiceFlags;
}
