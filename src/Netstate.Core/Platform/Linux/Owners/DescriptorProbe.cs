using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Netstate.Core.Platform.Linux.Interop;

namespace Netstate.Core.Platform.Linux.Owners;

/// <summary>What one entry of /proc/PID/fd turned out to be.</summary>
internal enum DescriptorKind : byte
{
    /// <summary>No such descriptor (never open, closed meanwhile, or the process has exited).</summary>
    Missing,
    /// <summary>Open, and not a socket.</summary>
    Other,
    /// <summary>A socket; its inode is the one sock_diag and /proc/net report.</summary>
    Socket,
    /// <summary>We may not look at the process's descriptors: its sockets are hidden.</summary>
    Denied,
}

/// <summary>
/// Tells which descriptors of a process are sockets. On the live /proc one statx per descriptor
/// suffices: it follows the magic link to the open file, and a socket is an S_IFSOCK inode on
/// sockfs's device whose inode number is the socket's (readlink would make the kernel print
/// "socket:[N]" for us to parse back, and costs more). A recorded tree has plain symlinks whose
/// targets do not exist, so there the link text is read, as netstat does.
/// </summary>
internal static unsafe class DescriptorProbe
{
    /// <summary>
    /// sockfs's device (major and minor), learned from the first socket whose link text confirmed
    /// it; 0 until then. Every socket of every network namespace lives on the one sockfs. It is not
    /// learned from a socket of our own: the scan may run beside a dump of the unix table, which
    /// would list that socket.
    /// </summary>
    private static ulong s_socketDevice;

    /// <summary>Whether <paramref name="path"/> is a mounted procfs (the live kernel's), not a recorded copy on another file system.</summary>
    internal static bool IsProcFileSystem(string path)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(path + "\0");
        byte* buffer = stackalloc byte[Libc.StatFsSize];
        fixed (byte* pointer = bytes)
        {
            if (Libc.StatFs(pointer, buffer) != 0)
                return false;
        }
        return *(long*)buffer == Libc.PROC_SUPER_MAGIC;
    }

    /// <summary>
    /// How many descriptors the process holds, from the size of its open /proc/PID/fd: Linux 6.2 and
    /// later report the count there; older kernels (and a recorded tree) say 0, meaning unknown.
    /// </summary>
    internal static int OpenCount(int directoryFd)
    {
        Libc.StatXResult status;
        byte empty = 0;
        if (Libc.StatX(directoryFd, &empty, Libc.AT_EMPTY_PATH, Libc.STATX_SIZE, &status) != 0)
            return 0;
        return status.Size > int.MaxValue ? 0 : (int)status.Size;
    }

    /// <summary>Descriptor <paramref name="fd"/> of the live /proc/PID/fd open as <paramref name="directoryFd"/>: one statx.</summary>
    internal static DescriptorKind Probe(int directoryFd, int fd, out ulong inode)
    {
        inode = 0;
        byte* name = stackalloc byte[16];
        NameOf(fd, name);
        Libc.StatXResult status;
        if (Libc.StatX(directoryFd, name, 0, Libc.STATX_TYPE | Libc.STATX_INO, &status) != 0)
            return Failure(Marshal.GetLastPInvokeError());
        if ((status.Mode & Libc.S_IFMT) != Libc.S_IFSOCK)
            return DescriptorKind.Other;
        if (status.Device == Volatile.Read(ref s_socketDevice))
        {
            inode = status.Inode;
            return DescriptorKind.Socket;
        }
        // The first socket, or an S_IFSOCK inode on another device: a socket file on disk held
        // open with O_PATH, which is not a socket. The link text tells them apart.
        DescriptorKind kind = ProbeLink(directoryFd, fd, out inode);
        if (kind == DescriptorKind.Socket && inode == status.Inode)
            Interlocked.CompareExchange(ref s_socketDevice, status.Device, 0);
        return kind;
    }

    /// <summary>sockfs's device as learned so far; 0 before the first socket was confirmed.</summary>
    internal static ulong SocketDevice => Volatile.Read(ref s_socketDevice);

    /// <summary>Descriptor <paramref name="fd"/> by its link text, "socket:[N]": one readlinkat.</summary>
    internal static DescriptorKind ProbeLink(int directoryFd, int fd, out ulong inode)
    {
        inode = 0;
        byte* name = stackalloc byte[16];
        NameOf(fd, name);
        byte* target = stackalloc byte[64];
        nint read = Directories.ReadLinkAt(directoryFd, name, target, 64);
        if (read < 0)
            return Failure(Marshal.GetLastPInvokeError());
        inode = ParseSocketInode(new ReadOnlySpan<byte>(target, (int)read));
        return inode != 0 ? DescriptorKind.Socket : DescriptorKind.Other;
    }

    /// <summary>
    /// The directory may be listable while its links are not (PID 1 in some containers, even for
    /// root): that hides the process's sockets just the same. Anything else means the descriptor
    /// (or the whole process) has gone since it was counted or listed.
    /// </summary>
    private static DescriptorKind Failure(int errno) =>
        errno is Errno.EACCES or Errno.EPERM ? DescriptorKind.Denied : DescriptorKind.Missing;

    private static void NameOf(int fd, byte* name)
    {
        fd.TryFormat(new Span<byte>(name, 15), out int written, provider: CultureInfo.InvariantCulture);
        name[written] = 0;
    }

    /// <summary>readlink text "socket:[N]" (or the old "[0000]:N"): the inode; anything else: 0.</summary>
    internal static ulong ParseSocketInode(ReadOnlySpan<byte> link)
    {
        ReadOnlySpan<byte> digits =
            link.StartsWith("socket:["u8) && link[^1] == (byte)']' ? link[8..^1]
            : link.StartsWith("[0000]:"u8) ? link[7..]
            : default;
        return !digits.IsEmpty && FieldReader.TryParseDecimal(digits, out ulong inode) ? inode : 0;
    }
}
