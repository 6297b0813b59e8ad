using System.Globalization;
using Netstate.Core.Model;
using Netstate.Core.Platform.Linux.IO;

namespace Netstate.Core.Platform.Linux.Namespaces;

/// <summary>
/// Finds the network namespaces of this host: those processes are in (each /proc/PID/ns/net), those
/// only a thread is in, those named by a bind mount (ip netns, Docker, CNI) and any other nsfs mount
/// in mountinfo, and those only an open descriptor holds (/proc/PID/fd/N); and resolves
/// what -N names (a name, a path, or pid:PID).
/// </summary>
internal static class NetworkNamespaceFinder
{
    /// <summary>Every network namespace this user can see; what could not be seen becomes a note.</summary>
    public static List<NetworkNamespace> FindAll(ProcRoot root, List<SourceNote> notes)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(notes);
        ulong? own = NamespaceFiles.InodeOf(root.Path + "/self/ns/net");
        var found = new Dictionary<ulong, Found>();
        int hidden = 0;
        foreach (int pid in Pids(root))
        {
            string path = root.ProcessDirectory(pid) + "/ns/net";
            if (NamespaceFiles.InodeOf(path, out int errno) is not ulong inode)
            {
                // A process that exited meanwhile (or a zombie, which has no namespaces left) is no loss; one we may not look into hides its namespace.
                if (errno is Interop.Errno.EACCES or Interop.Errno.EPERM && Directory.Exists(root.ProcessDirectory(pid)))
                    hidden++;
                continue;
            }
            if (!found.TryGetValue(inode, out Found? entry))
                found[inode] = entry = new Found(path);
            entry.Pids.Add(pid);
        }
        // A namespace only a thread is in (a thread that called unshare or setns): found through the tasks of each process.
        foreach ((ulong inode, string path) in ThreadFiles(root, found))
            found[inode] = new Found(path);
        // A namespace only an open descriptor keeps (a process holding an fd of /run/netns/NAME after ip netns del, or of an exited process's ns/net).
        int[] processes = [.. found.Values.SelectMany(f => f.Pids).Distinct()];
        var named = NamedFiles(root).ToList();
        foreach ((ulong inode, string path, _) in DescriptorNamespaces.Find(root, processes, inode => found.ContainsKey(inode) || named.Exists(n => n.Inode == inode)))
            found[inode] = new Found(path);
        foreach ((ulong inode, string path) in named)
        {
            if (!found.TryGetValue(inode, out Found? entry))
                found[inode] = entry = new Found(path);
            entry.Name ??= System.IO.Path.GetFileName(path);
            entry.Path = path;
        }
        if (hidden > 0)
            notes.Add(new SourceNote(SourceNoteKind.Warning,
                $"the network namespace of {hidden.ToString(CultureInfo.InvariantCulture)} process{(hidden == 1 ? "" : "es")} could not be read "
                + "(only root may look into other users' processes, and a sandbox can refuse even root): a namespace only they are in is not listed"));

