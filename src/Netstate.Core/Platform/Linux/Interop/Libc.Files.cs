using System.Runtime.InteropServices;

namespace Netstate.Core.Platform.Linux.Interop;

internal static unsafe partial class Libc
{
    /// <summary>
    /// name_to_handle_at(2): the file handle of a path. On cgroup2 the handle is the 8-byte cgroup
    /// id that sock_diag reports, which is how ss turns an id back into a path.
    /// </summary>
    [LibraryImport(LibraryName, EntryPoint = "name_to_handle_at", SetLastError = true)]
    internal static partial int NameToHandleAt(int directoryFd, byte* path, FileHandle* handle, int* mountId, int flags);

    /// <summary>if_indextoname(3): the interface name of an index in this network namespace, or null.</summary>
    [LibraryImport(LibraryName, EntryPoint = "if_indextoname", SetLastError = true)]
    internal static partial byte* InterfaceIndexToName(uint index, byte* name);

    /// <summary>open(2); returns the descriptor or -1. With O_NONBLOCK the open of a FIFO does not wait for a writer.</summary>
    /// <summary>read(2): bytes read, 0 at the end, -1 with errno (EAGAIN when a non-blocking descriptor has nothing; the terminal and tracefs).</summary>
    [LibraryImport(LibraryName, EntryPoint = "read", SetLastError = true)]
    internal static partial nint Read(int descriptor, byte* buffer, nuint count);

    [LibraryImport(LibraryName, EntryPoint = "open", SetLastError = true)]
    internal static partial int Open(byte* path, int flags);

    internal const int O_RDONLY = 0;
    internal const int O_NOCTTY = 0x100;
    internal const int O_NONBLOCK = 0x800;
    internal const int O_CLOEXEC = 0x80000;
    internal const int AT_EMPTY_PATH = 0x1000;
    /// <summary>statx(2); its layout is the same on every architecture, unlike struct stat.</summary>
    [LibraryImport(LibraryName, EntryPoint = "statx", SetLastError = true)]
    internal static partial int StatX(int directoryDescriptor, byte* path, int flags, uint mask, byte* buffer);

    /// <summary>struct statx is 256 bytes.</summary>
    internal const int StatXSize = 256;
    internal const uint STATX_TYPE = 0x1;
    internal const uint STATX_INO = 0x100;
    /// <summary>stx_ino is the u64 at offset 32 of struct statx.</summary>
    internal const int StatXInodeOffset = 32;
    /// <summary>stx_mode is the u16 at offset 28 of struct statx.</summary>
    internal const int StatXModeOffset = 28;

    internal const uint STATX_SIZE = 0x200;
    internal const ushort S_IFMT = 0xF000;
    internal const ushort S_IFSOCK = 0xC000;

    /// <summary>statx(2) into <see cref="StatXResult"/>: the same call, typed.</summary>
    [LibraryImport(LibraryName, EntryPoint = "statx", SetLastError = true)]
    internal static partial int StatX(int directoryDescriptor, byte* path, int flags, uint mask, StatXResult* result);

    /// <summary>struct statx (256 bytes, one layout on every architecture): the fields netstate reads.</summary>
    [StructLayout(LayoutKind.Explicit, Size = StatXSize)]
    internal struct StatXResult
    {
        [FieldOffset(28)]
        public ushort Mode;

        [FieldOffset(32)]
        public ulong Inode;

        [FieldOffset(40)]
        public ulong Size;

        [FieldOffset(136)]
        public uint DeviceMajor;

        [FieldOffset(140)]
        public uint DeviceMinor;

        /// <summary>The device of the file system holding the file, major and minor in one number.</summary>
        public readonly ulong Device => ((ulong)DeviceMajor << 32) | DeviceMinor;
    }

    /// <summary>statfs(2) into a buffer of at least <see cref="StatFsSize"/> bytes; f_type is its first field.</summary>
    [LibraryImport(LibraryName, EntryPoint = "statfs", SetLastError = true)]
    internal static partial int StatFs(byte* path, byte* buffer);

    /// <summary>struct statfs is 120 bytes on 64-bit Linux; room to spare.</summary>
    internal const int StatFsSize = 256;

    /// <summary>f_type of procfs (linux/magic.h).</summary>
    internal const long PROC_SUPER_MAGIC = 0x9fa0;

    /// <summary>struct file_handle with room for an 8-byte handle (f_handle is a flexible array in C).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct FileHandle
    {
        public uint handle_bytes;
        public int handle_type;
        public ulong f_handle;
    }
}
