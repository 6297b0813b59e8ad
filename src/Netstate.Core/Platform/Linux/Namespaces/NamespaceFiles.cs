using System.Text;
using static Netstate.Core.Platform.Linux.Interop.Libc;

namespace Netstate.Core.Platform.Linux.Namespaces;

/// <summary>The nsfs files that name network namespaces: /proc/PID/ns/net and the bind mounts of named ones.</summary>
internal static unsafe class NamespaceFiles
{
    /// <summary>Where runtimes bind-mount the namespaces they name: ip netns, Docker, CNI (/var/run is /run on current systems).</summary>
    public static readonly string[] NamedDirectories = ["/run/netns", "/run/docker/netns", "/var/run/netns", "/var/run/docker/netns"];

    /// <summary>The namespace inode a file refers to (statx follows /proc's magic links); null when it cannot be read.</summary>
    public static ulong? InodeOf(string path) => InodeOf(path, out _);

    /// <summary>As <see cref="InodeOf(string)"/>, with the reason when it cannot be read (ENOENT for a process that exited, or a zombie; EACCES for one we may not look into).</summary>
    public static ulong? InodeOf(string path, out int errno)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(path + "\0");
        byte* status = stackalloc byte[StatXSize];
        fixed (byte* pointer = bytes)
        {
            if (StatX(AT_FDCWD, pointer, 0, STATX_INO, status) != 0)
            {
                errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                return null;
            }
        }
        errno = 0;
        return *(ulong*)(status + StatXInodeOffset);
    }

    /// <summary>The device of nsfs (every namespace file has it), from /proc/self/ns/net; null when unreadable.</summary>
    private static readonly Lazy<(uint, uint)?> NsfsDevice = new(() => DeviceOf("/proc/self/ns/net"));

    /// <summary>
    /// The network namespace a descriptor whose link reads as a path refers to: a descriptor opened on
    /// a bind mount (/run/netns/NAME) reads as that path, even after the mount is gone. It is one when
    /// the file is on nsfs and NS_GET_NSTYPE says network; null otherwise (a plain file, another kind
    /// of namespace, a descriptor closed meanwhile).
    /// </summary>
    /// <param name="descriptorPath">/proc/PID/fd/N.</param>
    public static ulong? NetworkNamespaceOfDescriptor(string descriptorPath)
    {
        if (NsfsDevice.Value is not { } nsfs || DeviceOf(descriptorPath, out ulong inode) != nsfs)
            return null;
        byte[] bytes = Encoding.UTF8.GetBytes(descriptorPath + "\0");
        int descriptor;
        fixed (byte* pointer = bytes)
            descriptor = Open(pointer, O_RDONLY | O_CLOEXEC);
        if (descriptor < 0)
            return null;
        try
        {
            return NamespaceType(descriptor) == CLONE_NEWNET ? inode : null;
        }
        finally
        {
            Close(descriptor);
        }
    }

    private static (uint, uint)? DeviceOf(string path) => DeviceOf(path, out _);

    private static (uint, uint)? DeviceOf(string path, out ulong inode)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(path + "\0");
        byte* status = stackalloc byte[StatXSize];
        inode = 0;
        fixed (byte* pointer = bytes)
        {
            if (StatX(AT_FDCWD, pointer, 0, STATX_INO, status) != 0)
                return null;
        }
        inode = *(ulong*)(status + StatXInodeOffset);
        return (*(uint*)(status + StatXDeviceMajorOffset), *(uint*)(status + StatXDeviceMinorOffset));
    }

    /// <summary>The mount points of nsfs mounts of network namespaces in a mountinfo file, by inode (the root is "net:[4026532291]").</summary>
    public static IEnumerable<(ulong Inode, string MountPoint)> NsfsMounts(string mountInfo)
    {
        ArgumentNullException.ThrowIfNull(mountInfo);
        foreach (MountEntry mount in MountInfo.Parse(mountInfo.Split('\n')))
        {
            if (mount.FileSystemType == "nsfs" && ParseKernelName(mount.Root) is ulong inode)
                yield return (inode, mount.MountPoint);
        }
    }

    /// <summary>The inode of "net:[4026531840]" as a link reads (bytes); null for anything else.</summary>
    public static ulong? ParseKernelName(ReadOnlySpan<byte> text) =>
        text.StartsWith("net:["u8) && text.Length > 6 && text[^1] == (byte)']'
        && ulong.TryParse(text[5..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong inode)
            ? inode
            : null;

    /// <summary>The inode of "net:[4026531840]"; null for anything else.</summary>
    public static ulong? ParseKernelName(string text) =>
        text.StartsWith("net:[", StringComparison.Ordinal) && text.EndsWith(']')
        && ulong.TryParse(text.AsSpan(5, text.Length - 6), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong inode)
            ? inode
            : null;
}
