using System.Text;
using Netstate.Core.Owners;
using Netstate.Core.Platform.Linux;
using Netstate.Core.Platform.Linux.Interop;
using Netstate.Core.Platform.Linux.Owners;

namespace Netstate.Core.Tests;

/// <summary>
/// The owner scan's descriptor probes against the kernel's own word (readlink of /proc/PID/fd/N),
/// on a live process with sockets, pipes, files, an on-disk socket file held with O_PATH, and gaps
/// in its descriptor numbers.
/// </summary>
public sealed unsafe class DescriptorProbeTests
{
    [Fact]
    public void Probe_finds_exactly_the_sockets_with_the_inodes_readlink_shows()
    {
        using var holder = new DescriptorHolder();
        Dictionary<int, string> links = holder.Links();
        Assert.Contains(links.Values, l => l.StartsWith("pipe:[", StringComparison.Ordinal));
        Assert.Contains(links.Values, l => l.EndsWith("/file", StringComparison.Ordinal));
        Assert.Contains(links.Values, l => l.EndsWith("/sock", StringComparison.Ordinal)); // S_IFSOCK on disk
        int directory = OpenDirectory(holder.FdDirectory);
        try
        {
            foreach ((int fd, string link) in links)
            {
                ulong expected = DescriptorProbe.ParseSocketInode(Encoding.ASCII.GetBytes(link));
                Assert.Equal((expected != 0 ? DescriptorKind.Socket : DescriptorKind.Other, expected), (DescriptorProbe.Probe(directory, fd, out ulong inode), inode));
                Assert.Equal((expected != 0 ? DescriptorKind.Socket : DescriptorKind.Other, expected), (DescriptorProbe.ProbeLink(directory, fd, out inode), inode));
            }
            Assert.False(links.ContainsKey(899));
            Assert.Equal(DescriptorKind.Missing, DescriptorProbe.Probe(directory, 899, out _));
            Assert.NotEqual(0UL, DescriptorProbe.SocketDevice);
        }
        finally
        {
            Libc.Close(directory);
        }
    }

