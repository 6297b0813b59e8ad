using System.Globalization;
using System.Text;
using Netstate.Core.Platform.Linux.IO;
using Netstate.Core.Owners;
using Netstate.Core.Text;

namespace Netstate.Core.Platform.Linux.Owners;

/// <summary>Reads <see cref="ProcessDetails"/> and task names from a process's /proc directory.</summary>
internal static class ProcessFiles
{
    /// <summary>USER_HZ: /proc/PID/stat counts start time in these ticks on every Linux architecture.</summary>
    private const int TicksPerSecond = 100;

    /// <summary>Reads what can be read; a process that exits meanwhile leaves nulls, never an exception.</summary>
    public static ProcessDetails Read(ProcRoot root, int pid)
    {
        ArgumentNullException.ThrowIfNull(root);
        string directory = root.ProcessDirectory(pid);
        (uint? uid, int? namespacePid) = StatusOf(directory);
        return new ProcessDetails(pid, CommandLineOf(directory), uid, StartOf(root, directory))
        {
            NamespacePid = namespacePid == pid ? null : namespacePid,
        };
    }

    /// <summary>The kernel's name of a process (/proc/PID/comm, at most 15 bytes); null when it has exited.</summary>
    public static string? TaskNameOf(ProcRoot root, int pid)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (TryRead(root.ProcessFile(pid, "comm")) is not { } bytes)
            return null;
        int length = bytes.Length > 0 && bytes[^1] == (byte)'\n' ? bytes.Length - 1 : bytes.Length;
        return RawText.Decode(bytes.AsSpan(0, length));
    }

    private static string? CommandLineOf(string directory)
    {
        byte[]? bytes = TryRead(directory + "/cmdline");
        if (bytes is null)
            return null;
        if (bytes.Length == 0)
            return TryRead(directory + "/comm") is { } comm ? $"[{RawText.Decode(comm).TrimEnd('\n')}]" : null;
        return RawText.Decode(bytes).TrimEnd('\0').Replace('\0', ' ');
    }

    /// <summary>Netstate's own PID namespace (its inode), read once; null when it cannot be read.</summary>
    private static ulong? s_ownPidNamespace;

    /// <summary>
    /// The PID of the process in <paramref name="directory"/> inside its own PID namespace, when that
    /// differs from <paramref name="pid"/>; null when the same or unreadable. A process in netstate's
    /// own PID namespace (nearly all, on most hosts) costs one statx of ns/pid, not a read of its status.
    /// </summary>
    public static int? NamespacePidOf(string directory, int pid)
    {
        s_ownPidNamespace ??= Namespaces.NamespaceFiles.InodeOf("/proc/self/ns/pid");
        if (s_ownPidNamespace is { } own && Namespaces.NamespaceFiles.InodeOf(directory + "/ns/pid") == own)
            return null;
        int? inner = StatusOf(directory).NamespacePid;
        return inner == pid ? null : inner;
    }

    /// <summary>The effective uid, and the PID in the process's innermost PID namespace (NSpid's last field: Linux 4.1 and later).</summary>
    private static (uint? Uid, int? NamespacePid) StatusOf(string directory)
    {
        if (TryRead(directory + "/status") is not { } status)
            return (null, null);
        uint? uid = null;
        int? namespacePid = null;
        foreach (string line in Encoding.UTF8.GetString(status).Split('\n'))
        {
            // Uid:	real	effective	saved	filesystem
            if (line.StartsWith("Uid:", StringComparison.Ordinal))
            {
                string[] ids = line[4..].Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
                uid = ids.Length > 1 && uint.TryParse(ids[1], CultureInfo.InvariantCulture, out uint value) ? value : null;
            }
            // NSpid:	4242	1: the PID in each PID namespace from the reader's down to the process's own.
            else if (line.StartsWith("NSpid:", StringComparison.Ordinal))
            {
                string[] pids = line[6..].Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
                namespacePid = pids.Length > 0 && int.TryParse(pids[^1], NumberStyles.None, CultureInfo.InvariantCulture, out int inner) ? inner : null;
            }
        }
        return (uid, namespacePid);
    }

    private static DateTimeOffset? StartOf(ProcRoot root, string directory)
    {
        if (TryRead(directory + "/stat") is not { } stat || BootTime(root) is not { } boot)
            return null;
        // The name in parentheses may hold spaces and ')'; fields after the last ')' start at field 3 (state).
        string text = Encoding.UTF8.GetString(stat);
        string[] fields = text[(text.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        const int StartTimeIndex = 22 - 3;
        return fields.Length > StartTimeIndex && ulong.TryParse(fields[StartTimeIndex], CultureInfo.InvariantCulture, out ulong ticks)
            ? boot.AddSeconds((double)ticks / TicksPerSecond)
            : null;
    }

    /// <summary>
    /// The scheduler state letter of /proc/PID/stat (R running, S sleeping, D waiting on I/O, T stopped,
    /// t stopped by a debugger, Z exited but not reaped); null when the process has gone.
    /// </summary>
    public static char? StateOf(ProcRoot root, int pid)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (TryRead(root.ProcessDirectory(pid) + "/stat") is not { } stat)
            return null;
        // The state follows the name in parentheses, which may itself hold ") ".
        int end = Array.LastIndexOf(stat, (byte)')');
        return end >= 0 && end + 2 < stat.Length ? (char)stat[end + 2] : null;
    }

    /// <summary>The boot time of the last tree asked about: read once, not once per process.</summary>
    private static KnownBoot? s_bootTime;

    private sealed record KnownBoot(string Path, DateTimeOffset? Boot);

    private static DateTimeOffset? BootTime(ProcRoot root)
    {
        if (s_bootTime is { } known && known.Path == root.Path)
            return known.Boot;
        DateTimeOffset? boot = ReadBootTime(root);
        s_bootTime = new KnownBoot(root.Path, boot);
        return boot;
    }

    private static DateTimeOffset? ReadBootTime(ProcRoot root)
    {
        if (TryRead(root.Stat) is not { } stat)
            return null;
        foreach (string line in Encoding.UTF8.GetString(stat).Split('\n'))
        {
            if (line.StartsWith("btime ", StringComparison.Ordinal) && long.TryParse(line.AsSpan(6), CultureInfo.InvariantCulture, out long seconds))
                return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }
        return null;
    }

    private static byte[]? TryRead(string path)
    {
        try
        {
            return BoundedFile.ReadAllBytes(path, BoundedFile.SmallLimit);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
