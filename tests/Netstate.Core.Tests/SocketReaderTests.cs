using System.Net;
using System.Net.Sockets;
using Netstate.Core.Model;
using Netstate.Core.Owners;
using Netstate.Core.Platform;
using Netstate.Core.Sources;

namespace Netstate.Core.Tests;

/// <summary>The entry point: one call gives the sockets of this machine with their owners, under a source policy.</summary>
public sealed class SocketReaderTests
{
    [Theory]
    [InlineData(null)]
    [InlineData(SourcePolicy.Auto)]
    [InlineData(SourcePolicy.Netlink)]
    [InlineData(SourcePolicy.Proc)]
    public void Reads_a_listener_and_a_connection_this_test_opens_with_this_process_as_their_owner(SourcePolicy? policy)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(listener.LocalEndPoint!);
        using Socket served = listener.Accept();
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        int clientPort = ((IPEndPoint)client.LocalEndPoint!).Port;

        Snapshot snapshot = SocketReader.Read(new SocketReadOptions { Tables = SocketTables.Tcp4, Owners = true, Source = policy });

        SocketEntry listening = Assert.Single(snapshot.Entries, e => e.Local.Port == port && e.TcpState == TcpState.Listen);
        SocketEntry connected = Assert.Single(snapshot.Entries, e => e.Local.Port == clientPort && e.Remote.Port == port);
        Assert.Equal(TcpState.Established, connected.TcpState);
        Assert.Equal(LiveSockets.InodeOf(listener), listening.Inode);
        Assert.Equal(LiveSockets.InodeOf(client), connected.Inode);
        Assert.NotNull(snapshot.Owners);
        foreach (SocketEntry entry in new[] { listening, connected })
        {
            SocketOwner owner = Assert.IsType<SocketOwner>(snapshot.Owners.First(entry.Inode));
            Assert.Equal(Environment.ProcessId, owner.Process.Pid);
        }
        Assert.All(snapshot.Entries, e => Assert.Equal(Protocol.Tcp, e.Protocol));
        Assert.All(snapshot.Entries, e => Assert.Equal(Family.Inet, e.Family));
    }

    [Fact]
    public void Without_owners_there_is_no_owner_map_and_the_states_asked_for_are_the_only_ones_returned()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(listener.LocalEndPoint!);
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;

        Snapshot snapshot = SocketReader.Read(new SocketReadOptions { Tables = SocketTables.Tcp4, States = TcpStateSet.Of(TcpState.Listen) });

        Assert.Null(snapshot.Owners);
        Assert.Contains(snapshot.Entries, e => e.Local.Port == port);
        Assert.All(snapshot.Entries, e => Assert.Equal(TcpState.Listen, e.TcpState));
    }

    [Fact]
    public void The_live_system_is_read_over_netlink_by_default()
    {
        using SocketReader reader = SocketReader.Open(new SocketReadOptions { Tables = SocketTables.Tcp4 });

        Snapshot snapshot = reader.Read();

        Assert.Equal(SourcePolicy.Auto, reader.Source);
        Assert.Equal("auto", reader.SourceName);
        Assert.Contains(new SourceNote(SourceNoteKind.Served, "tcp4: read over netlink sock_diag"), snapshot.Notes);
    }

    [Fact]
    public void Auto_joins_what_only_proc_has_onto_the_netlink_read()
    {
        // netstat's unix RefCnt exists only in /proc/net/unix: auto reads the sockets over netlink (exact
        // paths, uids, queues) and joins RefCnt from /proc by inode, and says so.
        Snapshot snapshot = SocketReader.Read(new SocketReadOptions { Tables = SocketTables.Unix, Details = SocketDetail.UnixRefCount });

        SourceNote[] served = [.. snapshot.Notes.Where(n => n.Kind == SourceNoteKind.Served)];
        Assert.Equal(["unix: read over netlink sock_diag", "unix: RefCnt joined from /proc/net/unix by inode"], served.Select(n => n.Message));
        Assert.Contains(snapshot.Entries, e => e.Unix?.RefCount is not null);
    }

    [Fact]
    public void Netlink_does_not_fall_back_to_proc()
    {
        Snapshot snapshot = SocketReader.Read(new SocketReadOptions { Tables = SocketTables.Unix, Details = SocketDetail.UnixRefCount, Source = SourcePolicy.Netlink });

        SourceNote served = Assert.Single(snapshot.Notes, n => n.Kind == SourceNoteKind.Served);
        Assert.Equal("unix: read over netlink sock_diag", served.Message);
    }

    [Fact]
    public void A_replayed_proc_tree_is_read_from_its_files_alone()
    {
        string root = Fixture.PathOf("proc-basic");
        using SocketReader reader = SocketReader.Open(new SocketReadOptions { ProcRoot = root });

        Snapshot snapshot = reader.Read();

        // Netlink would answer for the running kernel, not for the captured tree.
        Assert.Equal(SourcePolicy.Proc, reader.Source);
        Assert.Equal(21 + 5 + 2 + 2 + 1 + 1 + 13, snapshot.Entries.Count);
        Assert.Equal($"tcp4: read from {root}/net/tcp (--source proc)", snapshot.Notes[0].Message);
    }

    [Fact]
    public void A_proc_root_that_does_not_exist_is_reported_not_read_as_empty()
    {
        const string Missing = "/nonexistent/netstate-core-tests/proc";

        var error = Assert.Throws<PlatformUnavailableException>(() => SocketReader.Read(new SocketReadOptions { ProcRoot = Missing }));

        Assert.Equal($"{Missing}/net does not exist", error.Message);
        Assert.NotNull(error.Hint);
    }

    [Fact]
    public void A_proc_root_without_socket_tables_is_reported()
    {
        using TempDirectory temp = Fixture.CreateTempDirectory();

        var error = Assert.Throws<PlatformUnavailableException>(() => SocketReader.Read(new SocketReadOptions { ProcRoot = temp.Path }));

        Assert.Equal($"{temp.Path}/net does not exist", error.Message);
    }

    [Fact]
    public void The_options_are_an_immutable_record_whose_query_carries_tables_states_and_details()
    {
        var options = new SocketReadOptions { Tables = SocketTables.Udp, States = TcpStateSet.Of(TcpState.Listen), Details = SocketDetail.Memory };
        SocketReadOptions withOwners = options with { Owners = true };

        Assert.False(options.Owners);
        Assert.True(withOwners.Owners);
        Assert.Equal(new SocketQuery(SocketTables.Udp) { TcpStates = TcpStateSet.Of(TcpState.Listen), Details = SocketDetail.Memory }, options.Query);
        Assert.Equal(SocketTables.All, new SocketReadOptions().Tables);
        Assert.Null(new SocketReadOptions().Source);
    }
}
