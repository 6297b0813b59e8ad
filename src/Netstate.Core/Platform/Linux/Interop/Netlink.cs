using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Netstate.Core.Platform.Linux.Interop;

/// <summary>The socket calls a NETLINK_SOCK_DIAG conversation needs; .NET's Socket has no AF_NETLINK.</summary>
internal static unsafe partial class Netlink
{
    private const string LibraryName = "libc";

    internal const int AF_NETLINK = 16;
    internal const int SOCK_RAW = 3;
    internal const int SOCK_CLOEXEC = 0x80000;
    internal const int NETLINK_SOCK_DIAG = 4;
    internal const int MSG_TRUNC = 0x20;

    internal const int EINTR = 4;
    internal const int ENOENT = 2;
    internal const int EPERM = 1;
    internal const int EACCES = 13;
    internal const int ENOBUFS = 105;
    internal const int EPROTONOSUPPORT = 93;
    internal const int EAFNOSUPPORT = 97;
    internal const int EINVAL = 22;
    internal const int EOPNOTSUPP = 95;

    [LibraryImport(LibraryName, EntryPoint = "socket", SetLastError = true)]
    internal static partial int Socket(int domain, int type, int protocol);

    [LibraryImport(LibraryName, EntryPoint = "sendto", SetLastError = true)]
    internal static partial nint SendTo(NetlinkSocketHandle socket, byte* buffer, nuint length, int flags, SockAddrNetlink* address, uint addressLength);

    [LibraryImport(LibraryName, EntryPoint = "recv", SetLastError = true)]
    internal static partial nint Receive(NetlinkSocketHandle socket, byte* buffer, nuint length, int flags);

    [LibraryImport(LibraryName, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(nint fd);

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

/// <summary>Owns one netlink socket descriptor and closes it exactly once.</summary>
internal sealed class NetlinkSocketHandle : SafeHandleMinusOneIsInvalid
{
    public NetlinkSocketHandle()
        : base(ownsHandle: true)
    {
    }

    internal static NetlinkSocketHandle Open(int protocol, out int errno)
    {
        var handle = new NetlinkSocketHandle();
        int fd = Netlink.Socket(Netlink.AF_NETLINK, Netlink.SOCK_RAW | Netlink.SOCK_CLOEXEC, protocol);
        errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        handle.SetHandle(fd);
        return handle;
    }

    protected override bool ReleaseHandle() => Netlink.Close(handle) == 0;
}
