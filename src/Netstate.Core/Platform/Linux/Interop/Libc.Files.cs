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

    /// <summary>struct file_handle with room for an 8-byte handle (f_handle is a flexible array in C).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct FileHandle
    {
        public uint handle_bytes;
        public int handle_type;
        public ulong f_handle;
    }
}
