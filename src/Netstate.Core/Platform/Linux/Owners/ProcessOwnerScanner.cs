using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Netstate.Core.Platform.Linux.IO;
using Netstate.Core.Owners;
using Netstate.Core.Platform.Linux.Interop;

namespace Netstate.Core.Platform.Linux.Owners;

/// <summary>
/// Builds the inode-to-owner map with one pass over /proc/*/fd, spread over the cores: every
/// process's descriptors are listed first, then read in items of at most <see cref="FdsPerItem"/>,
/// so one process holding most sockets is read by every core. Processes that exit mid-scan are
/// skipped; descriptor directories we may not read are counted as hidden. Per descriptor the cost
/// is one readlinkat into a stack buffer ("socket:[N]" parsed from the bytes) and no managed
/// allocation unless it is a socket.
/// </summary>
internal static unsafe class ProcessOwnerScanner
{
    /// <summary>netstat reads at most this much of /proc/PID/cmdline.</summary>
    private const int CommandLineLimit = 511;

    /// <summary>
    /// Below this many open files (system-wide, from fs/file-nr) the thread pool costs more to
    /// start than it saves; above it the readlinkat calls dominate and split well over the cores.
    /// </summary>
    private const long ParallelFileThreshold = 20_000;

    /// <summary>
    /// Descriptors per work item: a process holding more is split into several (a server holding
    /// most of 200,000 sockets is then read by every core, not one); fewer stay one item.
    /// </summary>
    private const int FdsPerItem = 4096;

    public static OwnerMap Scan(ProcRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        byte[] rootBytes = Encoding.UTF8.GetBytes(root.Path);
        int[] pids = ListProcesses(rootBytes);
        var directories = new FdDirectory?[pids.Length];
        var hidden = new bool[pids.Length];
        bool parallel = pids.Length >= 2 && Environment.ProcessorCount > 1 && OpenFiles(root) >= ParallelFileThreshold;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        try
        {
            // First every process's descriptor numbers (one readdir each), then the readlinkat calls
            // in items of at most FdsPerItem descriptors, spread over the cores: one process per item
            // for most (the processes holding most sockets often have adjacent pids, and handing out
            // ranges would put them all on one core), several for a process with many descriptors.
            if (parallel)
                Parallel.ForEach(Partitioner.Create(0, pids.Length, 1), options, range => ListAll(rootBytes, pids, directories, hidden, range.Item1, range.Item2));
            else
                ListAll(rootBytes, pids, directories, hidden, 0, pids.Length);

            var items = new List<(FdDirectory Directory, int Start, int End)>();
            foreach (FdDirectory? directory in directories)
            {
                for (int start = 0; directory is not null && start < directory.Fds.Count; start += FdsPerItem)
                    items.Add((directory, start, Math.Min(directory.Fds.Count, start + FdsPerItem)));
            }
            var found = new List<(ulong Inode, int Fd)>?[items.Count];
            if (parallel)
                Parallel.ForEach(Partitioner.Create(0, items.Count, 1), options, range => ReadAll(items, found, range.Item1, range.Item2));
            else
                ReadAll(items, found, 0, items.Count);

            // Each process's sockets in ascending fd order: its items in order, each in order.
            var results = new ProcessSockets?[pids.Length];
            int item = 0;
            for (int i = 0; i < pids.Length; i++)
            {
                if (directories[i] is not { } directory)
                    continue;
                List<(ulong, int)>? sockets = null;
                for (; item < items.Count && items[item].Directory == directory; item++)
                {
                    if (found[item] is { } some)
                        (sockets ??= new List<(ulong, int)>(some.Count)).AddRange(some);
                }
                if (directory.Hidden)
                    hidden[i] = true;
                else if (sockets is not null && ReadProcessInfo(root.ProcessDirectory(pids[i]), pids[i]) is { } process)
                    results[i] = new ProcessSockets(process, sockets);
            }
            return Build(pids, results, hidden);
        }
        finally
        {
            foreach (FdDirectory? directory in directories)
                directory?.Handle.Dispose();
        }
    }

    private static void ListAll(byte[] rootBytes, int[] pids, FdDirectory?[] directories, bool[] hidden, int start, int end)
    {
        for (int i = start; i < end; i++)
            directories[i] = ListDescriptors(rootBytes, pids[i], out hidden[i]);
    }

    private static void ReadAll(List<(FdDirectory Directory, int Start, int End)> items, List<(ulong Inode, int Fd)>?[] found, int start, int end)
    {
        for (int i = start; i < end; i++)
            found[i] = ReadSockets(items[i].Directory, items[i].Start, items[i].End);
    }

    /// <summary>One process's open /proc/PID/fd and the descriptor numbers it listed, in ascending order.</summary>
    private sealed class FdDirectory(DirectoryStreamHandle handle, List<int> fds)
    {
        public DirectoryStreamHandle Handle { get; } = handle;

