using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Netstate.Core.Platform.Linux.Interop;

/// <summary>
/// opendir/readdir/readlinkat: walking /proc/PID/fd this way costs one getdents per batch and one
/// readlinkat per descriptor. .NET's enumerator also stats every symlink's target, which would
/// double the system calls of an owner scan.
/// </summary>
internal static unsafe partial class Directories
{
    private const string LibraryName = "libc";

    /// <summary>Offsets in glibc's struct dirent on 64-bit Linux: d_ino, d_off, d_reclen, d_type, d_name.</summary>
    internal const int DirentTypeOffset = 18;
    internal const int DirentNameOffset = 19;
    internal const byte DT_DIR = 4;

    [LibraryImport(LibraryName, EntryPoint = "opendir", SetLastError = true)]
    internal static partial DirectoryStreamHandle OpenDirectory(byte* path);

    /// <summary>The next entry, or null at the end (or on error, which for /proc means the process went away).</summary>
    [LibraryImport(LibraryName, EntryPoint = "readdir")]
    internal static partial byte* ReadDirectory(DirectoryStreamHandle directory);

    [LibraryImport(LibraryName, EntryPoint = "dirfd")]
    internal static partial int DirectoryDescriptor(DirectoryStreamHandle directory);

    [LibraryImport(LibraryName, EntryPoint = "closedir")]
    internal static partial int CloseDirectory(nint directory);

    /// <summary>
    /// seekdir(3): the next readdir starts at <paramref name="position"/>. In /proc/PID/fd a
    /// position is a descriptor number plus 2 (after "." and ".."), so a listing can start at any fd.
    /// </summary>
    [LibraryImport(LibraryName, EntryPoint = "seekdir")]
    internal static partial void SeekDirectory(DirectoryStreamHandle directory, nint position);

    [LibraryImport(LibraryName, EntryPoint = "readlinkat", SetLastError = true)]
    internal static partial nint ReadLinkAt(int directoryDescriptor, byte* name, byte* buffer, nint size);
}

/// <summary>Owns one DIR* from opendir and closes it exactly once.</summary>
internal sealed class DirectoryStreamHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public DirectoryStreamHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle() => Directories.CloseDirectory(handle) == 0;
}
