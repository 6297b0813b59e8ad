using System.Net;
using System.Net.Sockets;
using Netstate.Core.Model;
using Netstate.Core.Sources.Linux;
using Netstate.Core.Sources.Linux.SockDiag;

namespace Netstate.Core.Tests.Model;

/// <summary>
/// The diff of real snapshots read over netlink around real changes on loopback: a connection
/// opens, data waits unread, the client closes (FIN_WAIT2 / CLOSE_WAIT), the server closes (the
/// client's socket becomes TIME_WAIT under the same cookie, the server's is gone).
/// </summary>
public sealed class SnapshotDiffLiveTests
{
    [Fact]
    public void Follows_one_connection_from_open_to_time_wait()
    {
        using var source = new LinuxSocketSource(SourceChoice.Netlink, new ProcRoot(ProcRoot.DefaultPath), new NetlinkSockDiagTransport());
        var reader = new SocketSnapshotReader(source, new ProcRoot(ProcRoot.DefaultPath));
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        ushort port = (ushort)((IPEndPoint)listener.LocalEndPoint!).Port;
        IReadOnlyList<SocketEntry> Read() =>
            reader.Read(new SocketQuery(SocketTables.Tcp4), withOwners: false).Entries
                .Where(e => e.Local.Port == port || e.Remote.Port == port).ToList();

        IReadOnlyList<SocketEntry> listening = Read();
        Assert.Equal(TcpState.Listen, Assert.Single(listening).TcpState);

        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(listener.LocalEndPoint!);
        using Socket server = listener.Accept();
        ushort clientPort = (ushort)((IPEndPoint)client.LocalEndPoint!).Port;
        IReadOnlyList<SocketEntry> connected = Read();

        SnapshotDiff opened = SnapshotDiff.Compare(listening, connected);
        Assert.Empty(opened.Removed);
        Assert.Empty(opened.Changed);
        Assert.Equal(2, opened.Added.Count);
        Assert.All(opened.Added, e => Assert.Equal(TcpState.Established, e.TcpState));
        Assert.Contains(opened.Added, e => e.Local.Port == clientPort);
        Assert.Contains(opened.Added, e => e.Local.Port == port && e.Remote.Port == clientPort);

        client.Send(new byte[100]);
        IReadOnlyList<SocketEntry> unread = WaitFor(Read, entries => entries.Any(e => e.Local.Port == port && e.RecvQueue == 100)
            && entries.All(e => e.SendQueue == 0));
        SocketChange queued = Assert.Single(SnapshotDiff.Compare(connected, unread).Changed);
        Assert.Equal(SocketChanges.RecvQueue, queued.What);
        Assert.Equal((port, 0UL, 100UL), (queued.After.Local.Port, queued.Before.RecvQueue, queued.After.RecvQueue));
        Assert.Equal(queued.Before.Cookie, queued.After.Cookie);

        client.Shutdown(SocketShutdown.Send);
        IReadOnlyList<SocketEntry> halfClosed = WaitFor(Read, entries => entries.Any(e => e.TcpState == TcpState.CloseWait) && entries.Any(e => e.TcpState == TcpState.FinWait2));
        SnapshotDiff closing = SnapshotDiff.Compare(unread, halfClosed);
        Assert.Empty(closing.Added);
        Assert.Empty(closing.Removed);
        Assert.Equal(
            [(clientPort, TcpState.Established, TcpState.FinWait2), (port, TcpState.Established, TcpState.CloseWait)],
            closing.Changed.Select(c => (Port: c.After.Local.Port, c.Before.TcpState, After: c.After.TcpState)).OrderBy(c => c.Port == port));
        Assert.All(closing.Changed, c => Assert.True(c.What.HasFlag(SocketChanges.State)));

        // Unread data would make close() send a reset instead of a FIN, and the client would skip TIME_WAIT.
        Assert.Equal(100, server.Receive(new byte[200]));
        server.Close();
        IReadOnlyList<SocketEntry> closed = WaitFor(Read, entries => entries.Any(e => e.TcpState == TcpState.TimeWait));
        SnapshotDiff ended = SnapshotDiff.Compare(halfClosed, closed);
        Assert.Empty(ended.Added);
        SocketEntry gone = Assert.Single(ended.Removed);
        Assert.Equal((port, TcpState.CloseWait), (gone.Local.Port, gone.TcpState));
        SocketChange timeWait = Assert.Single(ended.Changed);
        Assert.Equal((clientPort, TcpState.FinWait2, TcpState.TimeWait), (timeWait.After.Local.Port, timeWait.Before.TcpState, timeWait.After.TcpState));
    }

    /// <summary>Reads until the kernel shows what the test caused (loopback is fast, but not synchronous).</summary>
    private static IReadOnlyList<SocketEntry> WaitFor(Func<IReadOnlyList<SocketEntry>> read, Func<IReadOnlyList<SocketEntry>, bool> done)
    {
        for (int attempt = 0; attempt < 200; attempt++)
        {
            IReadOnlyList<SocketEntry> entries = read();
            if (done(entries))
                return entries;
            Thread.Sleep(10);
        }
        throw new TimeoutException("the kernel did not show the expected change within 2 s: " + string.Join(", ", read().Select(e => $"{e.Local.Port}-{e.Remote.Port} {e.TcpState} {e.RecvQueue}")));
    }
}
