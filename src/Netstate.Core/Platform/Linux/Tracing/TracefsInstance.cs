using System.Globalization;
using System.Runtime.InteropServices;
using Netstate.Core.Platform.Linux.Interop;

namespace Netstate.Core.Platform.Linux.Tracing;

/// <summary>
/// A private ftrace instance (<c>instances/netstate-PID-START</c>) so the global buffer and other
/// tracing users are left alone. When tracefs is not mounted it is mounted on a private directory
/// (<c>/run/netstate-tracefs-PID-START</c>), never on /sys/kernel/tracing, so another tool's view
/// is not changed. Both names carry the run's pid and start time: a later run removes what a run
/// that was killed left behind, and a reused pid is not mistaken for the killed run.
/// </summary>
internal sealed class TracefsInstance : IDisposable
{
    private const string Prefix = "netstate-";
    private const string MountPrefix = "netstate-tracefs-";
    private const string MountParent = "/run";
    private readonly string? _ownMount;
    private bool _disposed;

    private TracefsInstance(string root, string path, string? ownMount, IReadOnlyList<string> cleaned)
    {
        Root = root;
        Path = path;
        _ownMount = ownMount;
        Cleaned = cleaned;
    }

    /// <summary>Where tracefs is mounted.</summary>
    public string Root { get; }

    /// <summary>The instance's directory.</summary>
    public string Path { get; }

    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>Whether this run mounted tracefs (and will unmount it).</summary>
    public bool Mounted => _ownMount is not null;

    /// <summary>What earlier, killed runs left and this run removed.</summary>
    public IReadOnlyList<string> Cleaned { get; }

    /// <summary>This process's name for its instance and mount point.</summary>
    public static string OwnTag => Tag(Environment.ProcessId) ?? Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    /// <summary>Mounts tracefs if needed, removes leftovers of dead runs, creates the instance.</summary>
    public static TracefsInstance Create()
    {
        if (Libc.GetEffectiveUserId() != 0)
            throw new PlatformUnavailableException("tracing needs root: tracefs, the kernel's tracing files, is open to root only", "run it with sudo");
        var cleaned = new List<string>();
        CleanLeftoverMounts(cleaned);
        string? root = FindMount();
        string? ownMount = null;
        if (root is null)
        {
            ownMount = System.IO.Path.Combine(MountParent, MountPrefix + OwnTag);
            root = MountPrivately(ownMount);
        }
        try
        {
            string instances = System.IO.Path.Combine(root, "instances");
            if (!Directory.Exists(instances))
                throw new PlatformUnavailableException($"{root} has no instances directory: this kernel cannot give netstate a private trace buffer", "Linux 3.10 or later with CONFIG_TRACING is needed");
            CleanLeftoverInstances(instances, cleaned);
            string path = System.IO.Path.Combine(instances, Prefix + OwnTag);
            if (Directory.Exists(path))
                Directory.Delete(path); // this very process made it before (a second trace in one run)
            Directory.CreateDirectory(path);
            return new TracefsInstance(root, path, ownMount, cleaned);
        }
        catch
        {
            if (ownMount is not null)
                Unmount(ownMount);
            throw;
        }
    }

    /// <summary>Writes a control file of the instance ("1" to an event's enable, "mono" to trace_clock).</summary>
    public void Write(string relative, string value) => File.WriteAllText(System.IO.Path.Combine(Path, relative), value);

    public string ReadText(string relative) => File.ReadAllText(System.IO.Path.Combine(Path, relative));

    public bool Exists(string relative) => File.Exists(System.IO.Path.Combine(Path, relative));

    /// <summary>The per-CPU directories of the instance's buffer.</summary>
    public IReadOnlyList<string> CpuDirectories() =>
        Directory.Exists(System.IO.Path.Combine(Path, "per_cpu"))
            ? Directory.GetDirectories(System.IO.Path.Combine(Path, "per_cpu"), "cpu*").Order(StringComparer.Ordinal).ToArray()
            : [];

