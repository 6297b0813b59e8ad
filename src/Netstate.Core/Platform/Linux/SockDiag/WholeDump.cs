using System.Buffers.Binary;

namespace Netstate.Core.Platform.Linux.SockDiag;

/// <summary>
/// The chunks of one dump, received to the end before any is parsed (<see cref="Model.SocketQuery.ReceiveWhole"/>):
/// the kernel's half of the read then runs while the caller is busy elsewhere (the owner scan),
/// instead of waiting on a full socket buffer. Chunks are copied into 1 MiB blocks, left
/// uninitialised (the copy writes every byte used), about 130 bytes per socket without extensions.
/// </summary>
internal sealed class WholeDump
{
    private const int BlockSize = 1 << 20;

    private readonly List<byte[]> _blocks = [];
    private readonly List<(int Block, int Offset, int Length)> _chunks = [];
    private int _used = BlockSize;

    /// <summary>Bytes held.</summary>
    public long Length { get; private set; }

    /// <summary>
    /// Keeps one received chunk (a <see cref="ChunkHandler"/>); true once the dump has ended: the
    /// chunk holds NLMSG_DONE, an error, or an overrun, after which the kernel sends nothing more.
    /// </summary>
    public bool Add(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length > BlockSize - _used)
        {
            _blocks.Add(GC.AllocateUninitializedArray<byte>(Math.Max(BlockSize, chunk.Length)));
            _used = 0;
        }
        byte[] block = _blocks[^1];
        chunk.CopyTo(block.AsSpan(_used));
        _chunks.Add((_blocks.Count - 1, _used, chunk.Length));
        _used += chunk.Length;
        Length += chunk.Length;
        return EndsDump(chunk);
    }

    /// <summary>Hands the chunks, in the order received, to <paramref name="handler"/>; true when it saw the dump complete.</summary>
    public bool Replay(ChunkHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        foreach ((int block, int offset, int length) in _chunks)
        {
            if (handler(_blocks[block].AsSpan(offset, length)))
                return true;
        }
        return false;
    }

    /// <summary>The chunk ends its dump: it holds NLMSG_DONE, an error or an overrun.</summary>
    internal static bool EndsDump(ReadOnlySpan<byte> chunk)
    {
        var reader = new NetlinkMessageReader(chunk);
        while (reader.TryRead(out NetlinkMessage message))
        {
            switch (message.Type)
            {
                case SockDiagLayout.NLMSG_DONE:
                case SockDiagLayout.NLMSG_OVERRUN:
                    return true;
                // An error ends the dump; a zero "error" is an acknowledgement, which does not.
                case SockDiagLayout.NLMSG_ERROR when message.Payload.Length < 4 || BinaryPrimitives.ReadInt32LittleEndian(message.Payload) != 0:
                    return true;
                default:
                    break;
            }
        }
        return false;
    }
}
