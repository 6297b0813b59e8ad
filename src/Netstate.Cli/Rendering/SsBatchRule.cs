namespace Netstate.Cli.Rendering;

/// <summary>
/// When ss prints what it has buffered: iproute2 ss keeps its fields in 1 MiB chunks (each field a
/// 2-byte length and its text, aligned to 2 bytes; a field that does not fit moves whole to a new
/// chunk) and, at the end of a row, once a fifth chunk is in use, sizes the columns and prints the
/// rows so far (about 4 MiB of fields). Column widths only ever grow (each column's longest field is kept across batches). This
/// replays that bookkeeping byte for byte, so netstate batches where ss does and holds at most
/// about 5 MiB of text however many sockets there are (text is counted in chars, which is ss's
/// bytes for everything but non-ASCII names).
/// </summary>
internal struct SsBatchRule
{
    private const int ChunkSize = 1024 * 1024;
    /// <summary>A chunk's two pointers (next, end) come before its data.</summary>
    private const int ChunkCapacity = ChunkSize - 16;
    private const int ChunksBeforePrinting = 5;
    private const int LengthSize = 2;

    private int _chunks;
    /// <summary>Bytes used in the current chunk, up to the end of the open field.</summary>
    private int _end;
    /// <summary>Where the open field's length word sits in the current chunk.</summary>
    private int _field;
    private int _fieldLength;

    /// <summary>At the end of a row: whether ss would print its buffer now.</summary>
    public readonly bool Due => _chunks >= ChunksBeforePrinting;

    /// <summary>Text appended to the open field (ss's out()).</summary>
    public void Append(int length)
    {
        if (_chunks == 0)
            NewChunk();
        if (length >= ChunkCapacity - _end && _field != 0)
        {
            // The field moves whole to a new chunk, and the text is written there.
            int moved = _fieldLength;
            NewChunk();
            _fieldLength = moved;
            _end += moved;
        }
        int added = Math.Min(length, ChunkCapacity - _end);
        _end += added;
        _fieldLength += added;
    }

    /// <summary>The open field is closed and the next one opened (ss's field_flush).</summary>
    public void CloseField()
    {
        if (_chunks == 0)
            NewChunk();
        int pad = _fieldLength % 2;
        if (ChunkCapacity - _end - pad < LengthSize)
        {
            NewChunk();
            return;
        }
        _field += LengthSize + _fieldLength + pad;
        _fieldLength = 0;
        _end = _field + LengthSize;
    }

    /// <summary>The buffer was printed and freed.</summary>
    public void Printed() => this = default;

    private void NewChunk()
    {
        _chunks++;
        _field = 0;
        _fieldLength = 0;
        _end = LengthSize;
    }
}