        public List<int> Fds { get; } = fds;

        private volatile bool _hidden;

        /// <summary>Set when a link could not be read for lack of permission: the process's sockets are hidden.</summary>
        public bool Hidden
        {
            get => _hidden;
            set => _hidden = value;
        }
    }

    /// <summary>Allocated file handles, system-wide (first field of fs/file-nr); unknown counts as many.</summary>
    private static long OpenFiles(ProcRoot root)
    {
        Span<byte> text = stackalloc byte[64];
        try
        {
            int length = BoundedFile.ReadStart(root.OpenFileCount, text);
            ReadOnlySpan<byte> first = text[..length];
            int end = first.IndexOfAny((byte)'\t', (byte)' ');
            return FieldReader.TryParseDecimal(end < 0 ? first : first[..end], out ulong files) ? (long)files : long.MaxValue;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return long.MaxValue;
        }
    }

    /// <summary>The sockets one process holds: (inode, fd) pairs in ascending fd order.</summary>
    private sealed class ProcessSockets(ProcessInfo process, List<(ulong Inode, int Fd)> sockets)
    {
        public ProcessInfo Process { get; } = process;

        public List<(ulong Inode, int Fd)> Sockets { get; } = sockets;
    }

    /// <summary>The numeric directories of the proc root, in ascending pid order.</summary>
    private static int[] ListProcesses(byte[] rootBytes)
    {
        var pids = new List<int>(512);
        Span<byte> path = stackalloc byte[rootBytes.Length + 1];
        rootBytes.CopyTo(path);
        path[^1] = 0;
        using DirectoryStreamHandle directory = Open(path);
        if (directory.IsInvalid)
            return [];
        byte* entry;
        while ((entry = Directories.ReadDirectory(directory)) != null)
        {
            if (entry[Directories.DirentTypeOffset] == Directories.DT_DIR && TryParseNumber(entry + Directories.DirentNameOffset, out int pid))
                pids.Add(pid);
        }
        pids.Sort();
        return [.. pids];
    }

    /// <summary>Opens /proc/PID/fd and lists its descriptors; null when the process has exited or hides them.</summary>
    private static FdDirectory? ListDescriptors(byte[] rootBytes, int pid, out bool hidden)
    {
        hidden = false;
        Span<byte> path = stackalloc byte[rootBytes.Length + 32];
        rootBytes.CopyTo(path);
        int length = rootBytes.Length;
        path[length++] = (byte)'/';
        pid.TryFormat(path[length..], out int written, provider: CultureInfo.InvariantCulture);
        length += written;
        "/fd\0"u8.CopyTo(path[length..]);

        DirectoryStreamHandle directory = Open(path);
        if (directory.IsInvalid)
        {
            int errno = Marshal.GetLastPInvokeError();
            hidden = errno is Errno.EACCES or Errno.EPERM;
            directory.Dispose();
            return null; // hidden, or the process exited mid-scan
        }
        var fds = new List<int>();
        byte* entry;
        while ((entry = Directories.ReadDirectory(directory)) != null)
        {
            if (TryParseNumber(entry + Directories.DirentNameOffset, out int fd))
                fds.Add(fd); // not "." and ".."
        }
        return new FdDirectory(directory, fds);
    }

    /// <summary>
    /// The sockets among descriptors [start, end) of one listed directory: one readlinkat each into a
    /// stack buffer, "socket:[N]" parsed from the bytes; null when there is none.
    /// </summary>
    private static List<(ulong Inode, int Fd)>? ReadSockets(FdDirectory directory, int start, int end)
    {
        int directoryFd = Directories.DirectoryDescriptor(directory.Handle);
        byte* name = stackalloc byte[16];
        byte* target = stackalloc byte[64];
        List<(ulong, int)>? sockets = null;
        for (int i = start; i < end && !directory.Hidden; i++)
        {
            int fd = directory.Fds[i];
            fd.TryFormat(new Span<byte>(name, 15), out int written, provider: CultureInfo.InvariantCulture);
            name[written] = 0;
            nint read = Directories.ReadLinkAt(directoryFd, name, target, 64);
            if (read <= 0)
            {
                // The directory may be listable while its links are not (PID 1 in some
                // containers, even for root): that hides the process's sockets just the same.
                if (Marshal.GetLastPInvokeError() is Errno.EACCES or Errno.EPERM)
                {
                    directory.Hidden = true;
                    return null;
                }
                continue; // closed since readdir listed it
            }
            ulong inode = ParseSocketInode(new ReadOnlySpan<byte>(target, (int)read));
            if (inode != 0)
                (sockets ??= []).Add((inode, fd));
        }
        return sockets;
    }

    private static DirectoryStreamHandle Open(ReadOnlySpan<byte> nulTerminatedPath)
    {
        fixed (byte* path = nulTerminatedPath)
            return Directories.OpenDirectory(path);
    }

