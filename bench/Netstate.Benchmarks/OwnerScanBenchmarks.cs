using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using BenchmarkDotNet.Attributes;
using Netstate.Benchmarks.Synthetic;
using Netstate.Core.Owners;
using Netstate.Core.Platform.Linux;
using Netstate.Core.Platform.Linux.Owners;
using Netstate.Core.Platform.Linux.Sources;

namespace Netstate.Benchmarks;

/// <summary>
/// ProcessOwnerScanner.Scan on this machine's /proc, beside two floors with the same system calls
/// (see <see cref="FdWalk"/>). What it costs depends on how many processes and descriptors exist at
/// the moment, so setup and cleanup print both counts (look for "// live /proc").
/// </summary>
[MemoryDiagnoser]
[BenchJob]
public class OwnerScanLiveBenchmarks
{
    private readonly ProcRoot _root = new(ProcRoot.DefaultPath);

    [GlobalSetup]
    public void Setup() => Console.WriteLine("// live /proc at setup: " + FdWalk.Describe(FdWalk.Count(ProcRoot.DefaultPath)));

    [GlobalCleanup]
    public void Cleanup() => Console.WriteLine("// live /proc at cleanup: " + FdWalk.Describe(FdWalk.Count(ProcRoot.DefaultPath)));

    [Benchmark(Baseline = true)]
    public OwnerMap ScanLiveProc() => ProcessOwnerScanner.Scan(_root);

    /// <summary>Floor 1: opendir/readdir (getdents) on every /proc/PID/fd, nothing else.</summary>
    [Benchmark]
    public int EnumerateOnly() => FdWalk.Walk(ProcRoot.DefaultPath, readLinks: false).Fds;

    /// <summary>Floor 2: the listing plus one readlinkat per fd and the "socket:[" test; no map.</summary>
    [Benchmark]
    public int ReadlinkOnly() => FdWalk.Walk(ProcRoot.DefaultPath, readLinks: true).Sockets;

    /// <summary>Floor 2 spread over the cores (one process per task), which the scanner does only from 256 processes up.</summary>
    [Benchmark]
    public int ReadlinkOnlyParallel() => FdWalk.Walk(ProcRoot.DefaultPath, readLinks: true, forceParallel: true).Sockets;
}

/// <summary>
/// ProcessOwnerScanner.Scan on a fake proc tree of 200,000 socket fds over 10 processes (real
/// symlinks reading "socket:[N]", on tmpfs), beside two floors measured on the same tree with the
/// scanner's own system calls: listing the fd directories only, and listing plus readlinkat.
/// Scan minus ReadlinkOnly is the managed cost of building the map.
/// </summary>
[MemoryDiagnoser]
[BenchJob]
public class OwnerScanSyntheticBenchmarks
{
    private FakeProcTree? _tree;
    private ProcRoot? _root;

    [Params(10)]
    public int Processes { get; set; }

    [Params(20_000)]
    public int SocketsPerProcess { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        long start = Environment.TickCount64;
        _tree = new FakeProcTree(Processes, SocketsPerProcess);
        _root = new ProcRoot(_tree.Root);
        OwnerMap map = ProcessOwnerScanner.Scan(_root);
        Check.Parsed(map.Count, _tree.Sockets, $"fake proc tree {_tree.Root} (built in {Environment.TickCount64 - start} ms)");
        Console.WriteLine("// fake proc: " + FdWalk.Describe(FdWalk.Count(_tree.Root)));
    }

    [GlobalCleanup]
    public void Cleanup() => _tree?.Dispose();

    [Benchmark(Baseline = true)]
    public OwnerMap Scan() => ProcessOwnerScanner.Scan(_root!);

    /// <summary>Floor 1: opendir/readdir (getdents) on every fd directory, nothing else.</summary>
    [Benchmark]
    public int EnumerateOnly() => FdWalk.Walk(_root!.Path, readLinks: false).Fds;

    /// <summary>Floor 2: the listing plus one readlinkat per fd and the "socket:[" test; no map.</summary>
    [Benchmark]
    public int ReadlinkOnly() => FdWalk.Walk(_root!.Path, readLinks: true).Sockets;

