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

    /// <summary>struct file_handle with room for an 8-byte handle (f_handle is a flexible array in C).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct FileHandle
    {
        public uint handle_bytes;
        public int handle_type;
        public ulong f_handle;
    }
}
