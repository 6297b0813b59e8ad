using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Netstate.Core.Platform.Linux.SockDiag;

/// <summary>
/// One dump received on a second thread while the calling thread parses (and renders) the chunks
/// already in: the kernel fills each reply inside recvmsg, so with two cores the kernel's half and
/// ours overlap instead of taking turns. At most <see cref="Slots"/> chunks wait at a time (a
/// 64 KiB buffer each), so a slow consumer holds the receiver back rather than the dump in memory.
/// Errors keep their order: the chunks received before a failure are consumed first, then the
/// failure is thrown on the calling thread, as the plain transport would have thrown it.
/// </summary>
internal static class PipelinedDump
{
    private const int Slots = 16;
    private const int SlotSize = 64 * 1024;

    /// <summary>Worth a thread only where there is a second core to run it.</summary>
    public static bool Worthwhile => Environment.ProcessorCount > 1;

    /// <summary>Receives the dump beside <paramref name="consume"/>; true when it saw the dump complete.</summary>
    public static bool Run(ISockDiagTransport transport, Model.SocketTables table, byte[] request, ChunkHandler consume)
    {
        using var filled = new BlockingCollection<Chunk>(Slots);
        var free = new ConcurrentBag<byte[]>();
        using var stop = new CancellationTokenSource();
        var receiver = new Thread(() => Receive(transport, table, request, filled, free, stop.Token))
        {
            IsBackground = true,
            Name = "netstate-dump",
        };
        receiver.Start();
        try
        {
            foreach (Chunk chunk in filled.GetConsumingEnumerable())
            {
                chunk.Failure?.Throw();
                bool done = consume(chunk.Bytes.AsSpan(0, chunk.Length));
                free.Add(chunk.Bytes);
                if (done)
                    return true;
            }
            return false;
        }
        finally
        {
            // The receiver may wait for a free slot: cancelling releases it, and its dump, left half
            // read, makes the transport close its socket. Joined so the transport is ours again.
            stop.Cancel();
            receiver.Join();
        }
    }

    private static void Receive(ISockDiagTransport transport, Model.SocketTables table, byte[] request,
        BlockingCollection<Chunk> filled, ConcurrentBag<byte[]> free, CancellationToken stop)
    {
        try
        {
            transport.Dump(table, request, received =>
            {
                byte[] bytes = free.TryTake(out byte[]? reused) && reused.Length >= received.Length
                    ? reused
                    : GC.AllocateUninitializedArray<byte>(Math.Max(SlotSize, received.Length));
                received.CopyTo(bytes);
                filled.Add(new Chunk(bytes, received.Length, null), stop);
                return WholeDump.EndsDump(received);
            });
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The consumer stopped first (done, or failed): nothing more to hand over.
        }
        catch (Exception e)
        {
            try
            {
                filled.Add(new Chunk([], 0, ExceptionDispatchInfo.Capture(e)), stop);
            }
            catch (OperationCanceledException)
            {
                // Nobody is reading any more.
            }
        }
        finally
        {
            filled.CompleteAdding();
        }
    }

    private readonly record struct Chunk(byte[] Bytes, int Length, ExceptionDispatchInfo? Failure);
}
