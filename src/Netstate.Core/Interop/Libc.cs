using System.Runtime.InteropServices;

namespace Netstate.Core.Interop;

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