    /// <summary>Turns tracing off, removes the instance and the private mount. Safe to call twice.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        try
        {
            Write("tracing_on", "0");
        }
        catch (IOException)
        {
        }
        RemoveInstance(Path);
        if (_ownMount is not null)
            Unmount(_ownMount);
    }

    private static string? FindMount()
    {
        foreach (MountEntry mount in MountInfo.Parse(File.ReadLines("/proc/self/mountinfo")))
        {
            // Another run's private mount goes away when that run ends: never build on it.
            if (mount.FileSystemType == "tracefs" && mount.Root == "/"
                && !mount.MountPoint.StartsWith(System.IO.Path.Combine(MountParent, MountPrefix), StringComparison.Ordinal))
                return mount.MountPoint;
        }
        return null;
    }

    private static string MountPrivately(string target)
    {
        if (!File.ReadAllText("/proc/filesystems").Contains("\ttracefs\n", StringComparison.Ordinal))
            throw new PlatformUnavailableException("this kernel has no tracefs, so TCP events cannot be traced", "a kernel built with CONFIG_TRACING (Linux 4.16 or later) is needed");
        Directory.CreateDirectory(target);
        if (Libc.Mount("nodev", target, "tracefs", Libc.MS_NOSUID | Libc.MS_NODEV | Libc.MS_NOEXEC, 0) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            TryRemoveDirectory(target);
            throw new PlatformUnavailableException($"cannot mount tracefs on {target}: {Marshal.GetPInvokeErrorMessage(errno)}",
                "mount it yourself (mount -t tracefs nodev /sys/kernel/tracing) or run with CAP_SYS_ADMIN");
        }
        return target;
    }

    private static void Unmount(string target)
    {
        // Detach: a file still open elsewhere in this process must not keep the mount alive.
        Libc.Unmount(target, Libc.MNT_DETACH);
        TryRemoveDirectory(target);
    }

    private static void CleanLeftoverMounts(List<string> cleaned)
    {
        if (!Directory.Exists(MountParent))
            return;
        foreach (string directory in Directory.GetDirectories(MountParent, MountPrefix + "*"))
        {
            if (IsAlive(System.IO.Path.GetFileName(directory)[MountPrefix.Length..]))
                continue;
            // The dead run's instance lives in the same tracefs: remove it before the mount goes.
            CleanLeftoverInstances(System.IO.Path.Combine(directory, "instances"), cleaned);
            Unmount(directory);
            cleaned.Add($"mount {directory}");
        }
    }

    private static void CleanLeftoverInstances(string instances, List<string> cleaned)
    {
        if (!Directory.Exists(instances))
            return;
        foreach (string directory in Directory.GetDirectories(instances, Prefix + "*"))
        {
            string tag = System.IO.Path.GetFileName(directory)[Prefix.Length..];
            if (tag.StartsWith("tracefs-", StringComparison.Ordinal) || IsAlive(tag))
                continue;
            RemoveInstance(directory);
            cleaned.Add($"instance {System.IO.Path.GetFileName(directory)}");
        }
    }

    private static void RemoveInstance(string path)
    {
        // rmdir of an instance fails with EBUSY while one of its files is open; this process closed
        // its own before, so a retry covers a reader that is just letting go.
        for (int attempt = 0; attempt < 20; attempt++)
        {
            if (TryRemoveDirectory(path) || !Directory.Exists(path))
                return;
            Thread.Sleep(50);
        }
    }

    private static bool TryRemoveDirectory(string path)
    {
        try
        {
            Directory.Delete(path);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Whether the run a "PID-START" tag names still runs: same pid and same start time.</summary>
    private static bool IsAlive(string tag)
    {
        int dash = tag.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || !int.TryParse(tag[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            return true; // not a name this code gives: leave it alone
        return Tag(pid) == tag;
    }

    /// <summary>"PID-START": the pid and the process's start time in clock ticks after boot (/proc/PID/stat field 22); null when it has gone.</summary>
    private static string? Tag(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            int close = stat.LastIndexOf(')');
            string[] rest = stat[(close + 2)..].Split(' ');
            // After "pid (comm) " the fields count from 3 (state): start time is field 22.
            return rest.Length > 19 ? $"{pid}-{rest[19]}" : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
