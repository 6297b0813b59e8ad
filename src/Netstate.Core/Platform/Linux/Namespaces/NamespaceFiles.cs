using System.Text;
using static Netstate.Core.Platform.Linux.Interop.Libc;

namespace Netstate.Core.Platform.Linux.Namespaces;

/// <summary>The nsfs files that name network namespaces: /proc/PID/ns/net and the bind mounts of named ones.</summary>
internal static unsafe class NamespaceFiles
{
    /// <summary>Where runtimes bind-mount the namespaces they name: ip netns, Docker, CNI (/var/run is /run on current systems).</summary>
    public static readonly string[] NamedDirectories = ["/run/netns", "/run/docker/netns", "/var/run/netns", "/var/run/docker/netns"];

    /// <summary>The namespace inode a file refers to (statx follows /proc's magic links); null when it cannot be read.</summary>
    public static ulong? InodeOf(string path)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(path + "\0");
        byte* status = stackalloc byte[StatXSize];
        fixed (byte* pointer = bytes)
        {
            if (StatX(AT_FDCWD, pointer, 0, STATX_INO, status) != 0)
                return null;
        }
        return *(ulong*)(status + StatXInodeOffset);
    }

    /// <summary>
    /// The mount points of nsfs mounts of network namespaces in a mountinfo file, by inode: field 4 is
    /// the root ("net:[4026532291]"), field 5 the mount point, and the type follows the " - " separator.
    /// </summary>
    public static IEnumerable<(ulong Inode, string MountPoint)> NsfsMounts(string mountInfo)
    {
        ArgumentNullException.ThrowIfNull(mountInfo);
        foreach (string line in mountInfo.Split('\n'))
        {
            int separator = line.IndexOf(" - ", StringComparison.Ordinal);
            if (separator < 0 || !line.AsSpan(separator + 3).StartsWith("nsfs "))
                continue;
            string[] fields = line[..separator].Split(' ');
            if (fields.Length >= 5 && ParseKernelName(fields[3]) is ulong inode)
                yield return (inode, UnescapeMountPath(fields[4]));
        }
    }

    /// <summary>The inode of "net:[4026531840]"; null for anything else.</summary>
    public static ulong? ParseKernelName(string text) =>
        text.StartsWith("net:[", StringComparison.Ordinal) && text.EndsWith(']')
        && ulong.TryParse(text.AsSpan(5, text.Length - 6), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong inode)
            ? inode
            : null;

    /// <summary>mountinfo writes space, tab, newline and backslash in paths as octal escapes (\040).</summary>
    private static string UnescapeMountPath(string path)
    {
        if (!path.Contains('\\', StringComparison.Ordinal))
            return path;
        var bytes = new List<byte>();
        for (int i = 0; i < path.Length; i++)
        {
            if (path[i] == '\\' && i + 3 < path.Length
                && IsOctal(path[i + 1]) && IsOctal(path[i + 2]) && IsOctal(path[i + 3]))
            {
                bytes.Add((byte)(((path[i + 1] - '0') << 6) | ((path[i + 2] - '0') << 3) | (path[i + 3] - '0')));
                i += 3;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(path[i].ToString()));
            }
        }
        return Encoding.UTF8.GetString([.. bytes]);
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
