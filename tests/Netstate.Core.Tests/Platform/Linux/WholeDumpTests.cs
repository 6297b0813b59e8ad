using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Netstate.Core.Model;
using Netstate.Core.Platform.Linux;
using Netstate.Core.Platform.Linux.SockDiag;
using Netstate.Core.Platform.Linux.Sources;
using Netstate.Core.Sources;

namespace Netstate.Core.Tests;

/// <summary>A dump received whole before it is parsed gives what the chunk-by-chunk parse gives.</summary>
public sealed class WholeDumpTests
{
    [Fact]
    public void A_recorded_dump_kept_chunk_by_chunk_ends_at_done_and_replays_to_the_same_entries()
    {
        byte[] reply = SockDiagRecording.Reply(SockDiagRecording.Extended, SocketTables.Tcp4);
        List<byte[]> chunks = SockDiagRecording.Chunks(reply);
        Assert.True(chunks.Count > 2);

        var whole = new WholeDump();
        for (int i = 0; i < chunks.Count; i++)
            Assert.Equal(i == chunks.Count - 1, whole.Add(chunks[i])); // only the chunk with NLMSG_DONE ends it
        var entries = new List<SocketEntry>();
        var parser = new SockDiagReplyParser(SocketTables.Tcp4, SockDiagRecording.ExtendedDetails, entries);

        Assert.True(whole.Replay(parser.Consume));
        Assert.Equal(reply.Length, whole.Length);
        Assert.Equal(
            SockDiagRecording.Parse(SockDiagRecording.Extended, SocketTables.Tcp4).Select(e => (e.Inode, e.Local, e.Remote, e.TcpState)),
            entries.Select(e => (e.Inode, e.Local, e.Remote, e.TcpState)));
    }

    [Fact]
    public void An_error_ends_the_dump_and_its_replay_throws_it()
    {
        byte[] error = SockDiagRecording.Error(-Netstate.Core.Platform.Linux.Interop.Errno.EPERM);
        var whole = new WholeDump();

        Assert.True(whole.Add(error));
        var parser = new SockDiagReplyParser(SocketTables.Tcp4, SocketDetail.None, []);
        SockDiagException thrown = Assert.Throws<SockDiagException>(() => whole.Replay(parser.Consume));
        Assert.Equal(Netstate.Core.Platform.Linux.Interop.Errno.EPERM, thrown.Errno);
    }

    [Fact]
    public void The_kernel_read_whole_streams_the_same_sockets_as_read_chunk_by_chunk()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(64);
        var clients = Enumerable.Range(0, 40).Select(_ => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)).ToList();
        try
        {
            foreach (Socket client in clients)
                client.Connect(listener.LocalEndPoint!);
            var ours = clients.Select(LiveSockets.InodeOf).Append(LiveSockets.InodeOf(listener)).ToHashSet();
            using var source = new LinuxSocketSource(SourcePolicy.Netlink, new ProcRoot(ProcRoot.DefaultPath));

            List<SocketEntry> Read(bool whole)
            {
                var streamed = new List<SocketEntry>();
                SourceResult result = source.Read(new SocketQuery(SocketTables.Tcp4) { Each = streamed.Add, ReceiveWhole = whole });
                Assert.Empty(result.Entries);
                return [.. streamed.Where(e => ours.Contains(e.Inode))];
            }

            List<SocketEntry> chunked = Read(whole: false);
            List<SocketEntry> received = Read(whole: true);
            Assert.Equal(ours.Count, received.Count);
            Assert.Equal(
                chunked.Select(e => (e.Inode, e.Local, e.Remote, e.TcpState)).Order(),
                received.Select(e => (e.Inode, e.Local, e.Remote, e.TcpState)).Order());
        }
        finally
        {
            foreach (Socket client in clients)
                client.Dispose();
        }
    }
}