    [Fact]
    public void The_size_of_a_live_fd_directory_is_its_descriptor_count_from_Linux_6_2()
    {
        using var holder = new DescriptorHolder();
        int count = holder.Links().Count;
        using FdTable table = OpenTable(holder, trustCount: true);

        Assert.True(DescriptorProbe.IsProcFileSystem("/proc"));
        Assert.Equal(Environment.OSVersion.Version >= new Version(6, 2) ? count : 0, table.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Numbers_then_a_listing_find_every_socket_once(bool sparse)
    {
        using var holder = new DescriptorHolder(sparse);
        List<(ulong Inode, int Fd)> expected = holder.SocketsByLink();
        using FdTable table = OpenTable(holder, trustCount: true);
        bool counted = table.Count > 0; // Linux 6.2 and later: else everything is listed

        table.AddNumberItems(ProcessOwnerScanner.FdsPerItem);
        foreach (FdProbeItem item in table.Items.ToArray())
            item.Run();
        // fd 900 lies above the table's size, so a listing is always needed: from the size on when the
        // numbers below it were nearly all there, whole (skipping what was probed) when they were not.
        Assert.True(table.NeedsListing);
        Assert.Equal(sparse && counted, table.Items.Exists(i => i.Reached < i.End));
        List<int> rest = table.ListUnprobed();
        Assert.Contains(900, rest);
        if (!sparse && counted)
            Assert.All(rest, fd => Assert.True(fd >= table.Count));
        Assert.All(rest, fd => Assert.DoesNotContain(table.Items, i => fd >= i.Start && fd < i.Reached));
        table.Items.Add(new FdProbeItem(table, 0, rest.Count, rest));
        table.Items[^1].Run();

        Assert.Equal(expected, table.Sockets());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Scans_by_numbers_and_by_listing_agree_with_readlink(bool sparse)
    {
        using var holder = new DescriptorHolder(sparse);
        List<(ulong Inode, int Fd)> expected = holder.SocketsByLink();
        ulong onDisk = InodeOf(Path.GetDirectoryName(holder.Links().Values.First(l => l.EndsWith("/sock", StringComparison.Ordinal)))! + "/sock");

        foreach (bool trustCounts in new[] { true, false })
        {
            OwnerMap owners = ProcessOwnerScanner.Scan(new ProcRoot(ProcRoot.DefaultPath), trustCounts);

            var found = new List<(ulong, int)>();
            foreach (ulong inode in expected.Select(s => s.Inode).Distinct())
            {
                foreach (SocketOwner owner in owners.Get(inode))
                {
                    if (owner.Process.Pid == holder.Pid)
                        found.Add((inode, owner.Fd));
                }
            }
            Assert.Equal(expected.OrderBy(s => s.Inode).ThenBy(s => s.Fd), found);
            Assert.DoesNotContain(Holders(owners, onDisk), o => o.Process.Pid == holder.Pid);
        }
    }

    [Fact]
    public void A_process_that_exits_mid_scan_leaves_no_sockets_and_no_error()
    {
        using var holder = new DescriptorHolder();
        using FdTable table = OpenTable(holder, trustCount: true);
        table.AddNumberItems(4);

        holder.Kill();
        foreach (FdProbeItem item in table.Items.ToArray())
            item.Run();
        List<int> rest = table.NeedsListing ? table.ListUnprobed() : [];

        Assert.False(table.Hidden);
        Assert.Empty(rest);
        Assert.Null(table.Sockets());
    }

    [Fact]
    public void Scans_while_processes_open_close_and_exit_keep_finding_a_steady_socket()
    {
        // A child that keeps forking short-lived grandchildren, each opening sockets and exiting,
        // and closing and reopening sockets itself, while the scans run.
        const string Churn = """
            import os, socket, sys, time
            end = time.time() + 300
            while time.time() < end:
                held = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(50)]
                pid = os.fork()
                if pid == 0:
                    more = [socket.socket() for _ in range(50)]
                    os._exit(0)
                for s in held:
                    s.close()
                os.waitpid(pid, 0)
            """;
        using var steady = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        ulong inode = LiveSockets.InodeOf(steady);
        int fd = LiveSockets.DescriptorOf(steady);
        using var churn = System.Diagnostics.Process.Start("python3", ["-c", Churn]);
        try
        {
            for (int i = 0; i < 5; i++)
            {
                foreach (bool trustCounts in new[] { true, false })
                {
                    OwnerMap owners = ProcessOwnerScanner.Scan(new ProcRoot(ProcRoot.DefaultPath), trustCounts);
                    Assert.Contains(Holders(owners, inode), o => o.Process.Pid == Environment.ProcessId && o.Fd == fd);
                }
            }
            Assert.False(churn.HasExited); // the scans ran while it churned
        }
        finally
        {
            churn.Kill();
            churn.WaitForExit();
        }
    }

    private static FdTable OpenTable(DescriptorHolder holder, bool trustCount)
    {
        byte[] path = Encoding.ASCII.GetBytes(holder.FdDirectory + "\0");
        FdTable? table = FdTable.Open(path, holder.Pid, live: true, trustCount, out bool hidden);
        Assert.False(hidden);
        return Assert.IsType<FdTable>(table);
    }

    private static int OpenDirectory(string path)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(path + "\0");
        fixed (byte* pointer = bytes)
        {
            int directory = Libc.Open(pointer, Libc.O_RDONLY | Libc.O_CLOEXEC);
            Assert.True(directory >= 0);
            return directory;
        }
    }

    private static ulong InodeOf(string path)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(path + "\0");
        Libc.StatXResult status;
        fixed (byte* pointer = bytes)
            Assert.Equal(0, Libc.StatX(Libc.AT_FDCWD, pointer, 0, Libc.STATX_INO | Libc.STATX_TYPE, &status));
        Assert.Equal(Libc.S_IFSOCK, (ushort)(status.Mode & Libc.S_IFMT));
        return status.Inode;
    }

    private static List<SocketOwner> Holders(OwnerMap owners, ulong inode)
    {
        var list = new List<SocketOwner>();
        foreach (SocketOwner owner in owners.Get(inode))
            list.Add(owner);
        return list;
    }
}
