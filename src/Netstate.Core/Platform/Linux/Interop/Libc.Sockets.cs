using System.Runtime.InteropServices;

namespace Netstate.Core.Platform.Linux.Interop;

internal static unsafe partial class Libc
{
    internal const int AF_INET = 2;
    internal const int AF_INET6 = 10;
    internal const int AF_NETLINK = 16;
    internal const int SOCK_STREAM = 1;
    internal const int SOCK_DGRAM = 2;
    internal const int SOCK_RAW = 3;
    internal const int SOCK_NONBLOCK = 0x800;
    internal const int SOCK_CLOEXEC = 0x80000;

    /// <summary>socket(2): a new descriptor, or -1 with errno set. Wrap it in a <see cref="FileDescriptorHandle"/> at once.</summary>
    [LibraryImport(LibraryName, EntryPoint = "socket", SetLastError = true)]
    internal static partial int Socket(int domain, int type, int protocol);

    /// <summary>close(2): drops this process's reference to a descriptor.</summary>
    [LibraryImport(LibraryName, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(nint descriptor);
}
