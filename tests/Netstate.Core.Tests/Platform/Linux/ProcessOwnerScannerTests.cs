using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Netstate.Core.Owners;
using Netstate.Core.Platform.Linux;
using Netstate.Core.Platform.Linux.Owners;

namespace Netstate.Core.Tests;

public sealed class ProcessOwnerScannerTests
{
    [Theory]
    [InlineData("socket:[123]", 123UL)]
    [InlineData("socket:[0]", 0UL)]
    [InlineData("socket:[18446744073709551615]", ulong.MaxValue)]
    [InlineData("[0000]:123", 123UL)]
    [InlineData("[0000]:", 0UL)]
    [InlineData("pipe:[1]", 0UL)]
    [InlineData("anon_inode:[eventpoll]", 0UL)]
    [InlineData("/dev/null", 0UL)]
    [InlineData("socket:[]", 0UL)]
    [InlineData("socket:[123", 0UL)]
    [InlineData("socket:[12a]", 0UL)]
    [InlineData("socket:[-1]", 0UL)]
    [InlineData("socket:[18446744073709551616]", 0UL)]
    [InlineData("socket:123]", 0UL)]
    [InlineData("garbage", 0UL)]
    [InlineData("", 0UL)]
    public void ParseSocketInode_reads_only_socket_links(string link, ulong inode) =>
        Assert.Equal(inode, DescriptorProbe.ParseSocketInode(Encoding.ASCII.GetBytes(link)));

    [Theory]
    [InlineData("/usr/sbin/sshd\0-D\0", "sshd")]
    [InlineData("/usr/bin/python3\0/home/u/x.py\0", "python3")]
    [InlineData("/bin/sh", "sh")]
    [InlineData("./bin/app\0--flag\0", "./bin/app")]
    [InlineData("bin/app\0", "bin/app")]
    [InlineData("python3\0x.py\0", "python3")]
    [InlineData("sshd: root@pts/0\0\0\0\0", "sshd: root@pts/0")]
    [InlineData("nginx: worker process\0", "nginx: worker process")]
    [InlineData("\0\0", "")]
    [InlineData("", "")]
    public void ProgramNameOf_keeps_argv0_and_shortens_only_absolute_paths(string commandLine, string name) =>
        Assert.Equal(name, Encoding.UTF8.GetString(ProcessOwnerScanner.ProgramNameOf(Encoding.UTF8.GetBytes(commandLine))));

    [Fact]
    public void Scan_of_live_proc_finds_this_process_holding_its_own_socket()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int fd = LiveSockets.DescriptorOf(socket);
        ulong inode = LiveSockets.InodeOf(socket);

        OwnerMap owners = ProcessOwnerScanner.Scan(new ProcRoot(ProcRoot.DefaultPath));

        Assert.True(owners.SawAnyProcess);
        SocketOwner owner = Assert.Single(ToList(owners, inode));
        Assert.Equal(Environment.ProcessId, owner.Process.Pid);
        Assert.Equal(fd, owner.Fd);
        Assert.Equal(owner, owners.First(inode));

