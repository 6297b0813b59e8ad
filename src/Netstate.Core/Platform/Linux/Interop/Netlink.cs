using System.Runtime.InteropServices;

namespace Netstate.Core.Platform.Linux.Interop;

/// <summary>The socket calls a NETLINK_SOCK_DIAG conversation needs; .NET's Socket has no AF_NETLINK.</summary>
internal static unsafe partial class Netlink
{
    private const string LibraryName = "libc";

    internal const int NETLINK_SOCK_DIAG = 4;
    internal const int MSG_TRUNC = 0x20;

    [LibraryImport(LibraryName, EntryPoint = "sendto", SetLastError = true)]
    internal static partial nint SendTo(SafeHandle socket, byte* buffer, nuint length, int flags, SockAddrNetlink* address, uint addressLength);

    [LibraryImport(LibraryName, EntryPoint = "recv", SetLastError = true)]
    internal static partial nint Receive(SafeHandle socket, byte* buffer, nuint length, int flags);

    /// <summary>A netlink socket of <paramref name="protocol"/>; invalid, with <paramref name="errno"/> set, when the kernel refuses.</summary>
    internal static FileDescriptorHandle Open(int protocol, out int errno)
    {
        int fd = Libc.Socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, protocol);
        errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        return FileDescriptorHandle.FromDescriptor(fd);
    }

    /// <summary>struct sockaddr_nl: pid 0 addresses the kernel.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct SockAddrNetlink
    {
        public ushort nl_family;
        public ushort nl_pad;
        public uint nl_pid;
        public uint nl_groups;
    }
}
