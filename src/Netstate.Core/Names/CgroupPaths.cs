using Netstate.Core.IO;
using System.Text;
using Netstate.Core.Interop;

namespace Netstate.Core.Names;

/// <summary>
/// cgroup v2 ids (what sock_diag reports per socket) to paths below the cgroup2 mount, "/" for the
/// root, as ss -e prints them. The hierarchy is walked once, on first use.
/// </summary>
internal sealed class CgroupPaths
{
    private readonly string? _mount;
    private Dictionary<ulong, string>? _byId;

    /// <param name="mounts">A mounts table (/proc/self/mounts) to find the cgroup2 mount in.</param>
    public CgroupPaths(string mounts = "/proc/self/mounts")
    {
        _mount = FindMount(mounts);
    }

    /// <summary>The path of a cgroup id, or null when no cgroup2 directory has it (gone, or outside our view).</summary>
    public string? PathOf(ulong id)
    {
        if (_mount is null)
            return null;
        _byId ??= Walk(_mount);
        return _byId.GetValueOrDefault(id);
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
            if (IdOf(directory) is { } id)
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

    private static unsafe ulong? IdOf(string path)
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