        byte[] commandLine = File.ReadAllBytes("/proc/self/cmdline");
        byte[] expectedName = ProcessOwnerScanner.ProgramNameOf(commandLine.AsSpan(0, Math.Min(commandLine.Length, 511))).ToArray();
        Assert.NotEmpty(expectedName);
        Assert.Equal(expectedName, owner.Process.ProgramName);
    }

    [Fact]
    public void Scan_of_a_replayed_tree_chains_holders_lowest_pid_then_lowest_fd_first()
    {
        using TempDirectory proc = Fixture.CreateTempDirectory();
        FakeProcess(proc, 42, "sshd: root@pts/0\0\0\0", ("5", "socket:[555]"), ("0", "/dev/null"));
        FakeProcess(proc, 7, "/usr/sbin/sshd\0-D\0", ("11", "socket:[555]"), ("3", "socket:[555]"), ("4", "pipe:[9]"), ("10", "socket:[777]"));
        FakeProcess(proc, 100, "python3\0x.py\0", ("2", "socket:[555]"), ("1", "[0000]:888"), ("x", "socket:[999]"));
        FakeProcess(proc, 300, null, ("3", "socket:[999]")); // cmdline gone: it exited mid-scan
        Directory.CreateDirectory(proc.Combine("200"));      // no fd directory: it exited mid-scan
        Directory.CreateDirectory(proc.Combine("net"));
        Directory.CreateDirectory(proc.Combine("12ab/fd"));
        File.CreateSymbolicLink(proc.Combine("12ab/fd/3"), "socket:[4444]");

        OwnerMap owners = ProcessOwnerScanner.Scan(new ProcRoot(proc.Path));

        Assert.True(owners.SawAnyProcess);
        Assert.Empty(owners.Hidden);
        Assert.Equal(3, owners.Count);
        Assert.Equal([(7, 3), (7, 11), (42, 5), (100, 2)], ToList(owners, 555).Select(o => (o.Process.Pid, o.Fd)));
        Assert.Equal("sshd", owners.First(555)?.Process.ProgramNameText);
        Assert.Equal("sshd: root@pts/0", ToList(owners, 555)[2].Process.ProgramNameText);
        Assert.Equal((7, 10), ToList(owners, 777).Select(o => (o.Process.Pid, o.Fd)).Single());
        SocketOwner python = Assert.Single(ToList(owners, 888));
        Assert.Equal((100, 1, "python3"), (python.Process.Pid, python.Fd, python.Process.ProgramNameText));
        Assert.Empty(ToList(owners, 999));
        Assert.Empty(ToList(owners, 4444));
        Assert.Empty(ToList(owners, 9));
        Assert.Empty(ToList(owners, 0));
        Assert.Null(owners.First(12345));
        // One ProcessInfo per process, shared by all its sockets.
        Assert.Same(ToList(owners, 555)[0].Process, ToList(owners, 777)[0].Process);
    }

    [Fact]
    public void A_process_with_more_descriptors_than_one_work_item_has_every_socket_found_once()
    {
        // 10,000 descriptors: read in three items of at most 4,096, on more than one core when there are.
        using TempDirectory proc = Fixture.CreateTempDirectory();
        FakeProcess(proc, 500, "/usr/sbin/server\0", [.. Enumerable.Range(0, 10_000).Select(fd =>
            (fd.ToString(CultureInfo.InvariantCulture), fd % 10 == 9 ? "pipe:[1]" : $"socket:[{1_000_000 + fd}]"))]);
        FakeProcess(proc, 600, "client\0", ("3", "socket:[1000000]"));

        OwnerMap owners = ProcessOwnerScanner.Scan(new ProcRoot(proc.Path));

        Assert.Equal(9_000, owners.Count);
        for (int fd = 0; fd < 10_000; fd++)
        {
            List<SocketOwner> holders = ToList(owners, (ulong)(1_000_000 + fd));
            if (fd % 10 == 9)
            {
                Assert.Empty(holders);
                continue;
            }
            Assert.Equal((500, fd, "server"), (holders[0].Process.Pid, holders[0].Fd, holders[0].Process.ProgramNameText));
            Assert.Equal(fd == 0 ? 2 : 1, holders.Count);
        }
        Assert.Equal([(500, 0), (600, 3)], ToList(owners, 1_000_000).Select(o => (o.Process.Pid, o.Fd)));
    }

    [Fact]
    public void Scan_of_a_tree_with_no_processes_saw_nothing()
    {
        using TempDirectory proc = Fixture.CreateTempDirectory();
        Directory.CreateDirectory(proc.Combine("net"));

        OwnerMap owners = ProcessOwnerScanner.Scan(new ProcRoot(proc.Path));

        Assert.False(owners.SawAnyProcess);
        Assert.Equal(0, owners.Count);
        Assert.Empty(owners.Hidden);
    }

    private static void FakeProcess(TempDirectory proc, int pid, string? commandLine, params (string Name, string Target)[] descriptors)
    {
        string directory = proc.Combine(pid.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory + "/fd");
        if (commandLine is not null)
            File.WriteAllBytes(directory + "/cmdline", Encoding.UTF8.GetBytes(commandLine));
        foreach ((string name, string target) in descriptors)
            File.CreateSymbolicLink(directory + "/fd/" + name, target);
    }

    private static List<SocketOwner> ToList(OwnerMap owners, ulong inode)
    {
        var list = new List<SocketOwner>();
        foreach (SocketOwner owner in owners.Get(inode))
            list.Add(owner);
        return list;
    }
}
