using System.Text;
using Netstate.Core.Platform.Linux.Interop;

namespace Netstate.Core.Platform.Linux.Namespaces;

/// <summary>
/// Network namespaces that only an open descriptor keeps alive: a process that opened
/// /run/netns/NAME or /proc/PID/ns/net and holds the fd after the mount was removed or the process
/// it named exited (as runtimes and ip netns do between steps). Found by reading every descriptor's
/// link, one readlinkat each, no allocation per socket: /proc/PID/fd/N reads "net:[4026532291]" when
/// opened through /proc, and the mount's path when opened on a bind mount (then a statx tells nsfs
/// from a plain file, and NS_GET_NSTYPE a network namespace from another kind).
/// </summary>
internal static unsafe class DescriptorNamespaces
{
    /// <summary>Each namespace an fd refers to that is none of <paramref name="known"/>, with the /proc/PID/fd/N path to enter it by, and the holder's pid.</summary>
    public static List<(ulong Inode, string Path, int Pid)> Find(ProcRoot root, IEnumerable<int> pids, Func<ulong, bool> known)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(pids);
        ArgumentNullException.ThrowIfNull(known);
        var result = new List<(ulong, string, int)>();
        byte* target = stackalloc byte[64];
        foreach (int pid in pids)
        {
            string directoryPath = root.ProcessDirectory(pid) + "/fd";
            byte[] pathBytes = Encoding.UTF8.GetBytes(directoryPath + "\0");
            DirectoryStreamHandle directory;
            fixed (byte* path = pathBytes)
                directory = Directories.OpenDirectory(path);
            using (directory)
            {
                if (directory.IsInvalid)
                    continue; // exited, or another user's (not root): its namespaces by fd stay unseen
                int directoryFd = Directories.DirectoryDescriptor(directory);
                byte* entry;
                while ((entry = Directories.ReadDirectory(directory)) != null)
                {
                    byte* name = entry + Directories.DirentNameOffset;
                    if (*name is < (byte)'0' or > (byte)'9')
                        continue; // "." and ".."
                    nint read = Directories.ReadLinkAt(directoryFd, name, target, 64);
                    if (read <= 0)
                        continue;
                    // "net:[4026532291]" for one opened through /proc; the path for one opened on a bind mount (which only nsfs can tell).
                    var link = new ReadOnlySpan<byte>(target, (int)read);
                    bool path = link[0] == (byte)'/';
                    if (!path && !link.StartsWith("net:["u8))
                        continue;
                    int length = 0;
                    while (name[length] != 0)
                        length++;
                    string fdPath = directoryPath + "/" + Encoding.ASCII.GetString(name, length);
                    ulong? found = path ? NamespaceFiles.NetworkNamespaceOfDescriptor(fdPath) : NamespaceFiles.ParseKernelName(link);
                    if (found is not ulong inode || known(inode) || result.Exists(r => r.Item1 == inode))
                        continue;
                    result.Add((inode, fdPath, pid));
                }
            }
        }
        return result;
    }
}
