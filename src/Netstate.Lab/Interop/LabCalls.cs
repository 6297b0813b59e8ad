using System.Runtime.InteropServices;

namespace Netstate.Lab.Interop;

/// <summary>
/// The system calls the lab makes itself: plain IPv4 TCP sockets driven one syscall at a time (as the
/// C programs of the classic experiments do), and unshare(2) for its private network namespace.
/// .NET's Socket is not used there: its Dispose may shut a connection down, while the lab needs a
/// close(2) that only drops one reference (a socket handed to another process must stay open).
/// </summary>
internal static unsafe partial class LabCalls
{
    private const string LibraryName = "libc";

    internal const int SOL_SOCKET = 1;
    internal const int SO_ERROR = 4;
    internal const int SHUT_WR = 1;
    internal const int MSG_NOSIGNAL = 0x4000;
    internal const int CLONE_NEWNET = 0x40000000;

    [LibraryImport(LibraryName, EntryPoint = "bind", SetLastError = true)]
    internal static partial int Bind(SafeHandle socket, SockAddrIn* address, uint length);

    [LibraryImport(LibraryName, EntryPoint = "listen", SetLastError = true)]
    internal static partial int Listen(SafeHandle socket, int backlog);

    [LibraryImport(LibraryName, EntryPoint = "connect", SetLastError = true)]
    internal static partial int Connect(SafeHandle socket, SockAddrIn* address, uint length);

    [LibraryImport(LibraryName, EntryPoint = "accept4", SetLastError = true)]
    internal static partial int Accept(SafeHandle socket, SockAddrIn* address, uint* length, int flags);

    [LibraryImport(LibraryName, EntryPoint = "shutdown", SetLastError = true)]
    internal static partial int Shutdown(SafeHandle socket, int how);

    [LibraryImport(LibraryName, EntryPoint = "getsockname", SetLastError = true)]
    internal static partial int GetSocketName(SafeHandle socket, SockAddrIn* address, uint* length);

    [LibraryImport(LibraryName, EntryPoint = "getsockopt", SetLastError = true)]
    internal static partial int GetSocketOption(SafeHandle socket, int level, int name, int* value, uint* length);

    [LibraryImport(LibraryName, EntryPoint = "send", SetLastError = true)]
    internal static partial nint Send(SafeHandle socket, byte* buffer, nuint length, int flags);

    /// <summary>dup(2): the copy has close-on-exec cleared, so a child process inherits it.</summary>
    [LibraryImport(LibraryName, EntryPoint = "dup", SetLastError = true)]
    internal static partial int Duplicate(SafeHandle descriptor);

    /// <summary>unshare(2) for the calling thread only: a network namespace is a per-thread attribute.</summary>
    [LibraryImport(LibraryName, EntryPoint = "unshare", SetLastError = true)]
    internal static partial int Unshare(int flags);

    /// <summary>struct sockaddr_in: port and address in network byte order.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct SockAddrIn
    {
        public ushort sin_family;
        public ushort sin_port;
        public uint sin_addr;
        public ulong sin_zero;
    }
}
