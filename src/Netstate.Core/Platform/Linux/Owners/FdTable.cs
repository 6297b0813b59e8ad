using System.Globalization;
using System.Runtime.InteropServices;
using Netstate.Core.Platform.Linux.Interop;

namespace Netstate.Core.Platform.Linux.Owners;

/// <summary>
/// One process's open /proc/PID/fd during an owner scan. Descriptor tables are dense (the kernel
/// hands out the lowest free number), and since Linux 6.2 the directory's size is the number of
/// open descriptors, so the scan probes numbers 0..size-1 directly, in <see cref="FdProbeItem"/>s
/// that may run on different cores, without listing the directory. A listing (getdents, which
/// costs about half a probe per entry) is needed only for what the numbers did not cover: the
/// descriptors above the size when there were gaps below it, or everything when too many numbers
/// were missing, the kernel does not report the size, or the tree is a recorded copy.
/// </summary>
internal sealed unsafe class FdTable : IDisposable
{
    /// <summary>A number item gives up, and the table is listed instead, after more misses than this share of its numbers.</summary>
    private const int MissShare = 8;

    private readonly DirectoryStreamHandle _handle;
    private readonly int _directoryFd;
    private int _hits;
    private volatile bool _hidden;
    private volatile bool _sparse;

    private FdTable(int pid, DirectoryStreamHandle handle, int count, bool live)
    {
        Pid = pid;
        _handle = handle;
        _directoryFd = Directories.DirectoryDescriptor(handle);
        Count = count;
        Live = live;
    }

    public int Pid { get; }

    /// <summary>Open descriptors as the directory's size reported them; 0 when unknown (before Linux 6.2, or a recorded tree).</summary>
    public int Count { get; }

    /// <summary>The live procfs: descriptors are probed with statx; otherwise by their link text.</summary>
    public bool Live { get; }

    /// <summary>A descriptor could not be looked at for lack of permission: the process's sockets are hidden.</summary>
    public bool Hidden => _hidden;

    /// <summary>The items of this table, number items first, then listed ones; the scanner adds them.</summary>
    public List<FdProbeItem> Items { get; } = [];

    /// <summary>
    /// Opens <paramref name="nulTerminatedPath"/> (a /proc/PID/fd) and reads its size when
    /// <paramref name="live"/>; null when the process has exited, or hides its descriptors
    /// (<paramref name="hidden"/> set).
    /// </summary>
    public static FdTable? Open(ReadOnlySpan<byte> nulTerminatedPath, int pid, bool live, bool trustCount, out bool hidden)
    {
        hidden = false;
        DirectoryStreamHandle handle;
        fixed (byte* path = nulTerminatedPath)
            handle = Directories.OpenDirectory(path);
        if (handle.IsInvalid)
        {
            int errno = Marshal.GetLastPInvokeError();
            hidden = errno is Errno.EACCES or Errno.EPERM;
            handle.Dispose();
            return null; // hidden, or the process exited mid-scan
        }
        int count = live && trustCount ? DescriptorProbe.OpenCount(Directories.DirectoryDescriptor(handle)) : 0;
        return new FdTable(pid, handle, count, live);
    }

    /// <summary>Number items of at most <paramref name="perItem"/> descriptors covering 0..Count-1.</summary>
    public void AddNumberItems(int perItem)
    {
        for (int start = 0; start < Count; start += perItem)
            Items.Add(new FdProbeItem(this, start, Math.Min(Count, start + perItem), listed: null));
    }

    /// <summary>
    /// Whether the number items left descriptors unseen: fewer found than counted (gaps, so some
    /// lie above Count), an item gave up, or there was no count to go by.
    /// </summary>
    public bool NeedsListing => !_hidden && (Count == 0 || _sparse || Volatile.Read(ref _hits) < Count);

    /// <summary>
    /// The descriptors the number items did not probe, in ascending order. When every number below
    /// Count was probed, the listing starts at Count (a /proc/PID/fd position is the fd plus 2);
    /// otherwise it is whole and skips what was probed.
    /// </summary>
    public List<int> ListUnprobed()
    {
        var fds = new List<int>();
        bool whole = Count == 0 || Items.Exists(item => item.Reached < item.End);
        if (!whole)
            Directories.SeekDirectory(_handle, Count + 2);
        byte* entry;
        while ((entry = Directories.ReadDirectory(_handle)) != null)
        {
            if (TryParseNumber(entry + Directories.DirentNameOffset, out int fd) && (!whole || !WasProbed(fd)))
                fds.Add(fd); // not "." and ".."
        }
        return fds;
    }

