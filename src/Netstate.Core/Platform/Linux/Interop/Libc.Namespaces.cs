using System.Runtime.InteropServices;

namespace Netstate.Core.Platform.Linux.Interop;

internal static unsafe partial class Libc
{
    internal const int CLONE_NEWNET = 0x40000000;

    /// <summary>setns(2): moves the calling thread (only it) into the namespace the descriptor refers to.</summary>
    [LibraryImport(LibraryName, EntryPoint = "setns", SetLastError = true)]
    internal static partial int SetNamespace(SafeHandle namespaceDescriptor, int type);

    /// <summary>ioctl(NS_GET_NSTYPE) on an nsfs descriptor: the CLONE_NEW* type of the namespace it refers to, or -1.</summary>
    [LibraryImport(LibraryName, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int NamespaceType(int namespaceDescriptor, nuint request = NS_GET_NSTYPE);

    /// <summary>_IO(0xb7, 0x3), linux/nsfs.h.</summary>
    internal const nuint NS_GET_NSTYPE = 0xb703;

    /// <summary>stx_dev_major and stx_dev_minor: the u32s at offsets 136 and 140 of struct statx.</summary>
    internal const int StatXDeviceMajorOffset = 136;
    internal const int StatXDeviceMinorOffset = 140;
}
