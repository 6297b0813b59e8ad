using System.Buffers.Binary;

namespace Netstate.Core.Platform.Linux.Tracing;

/// <summary>One event's record on a ring-buffer page: its time and its bytes.</summary>
internal readonly ref struct RingBufferEvent(ulong timestamp, ReadOnlySpan<byte> payload)
{
    public ulong Timestamp { get; } = timestamp;

    public ReadOnlySpan<byte> Payload { get; } = payload;
}

/// <summary>What reading one page found besides its events.</summary>
/// <param name="Events">Data records read.</param>
/// <param name="LostBefore">Events the kernel dropped before this page (0 when none or uncounted).</param>
/// <param name="LostUncounted">The page says events were dropped without saying how many.</param>
/// <param name="Problem">Why the rest of the page was skipped; null when it was read to its end.</param>
internal readonly record struct RingBufferPageResult(int Events, long LostBefore, bool LostUncounted, string? Problem);

/// <summary>
/// Reads one page of a per-CPU ftrace ring buffer as <c>trace_pipe_raw</c> hands it out: a header
/// (time stamp, commit = bytes used plus the lost-events flags), then records with 5-bit type and
/// 27-bit time delta headers: data, padding, time extends and absolute time stamps. Every length is
/// checked against the page: a malformed page ends in a <see cref="RingBufferPageResult.Problem"/>,
/// never an exception.
/// </summary>
internal sealed class RingBufferPageLayout
{
    // kernel/trace/ring_buffer.c: the top bits of commit say events were lost before the page.
    private const ulong MissedEvents = 1UL << 31;
    private const ulong MissedStored = 1UL << 30;
    private const ulong MissedMask = MissedEvents | MissedStored;
    private const uint TypePadding = 29;
    private const uint TypeTimeExtend = 30;
    private const uint TypeTimeStamp = 31;
    private const int TimeDeltaBits = 27;
    private const ulong AbsoluteStampMask = (1UL << 59) - 1;

    private readonly int _timestampOffset;
    private readonly int _commitOffset;
    private readonly int _commitSize;

    public RingBufferPageLayout(TraceEventFormat header)
    {
        TraceField timestamp = header.Field("timestamp");
        TraceField commit = header.Field("commit");
        TraceField data = header.Field("data");
        if (timestamp.Size != 8 || commit.Size is not (4 or 8) || data.Offset < timestamp.Offset + 8 || data.Offset < commit.Offset + commit.Size)
            throw new TraceFormatException("events/header_page: unexpected page header layout");
        _timestampOffset = timestamp.Offset;
        _commitOffset = commit.Offset;
        _commitSize = commit.Size;
        DataOffset = data.Offset;
        PageSize = data.Offset + data.Size;
    }

    /// <summary>Where records start.</summary>
    public int DataOffset { get; }

    /// <summary>The size of a page as trace_pipe_raw returns it.</summary>
    public int PageSize { get; }

    public delegate void EventHandler(in RingBufferEvent record);

    /// <summary>Calls <paramref name="handler"/> for each data record of <paramref name="page"/>.</summary>
    public RingBufferPageResult Read(ReadOnlySpan<byte> page, EventHandler handler)
    {
        if (page.Length < DataOffset)
            return new(0, 0, false, $"a {page.Length}-byte page is shorter than its {DataOffset}-byte header");
        ulong time = BinaryPrimitives.ReadUInt64LittleEndian(page[_timestampOffset..]);
        ulong commit = _commitSize == 8
            ? BinaryPrimitives.ReadUInt64LittleEndian(page[_commitOffset..])
            : BinaryPrimitives.ReadUInt32LittleEndian(page[_commitOffset..]);
        ulong used = commit & ~MissedMask & 0xFFFF_FFFF;
        long lost = 0;
        bool lostUncounted = false;
        if ((commit & MissedEvents) != 0)
        {
            // With MissedStored the count sits just after the data, when the page has room for it.
            int countAt = DataOffset + (int)Math.Min(used, int.MaxValue);
            if ((commit & MissedStored) != 0 && used <= (ulong)(page.Length - DataOffset) && countAt + 8 <= page.Length)
                lost = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(page[countAt..]), long.MaxValue);
            else
                lostUncounted = true;
        }
        if (used > (ulong)(page.Length - DataOffset))
            return new(0, lost, lostUncounted, $"the page says {used} bytes are used but holds {page.Length - DataOffset}");

        ReadOnlySpan<byte> data = page.Slice(DataOffset, (int)used);
        int events = 0;
        int at = 0;
        while (at + 4 <= data.Length)
        {
            uint header = BinaryPrimitives.ReadUInt32LittleEndian(data[at..]);
            uint type = header & 0x1F;
            ulong delta = header >> 5;
            switch (type)
            {
                case TypePadding:
                    if (delta == 0)
                        return new(events, lost, lostUncounted, null); // the rest of the page is empty
                    if (at + 8 > data.Length)
                        return new(events, lost, lostUncounted, "a padding record runs past the page");
                    uint padding = BinaryPrimitives.ReadUInt32LittleEndian(data[(at + 4)..]);
                    if (padding < 4 || padding > (uint)(data.Length - at - 4))
                        return new(events, lost, lostUncounted, $"a padding record of {padding} bytes runs past the page");
                    time += delta;
                    at += 4 + (int)padding;
                    break;
                case TypeTimeExtend:
                    if (at + 8 > data.Length)
                        return new(events, lost, lostUncounted, "a time extend runs past the page");
                    time += delta + ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(data[(at + 4)..]) << TimeDeltaBits);
                    at += 8;
                    break;
                case TypeTimeStamp:
                    if (at + 8 > data.Length)
                        return new(events, lost, lostUncounted, "a time stamp runs past the page");
                    ulong stamp = delta | ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(data[(at + 4)..]) << TimeDeltaBits);
                    time = (time & ~AbsoluteStampMask) | (stamp & AbsoluteStampMask);
                    at += 8;
                    break;
                case 0:
                    // A long record: its length (counting the length word itself) follows the header.
                    if (at + 8 > data.Length)
                        return new(events, lost, lostUncounted, "a long record's length runs past the page");
                    uint length = BinaryPrimitives.ReadUInt32LittleEndian(data[(at + 4)..]);
                    if (length < 4 || length > (uint)(data.Length - at - 4))
                        return new(events, lost, lostUncounted, $"a record of {length} bytes runs past the page");
                    time += delta;
                    handler(new RingBufferEvent(time, data.Slice(at + 8, (int)length - 4)));
                    events++;
                    at += 4 + (int)((length + 3) & ~3u);
                    break;
                default:
                    int size = (int)type * 4;
                    if (size > data.Length - at - 4)
                        return new(events, lost, lostUncounted, $"a record of {size} bytes runs past the page");
                    time += delta;
                    handler(new RingBufferEvent(time, data.Slice(at + 4, size)));
                    events++;
                    at += 4 + size;
                    break;
            }
        }
        return new(events, lost, lostUncounted, null);
    }
}
