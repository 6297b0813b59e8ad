using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Enumeration;
using System.Text;
using Netstate.Core.Interop;
using Netstate.Core.Sources.Linux;

namespace Netstate.Core.Owners;

/// <summary>
/// Builds the inode-to-owner map with one pass over /proc/*/fd, spread over the cores. Processes
/// that exit mid-scan are skipped; descriptor directories we may not read are counted as hidden.
/// </summary>
public static class ProcessOwnerScanner
{
    /// <summary>netstat reads at most this much of /proc/PID/cmdline.</summary>
    private const int CommandLineLimit = 511;

    public static OwnerMap Scan(ProcRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        int[] pids = ListProcesses(root.Path);
        var found = new ConcurrentBag<List<(ulong Inode, SocketOwner Owner)>>();
        var hidden = new ConcurrentBag<string>();
        int readable = 0;

        Parallel.ForEach(
            pids,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            () => new List<(ulong, SocketOwner)>(),
            (pid, _, local) =>
            {
                if (ScanProcess(root, pid, local, hidden))
                    Interlocked.Increment(ref readable);
                return local;
            },
            found.Add);

        return Build(found, hidden, readable > 0);
    }

    private static int[] ListProcesses(string procPath)
    {
        var enumerable = new FileSystemEnumerable<int>(procPath,
            (ref FileSystemEntry entry) => int.Parse(entry.FileName, NumberStyles.None, CultureInfo.InvariantCulture),
            new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = 0 })
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => entry.IsDirectory && IsAllDigits(entry.FileName),
        };
        return [.. enumerable];
    }

    /// <summary>Adds the sockets of one process; false when its descriptors could not be read.</summary>
    private static bool ScanProcess(ProcRoot root, int pid, List<(ulong, SocketOwner)> found, ConcurrentBag<string> hidden)
    {
        string processDirectory = root.ProcessDirectory(pid);
        string fdDirectory = processDirectory + "/fd";
        byte[] pathBytes = new byte[fdDirectory.Length * 3 + 32];
        int prefixLength = Encoding.UTF8.GetBytes(fdDirectory + "/", pathBytes);
        ProcessInfo? process = null;
        try
        {
            var descriptors = new FileSystemEnumerable<(int Fd, ulong Inode)>(fdDirectory,
                (ref FileSystemEntry entry) => ReadSocketLink(pathBytes, prefixLength, entry.FileName),
                new EnumerationOptions { IgnoreInaccessible = false, AttributesToSkip = 0 });
            foreach ((int fd, ulong inode) in descriptors)
            {
                if (inode == 0)
                    continue;
                process ??= ReadProcessInfo(processDirectory, pid);
                if (process is null)
                    return true; // exited between listing its fds and reading its command line
                found.Add((inode, new SocketOwner(process, fd)));
            }
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            hidden.Add(pid.ToString(CultureInfo.InvariantCulture));
            return false;
        }
        catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException or IOException)
        {
            return true; // the process exited mid-scan: nothing to attribute
        }
    }

    /// <summary>readlink on fd/N; the inode when the link reads "socket:[N]" (or the old "[0000]:N"), else 0.</summary>
    private static unsafe (int Fd, ulong Inode) ReadSocketLink(byte[] pathBytes, int prefixLength, ReadOnlySpan<char> name)
    {
        if (!IsAllDigits(name) || prefixLength + name.Length + 1 > pathBytes.Length)
            return (-1, 0);
        int fd = int.Parse(name, NumberStyles.None, CultureInfo.InvariantCulture);
        int length = prefixLength + Encoding.ASCII.GetBytes(name, pathBytes.AsSpan(prefixLength));
        pathBytes[length] = 0;
        byte* target = stackalloc byte[64];
        nint read;
        fixed (byte* path = pathBytes)
            read = Libc.ReadLink(path, target, 64);
        if (read <= 0)
            return (fd, 0);
        return (fd, ParseSocketInode(new ReadOnlySpan<byte>(target, (int)read)));
    }

    internal static ulong ParseSocketInode(ReadOnlySpan<byte> link)
    {
        ReadOnlySpan<byte> digits =
            link.StartsWith("socket:["u8) && link[^1] == (byte)']' ? link[8..^1]
            : link.StartsWith("[0000]:"u8) ? link[7..]
            : default;
        return !digits.IsEmpty && FieldReader.TryParseDecimal(digits, out ulong inode) ? inode : 0;
    }

    private static ProcessInfo? ReadProcessInfo(string processDirectory, int pid)
    {
        Span<byte> buffer = stackalloc byte[CommandLineLimit];
        int length;
        try
        {
            using var handle = File.OpenHandle(processDirectory + "/cmdline");
            length = RandomAccess.Read(handle, buffer, 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        return new ProcessInfo(pid, ProgramNameOf(buffer[..length]).ToArray());
    }

    /// <summary>argv[0], reduced to its basename when it is an absolute path, as netstat derives it.</summary>
    internal static ReadOnlySpan<byte> ProgramNameOf(ReadOnlySpan<byte> commandLine)
    {
        int end = commandLine.IndexOf((byte)0);
        ReadOnlySpan<byte> argv0 = end < 0 ? commandLine : commandLine[..end];
        if (argv0.Length > 0 && argv0[0] == (byte)'/')
            argv0 = argv0[(argv0.LastIndexOf((byte)'/') + 1)..];
        return argv0;
    }

    private static OwnerMap Build(ConcurrentBag<List<(ulong Inode, SocketOwner Owner)>> found, ConcurrentBag<string> hidden, bool sawAnyProcess)
    {
        int total = found.Sum(list => list.Count);
        var all = new (ulong Inode, SocketOwner Owner)[total];
        int index = 0;
        foreach (List<(ulong, SocketOwner)> list in found)
        {
            list.CopyTo(all, index);
            index += list.Count;
        }
        // Descending, then inserted at each chain's head: every chain ends up lowest pid first.
        Array.Sort(all, static (a, b) => b.Owner.Process.Pid != a.Owner.Process.Pid
            ? b.Owner.Process.Pid.CompareTo(a.Owner.Process.Pid)
            : b.Owner.Fd.CompareTo(a.Owner.Fd));

        var firstByInode = new Dictionary<ulong, int>(total);
        var chain = new (SocketOwner Owner, int Next)[total];
        for (int i = 0; i < all.Length; i++)
        {
            (ulong inode, SocketOwner owner) = all[i];
            chain[i] = (owner, firstByInode.TryGetValue(inode, out int head) ? head : -1);
            firstByInode[inode] = i;
        }
        var hiddenList = hidden.ToList();
        hiddenList.Sort(StringComparer.Ordinal);
        return new OwnerMap(firstByInode, chain, hiddenList, sawAnyProcess);
    }

    private static bool IsAllDigits(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
            return false;
        foreach (char c in name)
        {
            if (c is < '0' or > '9')
                return false;
        }
        return true;
    }
}
