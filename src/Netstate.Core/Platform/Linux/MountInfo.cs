using System.Text;

namespace Netstate.Core.Platform.Linux;

/// <summary>One line of /proc/PID/mountinfo: the root within its file system, where it is mounted, and the file system's type.</summary>
internal readonly record struct MountEntry(string Root, string MountPoint, string FileSystemType);

/// <summary>
/// Reads /proc/PID/mountinfo: "36 25 0:12 / /sys/kernel/tracing rw,nosuid shared:15 - tracefs tracefs rw".
/// Field 4 is the root, field 5 the mount point, and the type follows the " - " separator (optional
/// fields come before it, so their number varies).
/// </summary>
internal static class MountInfo
{
    public static IEnumerable<MountEntry> Parse(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (string line in lines)
        {
            int separator = line.IndexOf(" - ", StringComparison.Ordinal);
            if (separator < 0)
                continue;
            string[] fields = line[..separator].Split(' ');
            int typeEnd = line.IndexOf(' ', separator + 3);
            if (fields.Length < 5 || typeEnd < 0)
                continue;
            yield return new MountEntry(UnescapePath(fields[3]), UnescapePath(fields[4]), line[(separator + 3)..typeEnd]);
        }
    }

    /// <summary>mountinfo writes space, tab, newline and backslash in paths as octal escapes (\040).</summary>
    public static string UnescapePath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!path.Contains('\\', StringComparison.Ordinal))
            return path;
        var bytes = new List<byte>(path.Length);
        for (int i = 0; i < path.Length; i++)
        {
            if (path[i] == '\\' && i + 3 < path.Length && IsOctal(path[i + 1]) && IsOctal(path[i + 2]) && IsOctal(path[i + 3]))
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
