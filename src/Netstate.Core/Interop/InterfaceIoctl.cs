using System.Runtime.InteropServices;

namespace Netstate.Core.Interop;

/// <summary>The SIOCGIF* ioctls netstat -i reads interface flags, MTU and address labels with.</summary>
internal static unsafe partial class InterfaceIoctl
{
    private const string LibraryName = "libc";

    internal const nuint SIOCGIFCONF = 0x8912;
    internal const nuint SIOCGIFFLAGS = 0x8913;
    internal const nuint SIOCGIFMTU = 0x8921;
    internal const int ENODEV = 19;
    internal const int IFNAMSIZ = 16;

    /// <summary>ioctl(2) on a socket; the socket handle is kept alive for the call.</summary>
    [LibraryImport(LibraryName, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int Ioctl(SafeHandle socket, nuint request, void* argument);

    /// <summary>struct ifreq: the name, then a 24-byte union (ifr_flags is a short, ifr_mtu an int).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 40)]
    internal struct IfReq
    {
        [FieldOffset(0)]
        public fixed byte ifr_name[IFNAMSIZ];

        [FieldOffset(16)]
        public short ifr_flags;

        [FieldOffset(16)]
        public int ifr_mtu;
    }

    /// <summary>struct ifconf: the buffer length in bytes, then the buffer of ifreq.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 16)]
    internal struct IfConf
    {
        [FieldOffset(0)]
        public int ifc_len;

        [FieldOffset(8)]
        public byte* ifc_buf;
    }
}
