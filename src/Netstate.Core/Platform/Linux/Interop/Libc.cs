using System.Runtime.InteropServices;

namespace Netstate.Core.Platform.Linux.Interop;

/// <summary>The few libc calls .NET does not expose in the shape we need.</summary>
internal static unsafe partial class Libc
{
    private const string LibraryName = "libc";

    /// <summary>readlink(2): the target of a symlink, not NUL-terminated; returns the length or -1.</summary>
    [LibraryImport(LibraryName, EntryPoint = "readlink", SetLastError = true)]
    internal static partial nint ReadLink(byte* path, byte* buffer, nint size);

    [LibraryImport(LibraryName, EntryPoint = "geteuid")]
    internal static partial uint GetEffectiveUserId();

    /// <summary>getnameinfo(3); returns 0 on success or an EAI_* code.</summary>
    [LibraryImport(LibraryName, EntryPoint = "getnameinfo")]
    internal static partial int GetNameInfo(byte* socketAddress, uint addressLength, byte* host, uint hostLength,
        byte* service, uint serviceLength, int flags);

    /// <summary>getpwuid_r(3); returns 0 (with *result null when there is no such user) or an errno.</summary>
    [LibraryImport(LibraryName, EntryPoint = "getpwuid_r")]
    internal static partial int GetPasswordEntryByUid(uint uid, Passwd* passwd, byte* buffer, nuint bufferLength, Passwd** result);

    /// <summary>getpwnam_r(3); returns 0 (with *result null when there is no such user) or an errno.</summary>
    [LibraryImport(LibraryName, EntryPoint = "getpwnam_r")]
    internal static partial int GetPasswordEntryByName(byte* name, Passwd* passwd, byte* buffer, nuint bufferLength, Passwd** result);

    /// <summary>if_nametoindex(3); 0 when there is no such interface.</summary>
    [LibraryImport(LibraryName, EntryPoint = "if_nametoindex")]
    internal static partial uint InterfaceNameToIndex(byte* name);

    internal const int AT_FDCWD = -100;

    internal const int NI_NAMEREQD = 8;

    /// <summary>struct passwd from pwd.h; only pw_name is read.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Passwd
    {
        public byte* pw_name;
        public byte* pw_passwd;
        public uint pw_uid;
        public uint pw_gid;
        public byte* pw_gecos;
        public byte* pw_dir;
        public byte* pw_shell;
    }
}