    /// <summary>readlink text "socket:[N]" (or the old "[0000]:N"): the inode; anything else: 0.</summary>
    internal static ulong ParseSocketInode(ReadOnlySpan<byte> link)
    {
        ReadOnlySpan<byte> digits =
            link.StartsWith("socket:["u8) && link[^1] == (byte)']' ? link[8..^1]
            : link.StartsWith("[0000]:"u8) ? link[7..]
            : default;
        return !digits.IsEmpty && FieldReader.TryParseDecimal(digits, out ulong inode) ? inode : 0;
    }

    /// <summary>The program name of process <paramref name="pid"/> (readable even when its descriptors are not); null when it is gone or hidden.</summary>
    public static ProcessInfo? ReadProcess(ProcRoot root, int pid)
    {
        ArgumentNullException.ThrowIfNull(root);
        return ReadProcessInfo(root.ProcessDirectory(pid), pid);
    }

    private static ProcessInfo? ReadProcessInfo(string processDirectory, int pid)
    {
        Span<byte> buffer = stackalloc byte[CommandLineLimit];
        int length;
        try
        {
            length = BoundedFile.ReadStart(processDirectory + "/cmdline", buffer);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // exited between listing its descriptors and reading its command line
        }
        return new ProcessInfo(pid, ProgramNameOf(buffer[..length]).ToArray())
        {
            CommSource = () => ReadComm(processDirectory),
            ExecutableNameSource = () => ReadExecutableName(processDirectory),
            NamespacePidSource = () => ProcessFiles.NamespacePidOf(processDirectory, pid),
        };
    }

    /// <summary>/proc/PID/comm without its newline; null when the process has gone.</summary>
    private static byte[]? ReadComm(string processDirectory)
    {
        Span<byte> buffer = stackalloc byte[64];
        try
        {
            int length = BoundedFile.ReadStart(processDirectory + "/comm", buffer);
            ReadOnlySpan<byte> comm = buffer[..length];
            return (comm.Length > 0 && comm[^1] == (byte)'\n' ? comm[..^1] : comm).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The last part of /proc/PID/exe's target, without the " (deleted)" of a replaced binary; null when unreadable.</summary>
    private static byte[]? ReadExecutableName(string processDirectory)
    {
        string? target;
        try
        {
            target = new FileInfo(processDirectory + "/exe").LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        if (string.IsNullOrEmpty(target))
            return null;
        const string Deleted = " (deleted)";
        if (target.EndsWith(Deleted, StringComparison.Ordinal))
            target = target[..^Deleted.Length];
        return Encoding.UTF8.GetBytes(target[(target.LastIndexOf('/') + 1)..]);
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

    /// <summary>
    /// Chains every holder of an inode. Walking processes from the highest pid down (and fds from
    /// the highest down) and inserting at each chain's head leaves every chain lowest pid first.
    /// </summary>
    private static OwnerMap Build(int[] pids, ProcessSockets?[] results, bool[] hidden)
    {
        int total = 0;
        bool sawAnyProcess = false;
        var hiddenPids = new List<string>();
        for (int i = 0; i < pids.Length; i++)
        {
            total += results[i]?.Sockets.Count ?? 0;
            if (hidden[i])
                hiddenPids.Add(pids[i].ToString(CultureInfo.InvariantCulture));
            else
                sawAnyProcess = true;
        }

        var firstByInode = new Dictionary<ulong, int>(total);
        var chain = new (SocketOwner Owner, int Next)[total];
        int slot = 0;
        for (int i = pids.Length - 1; i >= 0; i--)
        {
            if (results[i] is not { } found)
                continue;
            List<(ulong Inode, int Fd)> sockets = found.Sockets;
            for (int j = sockets.Count - 1; j >= 0; j--)
            {
                (ulong inode, int fd) = sockets[j];
                ref int head = ref CollectionsMarshal.GetValueRefOrAddDefault(firstByInode, inode, out bool exists);
                chain[slot] = (new SocketOwner(found.Process, fd), exists ? head : -1);
                head = slot++;
            }
        }
        hiddenPids.Sort(StringComparer.Ordinal);
        return new OwnerMap(firstByInode, chain, hiddenPids, sawAnyProcess, Libc.GetEffectiveUserId() == 0);
    }

    /// <summary>A NUL-terminated run of ASCII digits as an int; false for anything else.</summary>
    private static bool TryParseNumber(byte* text, out int value)
    {
        value = 0;
        if (*text == 0)
            return false;
        for (byte* c = text; *c != 0; c++)
        {
            if (*c is < (byte)'0' or > (byte)'9' || value > (int.MaxValue - 9) / 10)
                return false;
            value = (value * 10) + (*c - '0');
        }
        return true;
    }
}
