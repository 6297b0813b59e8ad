using System.Runtime.InteropServices;

namespace Netstate.Core.Platform.Linux.Interop;

internal static unsafe partial class Libc
{
    /// <summary>mount(2), for tracefs when nobody mounted it.</summary>
    [LibraryImport(LibraryName, EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Mount(string source, string target, string fileSystemType, nuint flags, nint data);

    /// <summary>umount2(2).</summary>
    [LibraryImport(LibraryName, EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Unmount(string target, int flags);

    /// <summary>bind(2) of a netlink socket (to join multicast groups).</summary>
    [LibraryImport(LibraryName, EntryPoint = "bind", SetLastError = true)]
    internal static partial int BindNetlink(int socket, Netlink.SockAddrNetlink* address, uint addressLength);

    internal const nuint MS_NOSUID = 2;
    internal const nuint MS_NODEV = 4;
    internal const nuint MS_NOEXEC = 8;
    /// <summary>umount2: detach now, finish when the last user lets go.</summary>
    internal const int MNT_DETACH = 2;
}
