using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using static Netstate.Core.Platform.Linux.Interop.Libc;

namespace Netstate.Core.Platform.Linux.IO;

/// <summary>
/// Reads files that a user can point anywhere (--proc-root, NETSTATE_PROC_ROOT, TZ, a replayed
/// capture): only regular files, opened without blocking, and never more than a limit. A FIFO would
/// block the open forever, /dev/zero would be read until memory runs out; both are refused with an
/// <see cref="IOException"/> that says what the file is. Errors come as .NET reports them
/// (<see cref="FileNotFoundException"/> for a missing file, <see cref="UnauthorizedAccessException"/>
/// for a denied one, an <see cref="IOException"/> carrying the errno otherwise).
/// </summary>
internal static unsafe class BoundedFile
{
    /// <summary>The most read from one kernel table: /proc/net/tcp with 200,000 sockets is about 30 MB; conntrack tables run larger.</summary>
    public const int TableLimit = 1 << 29;

    /// <summary>The most read from a small file: a sysctl, a process's comm, cmdline or status, a time zone.</summary>
    public const int SmallLimit = 1 << 20;

    /// <summary>The whole file, at most <paramref name="limit"/> bytes.</summary>
    public static byte[] ReadAllBytes(string path, int limit = TableLimit)
    {
        using SafeFileHandle handle = OpenRegular(path);
        var content = new MemoryStream();
        byte[] chunk = new byte[1 << 16];
        long offset = 0;
        while (true)
        {
            int read = RandomAccess.Read(handle, chunk, offset);
            if (read == 0)
                return content.ToArray();
            offset += read;
            if (offset > limit)
                throw new IOException($"it is larger than {limit >> 20} MiB, more than netstate reads from one file");
            content.Write(chunk, 0, read);
        }
    }

    public static string ReadAllText(string path, int limit = SmallLimit) => Encoding.UTF8.GetString(ReadAllBytes(path, limit));

    /// <summary>The start of the file, as much as <paramref name="buffer"/> holds; returns the length read.</summary>
    public static int ReadStart(string path, Span<byte> buffer)
    {
        using SafeFileHandle handle = OpenRegular(path);
        return RandomAccess.Read(handle, buffer, 0);
    }

    /// <summary>What kind of file <paramref name="path"/> is when it is not a regular file ("a FIFO"); null when it is one or does not exist.</summary>
    public static string? NotRegular(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes = Encoding.UTF8.GetBytes(path + "\0");
        byte* status = stackalloc byte[StatXSize];
        fixed (byte* pointer = bytes)
        {
            if (StatX(AT_FDCWD, pointer, 0, STATX_TYPE, status) != 0)
                return null;
        }
        return KindOf(*(ushort*)(status + StatXModeOffset));
    }

    /// <summary>Opens <paramref name="path"/> without blocking and checks that it is a regular file.</summary>
    private static SafeFileHandle OpenRegular(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes = Encoding.UTF8.GetBytes(path + "\0");
        int descriptor;
        fixed (byte* pointer = bytes)
            descriptor = Open(pointer, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
        if (descriptor < 0)
            throw ErrorFor(Marshal.GetLastPInvokeError(), path);
        var handle = new SafeFileHandle(descriptor, ownsHandle: true);
        byte* status = stackalloc byte[StatXSize];
        byte empty = 0;
        if (StatX(descriptor, &empty, AT_EMPTY_PATH, STATX_TYPE, status) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            handle.Dispose();
            throw ErrorFor(errno, path);
        }
        if (KindOf(*(ushort*)(status + StatXModeOffset)) is { } kind)
        {
            handle.Dispose();
            throw new IOException($"it is {kind}, not a regular file");
        }
        return handle;
    }

    private static string? KindOf(ushort mode) => (mode & 0xF000) switch
    {
        0x8000 => null,
        0x1000 => "a FIFO",
        0x2000 => "a character device",
        0x4000 => "a directory",
        0x6000 => "a block device",
        0xC000 => "a socket",
        _ => "not a plain file",
    };

    private static Exception ErrorFor(int errno, string path) => errno switch
    {
        ENOENT => new FileNotFoundException(null, path),
        ENOTDIR => new DirectoryNotFoundException(path),
        EACCES or EPERM => new UnauthorizedAccessException(path),
        // The errno stays in the HResult, where ErrorText finds it.
        _ => new IOException(path, errno),
    };

    private const int EPERM = 1;
    private const int ENOENT = 2;
    private const int EACCES = 13;
    private const int ENOTDIR = 20;
}
