using System.Text;
using Netstate.Core.Names;
using Netstate.Core.Platform.Linux.Interop;
using Netstate.Core.Platform.Linux.IO;

namespace Netstate.Core.Platform.Linux.Names;

/// <summary>
/// The one cgroup v2 resolver: ids (what sock_diag reports per socket) to paths below the cgroup2
/// mount, "/" for the root, as ss -e prints them; and paths back to ids, for the filter's
/// <c>cgroup</c> word. On cgroup2 the id is the directory's file handle, which is its inode number.
/// The mount comes from the live /proc/self/mounts (netlink ids always refer to the running
/// system); the hierarchy is walked once, on first use.
/// </summary>
internal sealed class CgroupPaths : ICgroupNames
{
    /// <summary>Where cgroup2 is mounted on systems whose mounts table cannot be read.</summary>
    private const string UsualMount = "/sys/fs/cgroup";

    private readonly string? _mount;
    private Dictionary<ulong, string>? _byId;

    public CgroupPaths()
        : this(ProcRoot.Live)
    {
    }

    /// <param name="root">The proc tree whose self/mounts names the cgroup2 mount.</param>
    internal CgroupPaths(ProcRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        _mount = FindMount(root.SelfMounts);
    }

    /// <summary>The path of a cgroup id, or null when no cgroup2 directory has it (gone, or outside our view).</summary>
    public string? PathOf(ulong id)
    {
        if (_mount is null)
            return null;
        _byId ??= Walk(_mount);
        return _byId.GetValueOrDefault(id);
    }

    /// <summary>The id of a path below the cgroup2 mount ("/system.slice/ssh.service"); null when there is no such cgroup.</summary>
    public ulong? IdOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return IdOfDirectory((_mount ?? UsualMount) + "/" + path.TrimStart('/'));
    }

    private static string? FindMount(string mounts)
    {
        try
        {
            foreach (string line in BoundedFile.ReadAllText(mounts, BoundedFile.TableLimit).Split('\n'))
            {
                string[] fields = line.Split(' ');
                if (fields.Length > 2 && fields[2] == "cgroup2")
                    return fields[1];
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return null;
    }

    private static Dictionary<ulong, string> Walk(string mount)
    {
        var byId = new Dictionary<ulong, string>();
        var pending = new Stack<string>();
        pending.Push(mount);
        while (pending.Count > 0)
        {
            string directory = pending.Pop();
            if (IdOfDirectory(directory) is { } id)
                byId.TryAdd(id, directory.Length == mount.Length ? "/" : directory[mount.Length..]);
            try
            {
                foreach (string child in Directory.EnumerateDirectories(directory))
                {
                    // Stay on this mount and off symlinks, as nftw's FTW_MOUNT|FTW_PHYS would.
                    if ((File.GetAttributes(child) & FileAttributes.ReparsePoint) == 0)
                        pending.Push(child);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return byId;
    }

    private static unsafe ulong? IdOfDirectory(string path)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(path + "\0");
        var handle = new Libc.FileHandle { handle_bytes = sizeof(ulong) };
        int mountId;
        fixed (byte* name = bytes)
        {
            if (Libc.NameToHandleAt(Libc.AT_FDCWD, name, &handle, &mountId, 0) != 0 || handle.handle_bytes != sizeof(ulong))
                return null;
        }
        return handle.f_handle;
    }
}
