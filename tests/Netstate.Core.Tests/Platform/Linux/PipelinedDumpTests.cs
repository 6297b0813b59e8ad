using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Netstate.Core.Model;
using Netstate.Core.Platform.Linux;
using Netstate.Core.Platform.Linux.Interop;
using Netstate.Core.Platform.Linux.SockDiag;
using Netstate.Core.Platform.Linux.Sources;
using Netstate.Core.Sources;

namespace Netstate.Core.Tests;

/// <summary>A dump received on a second thread while this one parses gives what the plain read gives, errors included.</summary>
public sealed class PipelinedDumpTests
{
    [Fact]
    public void A_recorded_dump_in_many_chunks_parses_to_the_same_entries_in_order()
    {
        byte[] reply = SockDiagRecording.Reply(SockDiagRecording.Extended, SocketTables.Tcp4);
        var transport = new ScriptedTransport(SockDiagRecording.Chunks(reply));
        var entries = new List<SocketEntry>();
        var parser = new SockDiagReplyParser(SocketTables.Tcp4, SockDiagRecording.ExtendedDetails, entries);

        Assert.True(PipelinedDump.Run(transport, SocketTables.Tcp4, [], parser.Consume));

        Assert.True(transport.Completed);
        Assert.Equal(
            SockDiagRecording.Parse(SockDiagRecording.Extended, SocketTables.Tcp4).Select(e => (e.Inode, e.Local, e.Remote, e.TcpState)),
            entries.Select(e => (e.Inode, e.Local, e.Remote, e.TcpState)));
    }

    [Fact]
    public void A_receive_error_is_thrown_here_after_the_chunks_before_it_are_consumed()
    {
        List<byte[]> chunks = SockDiagRecording.Chunks(SockDiagRecording.Reply(SockDiagRecording.Extended, SocketTables.Tcp4));
        var transport = new ScriptedTransport(chunks[..3], new SockDiagException("reading failed", Errno.ENOBUFS));
        int consumed = 0;

        SockDiagException thrown = Assert.Throws<SockDiagException>(() => PipelinedDump.Run(transport, SocketTables.Tcp4, [], chunk =>
        {
            consumed++;
            return false;
        }));

        Assert.Equal(Errno.ENOBUFS, thrown.Errno);
        Assert.Equal(3, consumed);
    }

    [Fact]
    public void An_error_reply_ends_the_receiver_and_the_parser_throws_it()
    {
        byte[] error = SockDiagRecording.Error(-Errno.EPERM);
        // Chunks after the error would be a transport that read past the dump's end.
        var transport = new ScriptedTransport([error, error, error]);
        var parser = new SockDiagReplyParser(SocketTables.Tcp4, SocketDetail.None, []);

        SockDiagException thrown = Assert.Throws<SockDiagException>(() => PipelinedDump.Run(transport, SocketTables.Tcp4, [], parser.Consume));

        Assert.Equal(Errno.EPERM, thrown.Errno);
        Assert.Equal(1, transport.Handed);
    }

    [Fact]
    public void A_consumer_that_fails_stops_the_receiver_which_leaves_its_dump_unfinished()
    {
        List<byte[]> chunks = Enumerable.Range(0, 200).Select(_ => Noop()).ToList();
        var transport = new ScriptedTransport(chunks);

        var failure = Assert.Throws<InvalidOperationException>(() => PipelinedDump.Run(transport, SocketTables.Tcp4, [],
            _ => throw new InvalidOperationException("the reader went away")));

        Assert.Equal("the reader went away", failure.Message);
        Assert.False(transport.Completed);
        Assert.True(transport.Stopped);
        Assert.True(transport.Handed < chunks.Count);
    }

    [Fact]
    public void A_slow_consumer_holds_the_receiver_back_to_a_few_chunks_ahead()
    {
        List<byte[]> chunks = Enumerable.Range(0, 100).Select(_ => Noop()).ToList();
        var transport = new ScriptedTransport(chunks);
        int consumed = 0;
        int mostAhead = 0;

        bool done = PipelinedDump.Run(transport, SocketTables.Tcp4, [], _ =>
        {
            Thread.Sleep(1);
            consumed++;
            mostAhead = Math.Max(mostAhead, transport.Handed - consumed);
            return false;
        });

        Assert.False(done); // no NLMSG_DONE in these chunks: the caller reports the dump as cut short
        Assert.Equal(chunks.Count, consumed);
        Assert.InRange(mostAhead, 1, 17);
    }

    [Fact]
    public void The_live_kernel_read_beside_the_parse_streams_every_socket_once()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(512);
        var clients = Enumerable.Range(0, 300).Select(_ => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)).ToList();
        try
        {
            foreach (Socket client in clients)
                client.Connect(listener.LocalEndPoint!);
            var ours = clients.Select(LiveSockets.InodeOf).Append(LiveSockets.InodeOf(listener)).ToHashSet();
            using var source = new LinuxSocketSource(SourcePolicy.Netlink, new ProcRoot(ProcRoot.DefaultPath));
            var streamed = new List<SocketEntry>();

            SourceResult result = source.Read(new SocketQuery(SocketTables.Tcp4) { Each = streamed.Add });

            Assert.Empty(result.Entries);
            List<SocketEntry> mine = [.. streamed.Where(e => ours.Contains(e.Inode))];
            Assert.Equal(ours.Count, mine.Count);
            Assert.Equal(ours.Count, mine.Select(e => e.Inode).Distinct().Count());
            Assert.Equal(clients.Select(c => ((IPEndPoint)c.LocalEndPoint!).Port).Order(),
                mine.Where(e => e.Inode != LiveSockets.InodeOf(listener) && e.Remote.Port == ((IPEndPoint)listener.LocalEndPoint!).Port)
                    .Select(e => (int)e.Local.Port).Order());
        }
        finally
        {
            foreach (Socket client in clients)
                client.Dispose();
        }
    }

    /// <summary>A chunk holding one NLMSG_NOOP: a message that neither ends the dump nor adds a socket.</summary>
    private static byte[] Noop() => SockDiagRecording.Message(1, []); // NLMSG_NOOP

    /// <summary>Hands its chunks one by one as the kernel would, then fails if told to; records how the dump ended.</summary>
    private sealed class ScriptedTransport(List<byte[]> chunks, Exception? failure = null) : ISockDiagTransport
    {
        private int _handed;

        public int Handed => Volatile.Read(ref _handed);

        /// <summary>The handler said the dump was complete.</summary>
        public bool Completed { get; private set; }

        /// <summary>The handler threw (the consumer stopped): a real transport closes its socket then.</summary>
        public bool Stopped { get; private set; }

        public void Dump(SocketTables table, ReadOnlySpan<byte> request, ChunkHandler handler)
        {
            try
            {
                foreach (byte[] chunk in chunks)
                {
                    Interlocked.Increment(ref _handed);
                    if (handler(chunk))
                    {
                        Completed = true;
                        return;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                Stopped = true;
                throw;
            }
            if (failure is not null)
                throw failure;
        }

        public void Dispose()
        {
        }
    }
}
