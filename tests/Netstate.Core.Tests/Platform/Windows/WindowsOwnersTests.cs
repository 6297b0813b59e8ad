using System.Text;
using Netstate.Core.Model;
using Netstate.Core.Owners;
using Netstate.Core.Platform.Windows;

namespace Netstate.Core.Tests;

/// <summary>Owners from the owner-PID tables: every PID kept, names read once per process, a refused name counted.</summary>
public sealed class WindowsOwnersTests
{
    [Fact]
    public void Each_row_gets_its_process_named_once_and_pid_zero_gets_no_owner()
    {
        byte[] tcp = new OwnerPidTableBytes()
            .Tcp4(2, "0.0.0.0", 80, "0.0.0.0", 0, 500)
            .Tcp4(5, "127.0.0.1", 80, "127.0.0.1", 50000, 500)
            .Tcp4(11, "127.0.0.1", 50001, "127.0.0.1", 80, 0)
            .Tcp4(2, "0.0.0.0", 445, "0.0.0.0", 0, 4)
            .ToArray();
        var entries = new List<SocketEntry>();
        var pids = new List<uint>();
        OwnerPidTable.Parse(tcp, SocketTables.Tcp4, TcpStateSet.All, entries, pids, []);
        var lookups = new List<uint>();

        OwnerMap owners = WindowsOwners.Build(entries, pids, pid =>
        {
            lookups.Add(pid);
            return pid == 500 ? (@"C:\Program Files\nginx\nginx.exe", WindowsProcesses.Outcome.Found) : (null, WindowsProcesses.Outcome.Denied);
        });

        Assert.Equal([4u, 500u], lookups.Order());
        Assert.Equal("nginx.exe", Encoding.UTF8.GetString(owners.First(entries[0].Inode)!.Value.Process.ProgramName));
        Assert.Equal(500, owners.First(entries[1].Inode)!.Value.Process.Pid);
        Assert.Null(owners.First(entries[2].Inode));
        SocketOwner system = owners.First(entries[3].Inode)!.Value;
        Assert.Equal(4, system.Process.Pid);
        Assert.Empty(system.Process.ProgramName);
        Assert.Equal(["4"], owners.Hidden);
        Assert.True(owners.SawAnyProcess);
        Assert.Equal(-1, system.Fd);
    }

    [Fact]
    public void Services_are_looked_up_only_when_asked_and_a_process_that_cannot_be_opened_still_has_them()
    {
        byte[] tcp = new OwnerPidTableBytes()
            .Tcp4(2, "0.0.0.0", 135, "0.0.0.0", 0, 1060)
            .Tcp4(2, "0.0.0.0", 53, "0.0.0.0", 0, 2200)
            .ToArray();
        var entries = new List<SocketEntry>();
        var pids = new List<uint>();
        OwnerPidTable.Parse(tcp, SocketTables.Tcp4, TcpStateSet.All, entries, pids, []);
        var asked = new List<uint>();

        OwnerMap owners = WindowsOwners.Build(entries, pids,
            pid => pid == 1060 ? (@"C:\Windows\System32\svchost.exe", WindowsProcesses.Outcome.Found) : (null, WindowsProcesses.Outcome.Denied),
            pid =>
            {
                asked.Add(pid);
                return pid == 1060 ? ["RpcEptMapper", "RpcSs"] : ["Dnscache"];
            });

        Assert.Empty(asked);
        Assert.Equal(["RpcEptMapper", "RpcSs"], owners.First(entries[0].Inode)!.Value.Process.Services);
        Assert.Equal(["Dnscache"], owners.First(entries[1].Inode)!.Value.Process.Services);
        _ = owners.First(entries[0].Inode)!.Value.Process.Services;
        Assert.Equal([1060u, 2200u], asked);
        Assert.Equal(["2200"], owners.Hidden);
    }

    [Fact]
    public void Two_udp_sockets_sharing_an_endpoint_keep_their_own_owners_in_every_read()
    {
        byte[] udp = new OwnerPidTableBytes().Udp4("0.0.0.0", 5353, 900).Udp4("0.0.0.0", 5353, 700).ToArray();
        var entries = new List<SocketEntry>();
        var pids = new List<uint>();
        OwnerPidTable.Parse(udp, SocketTables.Udp4, TcpStateSet.All, entries, pids, []);

        OwnerMap owners = WindowsOwners.Build(entries, pids, pid => ($@"C:\p{pid}.exe", WindowsProcesses.Outcome.Found));

        var again = new List<SocketEntry>();
        OwnerPidTable.Parse(udp, SocketTables.Udp4, TcpStateSet.All, again, [], []);
        Assert.NotEqual(entries[0].Inode, entries[1].Inode);
        Assert.Equal(entries.Select(e => e.Inode), again.Select(e => e.Inode));
        Assert.Equal(900, owners.First(entries[0].Inode)!.Value.Process.Pid);
        Assert.Equal(700, owners.First(entries[1].Inode)!.Value.Process.Pid);
    }

    [Theory]
    [InlineData(@"C:\Windows\System32\svchost.exe", "svchost.exe")]
    [InlineData(@"\Device\HarddiskVolume3\Tools\a.exe", "a.exe")]
    [InlineData("plain.exe", "plain.exe")]
    public void A_path_is_cut_to_its_file_name(string path, string name) => Assert.Equal(name, WindowsProcesses.FileName(path));
}
