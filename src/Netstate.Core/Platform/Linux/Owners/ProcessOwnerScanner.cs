using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Netstate.Core.Platform.Linux.IO;
using Netstate.Core.Owners;
using Netstate.Core.Platform.Linux.Interop;

namespace Netstate.Core.Platform.Linux.Owners;

/// <summary>
/// Builds the inode-to-owner map with one pass over /proc/*/fd, spread over the cores. Processes
/// that exit mid-scan are skipped; descriptor directories we may not read are counted as hidden.
/// Per descriptor the cost is one readlinkat and no managed allocation unless it is a socket.
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

    public static OwnerMap Scan(ProcRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        byte[] rootBytes = Encoding.UTF8.GetBytes(root.Path);
        int[] pids = ListProcesses(rootBytes);
        var results = new ProcessSockets?[pids.Length];
        var hidden = new bool[pids.Length];
        if (pids.Length < 2 || Environment.ProcessorCount == 1 || OpenFiles(root) < ParallelFileThreshold)
        {
            for (int i = 0; i < pids.Length; i++)
                results[i] = ScanProcess(root, rootBytes, pids[i], out hidden[i]);
        }
        else
        {
            // One process per work item: the processes holding most sockets often have adjacent
            // pids, and handing out ranges would put them all on one core.
            Parallel.ForEach(Partitioner.Create(0, pids.Length, 1), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                range =>
                {
                    for (int i = range.Item1; i < range.Item2; i++)
                        results[i] = ScanProcess(root, rootBytes, pids[i], out hidden[i]);
                });
        }
        return Build(pids, results, hidden);
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

    /// <summary>One process's sockets; null when it holds none, has exited, or hides its descriptors.</summary>
    private static ProcessSockets? ScanProcess(ProcRoot root, byte[] rootBytes, int pid, out bool hidden)
    {
        hidden = false;
        Span<byte> path = stackalloc byte[rootBytes.Length + 32];
        rootBytes.CopyTo(path);
        int length = rootBytes.Length;
        path[length++] = (byte)'/';
        pid.TryFormat(path[length..], out int written, provider: CultureInfo.InvariantCulture);
        length += written;
        "/fd\0"u8.CopyTo(path[length..]);

        using DirectoryStreamHandle directory = Open(path);
        if (directory.IsInvalid)
        {
            int errno = Marshal.GetLastPInvokeError();
            hidden = errno is Errno.EACCES or Errno.EPERM;
            return null; // hidden, or the process exited mid-scan
        }

        int directoryFd = Directories.DirectoryDescriptor(directory);
        byte* target = stackalloc byte[64];
        List<(ulong, int)>? sockets = null;
        byte* entry;
        while ((entry = Directories.ReadDirectory(directory)) != null)
        {
            byte* name = entry + Directories.DirentNameOffset;
            if (!TryParseNumber(name, out int fd))
                continue; // "." and ".."
            nint read = Directories.ReadLinkAt(directoryFd, name, target, 64);
            if (read <= 0)
            {
                // The directory may be listable while its links are not (PID 1 in some
                // containers, even for root): that hides the process's sockets just the same.
                if (Marshal.GetLastPInvokeError() is Errno.EACCES or Errno.EPERM)
                {
                    hidden = true;
                    return null;
                }
                continue; // closed since readdir listed it
            }
            ulong inode = ParseSocketInode(new ReadOnlySpan<byte>(target, (int)read));
            if (inode != 0)
                (sockets ??= []).Add((inode, fd));
        }
        if (sockets is null)
            return null;
        ProcessInfo? process = ReadProcessInfo(root.ProcessDirectory(pid), pid);
        return process is null ? null : new ProcessSockets(process, sockets);
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
