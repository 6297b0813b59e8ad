using System.Net;
using System.Net.Sockets;
using Netstate.Core.Model;
using Netstate.Core.Platform.Linux.Names;
using Netstate.Core.Sources;

namespace Netstate.Core.Tests;

/// <summary>The one cgroup resolver: ids to paths for ss -e, paths to ids for the filter, both agreeing with what the kernel reports.</summary>
public sealed class CgroupPathsTests
{
    [Fact]
    public void The_id_the_kernel_reports_for_a_socket_of_this_process_resolves_to_this_process_cgroup_and_back()
    {
        // cgroup v2's line in /proc/self/cgroup is "0::PATH".
        string own = File.ReadAllLines("/proc/self/cgroup").Single(l => l.StartsWith("0::", StringComparison.Ordinal))[3..];
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;

        Snapshot snapshot = SocketReader.Read(new SocketReadOptions { Tables = SocketTables.Tcp4, Details = SocketDetail.Extras, Source = SourcePolicy.Netlink });
        ulong reported = Assert.Single(snapshot.Entries, e => e.Local.Port == port).Details!.CgroupId!.Value;
        var cgroups = new CgroupPaths();

        Assert.Equal(reported, cgroups.IdOf(own));
        Assert.Equal(own, cgroups.PathOf(reported));
        Assert.Null(cgroups.IdOf("/no/such/cgroup"));
    }
}