        var result = new List<NetworkNamespace>(found.Count);
        foreach ((ulong inode, Found entry) in found.OrderBy(f => f.Key != own).ThenBy(f => f.Value.Pids.Count == 0 ? int.MaxValue : f.Value.Pids.Min()))
            result.Add(Describe(root, inode, entry, own));
        return result;
    }

    /// <summary>
    /// The namespace -N names: a name under /run/netns, a path to an nsfs file, or pid:PID.
    /// Throws <see cref="NamespaceException"/> when it names none.
    /// </summary>
    public static NetworkNamespace Resolve(ProcRoot root, string spec)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentException.ThrowIfNullOrEmpty(spec);
        string path;
        if (spec.StartsWith("pid:", StringComparison.Ordinal))
        {
            if (!int.TryParse(spec.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid <= 0)
                throw new NamespaceException($"'{spec}' names no process: write pid: and a process id, such as pid:1234", 0);
            path = root.ProcessDirectory(pid) + "/ns/net";
            if (!Directory.Exists(root.ProcessDirectory(pid)))
                throw new NamespaceException($"there is no process {pid.ToString(CultureInfo.InvariantCulture)}", 0);
        }
        else
        {
            path = spec.Contains('/', StringComparison.Ordinal) ? spec : "/run/netns/" + spec;
        }
        if (NamespaceFiles.InodeOf(path) is not ulong inode)
        {
            throw new NamespaceException(File.Exists(path) || Directory.Exists(path)
                ? $"{path} cannot be read (entering another network namespace needs root)"
                : spec.Contains('/', StringComparison.Ordinal) || spec.StartsWith("pid:", StringComparison.Ordinal)
                    ? $"{path} does not exist"
                    : $"no network namespace is named '{spec}' ({path} does not exist; ip netns list shows the names)", 0);
        }
        if (path.StartsWith("/proc/", StringComparison.Ordinal) || path.StartsWith(root.Path + "/", StringComparison.Ordinal))
        {
            // A name makes a better label than the number, when the namespace has one.
            var notes = new List<SourceNote>();
            NetworkNamespace? known = FindAll(root, notes).Find(n => n.Inode == inode);
            if (known is not null)
                return known with { Path = path };
        }
        ulong? own = NamespaceFiles.InodeOf(root.Path + "/self/ns/net");
        var entry = new Found(path);
        // A file under /proc (a thread's ns/net, a descriptor) names nothing: "net" or "3" would be no name.
        if (!spec.StartsWith("pid:", StringComparison.Ordinal) && !path.StartsWith("/proc/", StringComparison.Ordinal) && !path.StartsWith(root.Path + "/", StringComparison.Ordinal))
            entry.Name = System.IO.Path.GetFileName(path);
        return Describe(root, inode, entry, own);
    }

    /// <remarks>
    /// The container is told by the namespace's first process only (its init, or a pod's pause
    /// process): a host-network container's processes share the host's namespace and must not
    /// name it.
    /// </remarks>
    private static NetworkNamespace Describe(ProcRoot root, ulong inode, Found entry, ulong? own)
    {
        int? first = entry.Pids.Count == 0 ? null : entry.Pids.Min();
        return new NetworkNamespace(inode)
        {
            Name = entry.Name,
            IsOwn = inode == own,
            Pid = first,
            Container = first is int pid ? ContainerOf(root, pid) : null,
            Path = entry.Path,
        };
    }

    private static ContainerId? ContainerOf(ProcRoot root, int pid)
    {
        try
        {
            string text = BoundedFile.ReadAllText(root.ProcessFile(pid, "cgroup"));
            return ContainerCgroups.RecogniseFile(text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The nsfs files of named namespaces: the runtimes' directories, then every other nsfs mount.</summary>
    private static IEnumerable<(ulong Inode, string Path)> NamedFiles(ProcRoot root)
    {
        // The same namespace may be named twice (/var/run is usually /run): FindAll keeps it once, by inode.
        foreach (string directory in NamespaceFiles.NamedDirectories)
        {
            string[] files;
            try
            {
                files = Directory.GetFiles(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            foreach (string file in files.Order(StringComparer.Ordinal))
            {
                if (NamespaceFiles.InodeOf(file) is ulong inode)
                    yield return (inode, file);
            }
        }
        string? mountInfo = null;
        try
        {
            mountInfo = BoundedFile.ReadAllText(root.Path + "/self/mountinfo", BoundedFile.TableLimit);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        if (mountInfo is null)
            yield break;
        foreach ((ulong inode, string mountPoint) in NamespaceFiles.NsfsMounts(mountInfo))
            yield return (inode, mountPoint);
    }

    /// <summary>/proc/PID/task/TID/ns/net of threads whose namespace is none of <paramref name="known"/>.</summary>
    private static List<(ulong Inode, string Path)> ThreadFiles(ProcRoot root, Dictionary<ulong, Found> known)
    {
        var result = new List<(ulong, string)>();
        foreach (int pid in known.Values.SelectMany(f => f.Pids).Distinct())
        {
            string tasks = root.ProcessDirectory(pid) + "/task";
            IEnumerable<string> threads;
            try
            {
                threads = Directory.EnumerateDirectories(tasks);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            string own = pid.ToString(CultureInfo.InvariantCulture);
            try
            {
                foreach (string thread in threads)
                {
                    if (System.IO.Path.GetFileName(thread) == own)
                        continue;
                    string path = thread + "/ns/net";
                    if (NamespaceFiles.InodeOf(path) is ulong inode && !known.ContainsKey(inode) && !result.Exists(r => r.Item1 == inode))
                        result.Add((inode, path));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process exited while its threads were listed.
            }
        }
        return result;
    }

    private static IEnumerable<int> Pids(ProcRoot root)
    {
        IEnumerable<string> directories;
        try
        {
            directories = Directory.EnumerateDirectories(root.Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }
        foreach (string directory in directories)
        {
            if (int.TryParse(System.IO.Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
                yield return pid;
        }
    }

    private sealed class Found(string path)
    {
        public string Path { get; set; } = path;
        public string? Name { get; set; }
        public List<int> Pids { get; } = [];
    }
}
