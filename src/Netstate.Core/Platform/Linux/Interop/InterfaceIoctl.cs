using System.Runtime.InteropServices;

namespace Netstate.Core.Platform.Linux.Interop;

/// <summary>The SIOCGIF* ioctls netstat -i and -ie read interface flags, MTU, addresses and hardware details with.</summary>
internal static unsafe partial class InterfaceIoctl
{
    private const string LibraryName = "libc";

    internal const nuint SIOCGIFCONF = 0x8912;
    internal const nuint SIOCGIFFLAGS = 0x8913;
    internal const nuint SIOCSIFFLAGS = 0x8914;
    internal const nuint SIOCGIFMTU = 0x8921;
    internal const nuint SIOCGIFADDR = 0x8915;
    internal const nuint SIOCGIFDSTADDR = 0x8917;
    internal const nuint SIOCGIFBRDADDR = 0x8919;
    internal const nuint SIOCGIFNETMASK = 0x891b;
    internal const nuint SIOCGIFHWADDR = 0x8927;
    internal const nuint SIOCGIFTXQLEN = 0x8942;
    internal const nuint SIOCGIFMAP = 0x8970;
    internal const int SockaddrDataLength = 14;
    internal const int IFNAMSIZ = 16;
    internal const short IFF_UP = 0x1;

    /// <summary>ioctl(2) on a socket; the socket handle is kept alive for the call.</summary>
    [LibraryImport(LibraryName, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int Ioctl(SafeHandle socket, nuint request, void* argument);

    /// <summary>
    /// struct ifreq: the name, then a 24-byte union: ifr_flags (short), ifr_mtu and ifr_qlen (int),
    /// a struct sockaddr (family, then 14 bytes of data; sockaddr_in keeps the address at data + 2),
    /// or a struct ifmap.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 40)]
    internal struct IfReq
    {
        [FieldOffset(0)]
        public fixed byte ifr_name[IFNAMSIZ];

        [FieldOffset(16)]
        public short ifr_flags;

        [FieldOffset(16)]
        public int ifr_mtu;

        [FieldOffset(16)]
        public int ifr_qlen;

        [FieldOffset(16)]
        public ushort sa_family;

        [FieldOffset(18)]
        public fixed byte sa_data[SockaddrDataLength];

        [FieldOffset(16)]
        public IfMap ifr_map;
    }

    /// <summary>struct ifmap: the device's I/O resources (SIOCGIFMAP), mostly zero on modern hardware.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct IfMap
    {
        public ulong mem_start;
        public ulong mem_end;
        public ushort base_addr;
        public byte irq;
        public byte dma;
        public byte port;
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
