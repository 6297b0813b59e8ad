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
/// process's descriptor table is opened first (with its size, the count of open descriptors on
/// Linux 6.2+), then probed in items of at most <see cref="FdsPerItem"/> descriptors, so one
/// process holding most sockets is read by every core; what the numbers did not cover is listed and
/// probed after (see <see cref="FdTable"/>). Processes that exit mid-scan are skipped; descriptor
/// directories we may not read are counted as hidden. Per descriptor the cost is one statx
/// (<see cref="DescriptorProbe"/>) and no managed allocation unless it is a socket.
/// </summary>
internal static unsafe class ProcessOwnerScanner
{
    /// <summary>netstat reads at most this much of /proc/PID/cmdline.</summary>
    private const int CommandLineLimit = 511;

    /// <summary>
    /// Below this many open files (system-wide, from fs/file-nr) the thread pool costs more to
    /// start than it saves; above it the probes dominate and split well over the cores.
    /// </summary>
    private const long ParallelFileThreshold = 20_000;

    /// <summary>
    /// Descriptors per work item: a process holding more is split into several (a server holding
    /// most of 200,000 sockets is then read by every core, not one); fewer stay one item.
    /// </summary>
    internal const int FdsPerItem = 4096;

    public static OwnerMap Scan(ProcRoot root) => Scan(root, trustCounts: true);

    /// <summary>
    /// The scan; with <paramref name="trustCounts"/> false the descriptor counts are ignored and
    /// every table is listed, as on kernels before 6.2 (tests compare the two ways).
    /// </summary>
    internal static OwnerMap Scan(ProcRoot root, bool trustCounts)
    {
        ArgumentNullException.ThrowIfNull(root);
        byte[] rootBytes = Encoding.UTF8.GetBytes(root.Path);
        bool live = DescriptorProbe.IsProcFileSystem(root.Path);
        int[] pids = ListProcesses(rootBytes);
        var tables = new FdTable?[pids.Length];
        var hidden = new bool[pids.Length];
        bool parallel = pids.Length >= 2 && Environment.ProcessorCount > 1 && OpenFiles(root) >= ParallelFileThreshold;
        try
        {
            // Every process's table first (one open and one statx each), then the probes of the
            // numbers its size promises, spread over the cores: one process per item for most (the
            // processes holding most sockets often have adjacent pids, and handing out ranges would
            // put them all on one core), several for a process with many descriptors.
            ForEach(parallel, pids.Length, i => tables[i] = FdTable.Open(FdPath(rootBytes, pids[i]), pids[i], live, trustCounts, out hidden[i]));
            var items = new List<FdProbeItem>();
            foreach (FdTable? table in tables)
            {
                if (table is null)
                    continue;
                int first = table.Items.Count;
                table.AddNumberItems(FdsPerItem);
                items.AddRange(table.Items.Skip(first));
            }
            ForEach(parallel, items.Count, i => items[i].Run());

            // Then the listings of what the numbers missed (every table, before Linux 6.2), probed the same way.
            var unlisted = tables.Where(t => t is { NeedsListing: true }).ToArray();
            var listings = new List<int>[unlisted.Length];
            ForEach(parallel, unlisted.Length, i => listings[i] = unlisted[i]!.ListUnprobed());
            items.Clear();
            for (int i = 0; i < unlisted.Length; i++)
            {
                for (int start = 0; start < listings[i].Count; start += FdsPerItem)
                {
                    var item = new FdProbeItem(unlisted[i]!, start, Math.Min(listings[i].Count, start + FdsPerItem), listings[i]);
                    unlisted[i]!.Items.Add(item);
                    items.Add(item);
                }
            }
            ForEach(parallel, items.Count, i => items[i].Run());

            var results = new ProcessSockets?[pids.Length];
            for (int i = 0; i < pids.Length; i++)
            {
                if (tables[i] is not { } table)
                    continue;
                if (table.Hidden)
                    hidden[i] = true;
                else if (table.Sockets() is { } sockets && ReadProcessInfo(root.ProcessDirectory(pids[i]), pids[i]) is { } process)
                    results[i] = new ProcessSockets(process, sockets);
            }
            return Build(pids, results, hidden);
        }
        finally
        {
            foreach (FdTable? table in tables)
                table?.Dispose();
        }
    }

    /// <summary>Runs <paramref name="body"/> for 0..count-1, over every core when <paramref name="parallel"/>, one index at a time.</summary>
    private static void ForEach(bool parallel, int count, Action<int> body)
    {
        if (!parallel || count < 2)
        {
            for (int i = 0; i < count; i++)
                body(i);
            return;
        }
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.ForEach(Partitioner.Create(0, count, 1), options, range =>
        {
            for (int i = range.Item1; i < range.Item2; i++)
                body(i);
        });
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
        DirectoryStreamHandle directory;
        fixed (byte* pointer = path)
            directory = Directories.OpenDirectory(pointer);
        using (directory)
        {
            if (directory.IsInvalid)
                return [];
            byte* entry;
            while ((entry = Directories.ReadDirectory(directory)) != null)
            {
                if (entry[Directories.DirentTypeOffset] == Directories.DT_DIR && FdTable.TryParseNumber(entry + Directories.DirentNameOffset, out int pid))
                    pids.Add(pid);
            }
        }
        pids.Sort();
        return [.. pids];
    }

    /// <summary>ROOT/PID/fd, NUL-terminated.</summary>
    private static byte[] FdPath(byte[] rootBytes, int pid)
    {
        Span<byte> path = stackalloc byte[rootBytes.Length + 32];
        rootBytes.CopyTo(path);
        int length = rootBytes.Length;
        path[length++] = (byte)'/';
        pid.TryFormat(path[length..], out int written, provider: CultureInfo.InvariantCulture);
        length += written;
        "/fd\0"u8.CopyTo(path[length..]);
        return path[..(length + 4)].ToArray();
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
}