    /// <summary>Floor 2 spread over the cores (one process per task), which the scanner does only from 256 processes up.</summary>
    [Benchmark]
    public int ReadlinkOnlyParallel() => FdWalk.Walk(_root!.Path, readLinks: true, forceParallel: true).Sockets;
}

/// <summary>
/// A minimal /proc/*/fd walk with the system calls the scanner makes (opendir/readdir, readlinkat),
/// sequential below 256 processes and parallel above, as the scanner is: for counts and for floors.
/// </summary>
internal static unsafe partial class FdWalk
{
    private const int ParallelThreshold = 256;
    private const int DirentTypeOffset = 18; // glibc struct dirent on 64-bit Linux
    private const int DirentNameOffset = 19;
    private const byte DT_DIR = 4;

    internal readonly record struct Counts(int Processes, int Fds, int Sockets, int Unreadable);

    public static Counts Count(string procPath) => Walk(procPath, readLinks: true);

    public static string Describe(Counts counts) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{counts.Processes} processes, {counts.Fds} fds, {counts.Sockets} socket fds, {counts.Unreadable} fd directories unreadable");

    public static Counts Walk(string procPath, bool readLinks, bool forceParallel = false)
    {
        List<string> pids = [];
        nint proc = OpenDirectory(procPath);
        if (proc == 0)
            throw new DirectoryNotFoundException(procPath);
        byte* entry;
        while ((entry = ReadDirectory(proc)) != null)
        {
            string name = Marshal.PtrToStringUTF8((nint)(entry + DirentNameOffset))!;
            if (entry[DirentTypeOffset] == DT_DIR && name.Length > 0 && name.All(char.IsAsciiDigit))
                pids.Add(name);
        }
        _ = CloseDirectory(proc);

        int fds = 0, sockets = 0, unreadable = 0;
        void One(string pid)
        {
            (int f, int s, bool hidden) = WalkProcess(procPath + "/" + pid + "/fd", readLinks);
            Interlocked.Add(ref fds, f);
            Interlocked.Add(ref sockets, s);
            if (hidden)
                Interlocked.Increment(ref unreadable);
        }
        if (pids.Count < ParallelThreshold && !forceParallel)
            pids.ForEach(One);
        else
        {
            // One process per task: the few processes that hold most sockets are often adjacent
            // pids, and chunked partitioning would hand them all to one thread.
            Parallel.ForEach(Partitioner.Create(pids, EnumerablePartitionerOptions.NoBuffering),
                new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, One);
        }
        return new Counts(pids.Count, fds, sockets, unreadable);
    }

    private static (int Fds, int Sockets, bool Hidden) WalkProcess(string fdDirectory, bool readLinks)
    {
        nint directory = OpenDirectory(fdDirectory);
        if (directory == 0)
            return (0, 0, Marshal.GetLastPInvokeError() is 1 or 13); // EPERM, EACCES; else it exited
        int fds = 0, sockets = 0;
        int directoryFd = DirectoryDescriptor(directory);
        byte* target = stackalloc byte[64];
        byte* entry;
        while ((entry = ReadDirectory(directory)) != null)
        {
            byte* name = entry + DirentNameOffset;
            if (*name == (byte)'.')
                continue;
            fds++;
            if (!readLinks)
                continue;
            nint read = ReadLinkAt(directoryFd, name, target, 64);
            if (read > 0 && new ReadOnlySpan<byte>(target, (int)read).StartsWith("socket:["u8))
                sockets++;
        }
        _ = CloseDirectory(directory);
        return (fds, sockets, false);
    }

    private static nint OpenDirectory(string path)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes)
            return OpenDirectory(p);
    }

    [LibraryImport("libc", EntryPoint = "opendir", SetLastError = true)]
    private static partial nint OpenDirectory(byte* path);

    [LibraryImport("libc", EntryPoint = "readdir")]
    private static partial byte* ReadDirectory(nint directory);

    [LibraryImport("libc", EntryPoint = "dirfd")]
    private static partial int DirectoryDescriptor(nint directory);

    [LibraryImport("libc", EntryPoint = "closedir")]
    private static partial int CloseDirectory(nint directory);

    [LibraryImport("libc", EntryPoint = "readlinkat", SetLastError = true)]
    private static partial nint ReadLinkAt(int directoryFd, byte* name, byte* buffer, nint size);
}