    private bool WasProbed(int fd)
    {
        foreach (FdProbeItem item in Items)
        {
            if (item.Listed is null && fd >= item.Start && fd < item.Reached)
                return true;
        }
        return false;
    }

    /// <summary>
    /// Probes descriptor numbers [start, end) and returns the sockets among them (null when none), and
    /// how far it got: it stops early when the table turns out hidden, or sparse (more than one
    /// number in <see cref="MissShare"/> missing, here or in another item of this table).
    /// </summary>
    internal List<(ulong Inode, int Fd)>? ProbeNumbers(int start, int end, out int reached)
    {
        List<(ulong, int)>? sockets = null;
        int allowedMisses = (end - start) / MissShare;
        int misses = 0;
        int hits = 0;
        int fd = start;
        for (; fd < end && !_hidden && !_sparse; fd++)
        {
            DescriptorKind kind = Probe(fd, out ulong inode);
            if (kind == DescriptorKind.Missing)
            {
                if (++misses > allowedMisses)
                {
                    _sparse = true;
                    fd++;
                    break;
                }
                continue;
            }
            if (kind == DescriptorKind.Denied)
            {
                _hidden = true;
                break;
            }
            hits++;
            if (kind == DescriptorKind.Socket)
                (sockets ??= []).Add((inode, fd));
        }
        Interlocked.Add(ref _hits, hits);
        reached = fd;
        return sockets;
    }

    /// <summary>Probes listed descriptors [start, end) of <paramref name="fds"/>; the sockets among them, null when none.</summary>
    internal List<(ulong Inode, int Fd)>? ProbeListed(List<int> fds, int start, int end)
    {
        List<(ulong, int)>? sockets = null;
        for (int i = start; i < end && !_hidden; i++)
        {
            DescriptorKind kind = Probe(fds[i], out ulong inode);
            if (kind == DescriptorKind.Denied)
                _hidden = true;
            else if (kind == DescriptorKind.Socket)
                (sockets ??= []).Add((inode, fds[i]));
            // Missing: closed since it was listed.
        }
        return sockets;
    }

    private DescriptorKind Probe(int fd, out ulong inode) =>
        Live ? DescriptorProbe.Probe(_directoryFd, fd, out inode) : DescriptorProbe.ProbeLink(_directoryFd, fd, out inode);

    /// <summary>Every socket the items found, in ascending fd order.</summary>
    public List<(ulong Inode, int Fd)>? Sockets()
    {
        List<(ulong, int)>? sockets = null;
        bool listed = false;
        foreach (FdProbeItem item in Items)
        {
            if (item.Found is { } some)
            {
                (sockets ??= new List<(ulong, int)>(some.Count)).AddRange(some);
                listed |= item.Listed is not null;
            }
        }
        // A whole listing may interleave with what the numbers found.
        if (listed && sockets!.Count > 1)
            sockets.Sort(static (a, b) => a.Item2.CompareTo(b.Item2));
        return sockets;
    }

    public void Dispose() => _handle.Dispose();

    /// <summary>A NUL-terminated run of ASCII digits as an int; false for anything else.</summary>
    internal static bool TryParseNumber(byte* text, out int value)
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

    public override string ToString() => Pid.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Part of one process's descriptors, read by one core: the numbers [Start, End) of a dense table,
/// or entries [Start, End) of its listing.
/// </summary>
internal sealed class FdProbeItem(FdTable table, int start, int end, List<int>? listed)
{
    public FdTable Table { get; } = table;

    public int Start { get; } = start;

    public int End { get; } = end;

    /// <summary>The listed descriptors this item indexes into; null for a number item.</summary>
    public List<int>? Listed { get; } = listed;

    /// <summary>For a number item, the first number not probed (End when it went through).</summary>
    public int Reached { get; private set; }

    /// <summary>The sockets found, in ascending fd order; null when none.</summary>
    public List<(ulong Inode, int Fd)>? Found { get; private set; }

    public void Run()
    {
        if (Listed is null)
        {
            Found = Table.ProbeNumbers(Start, End, out int reached);
            Reached = reached;
        }
        else
        {
            Found = Table.ProbeListed(Listed, Start, End);
            Reached = End;
        }
    }
}
