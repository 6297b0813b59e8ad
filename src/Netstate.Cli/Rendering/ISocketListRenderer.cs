using Netstate.Core.Aggregation;
using Netstate.Core.Model;
using Netstate.Core.Owners;

namespace Netstate.Cli.Rendering;

/// <summary>
/// Writes one listing in one output format (netstat's table, ss's table, JSON, CSV). Chosen once
/// per run; called once per listing (every interval under -c).
/// </summary>
internal interface ISocketListRenderer
{
    /// <summary>The sockets that passed the selection, in table order, with their owners.</summary>
    void WriteSockets(SocketListing listing);

    /// <summary>--count-by: the groups of one listing, largest first.</summary>
    void WriteCounts(SocketCounts counts, DateTimeOffset takenAt);
}

/// <summary>
/// A renderer that can write a listing while the sockets are read (SocketReader's streaming read),
/// so a listing of 200,000 sockets never holds them all: <see cref="Begin"/>, a <see cref="Row"/> per
/// selected socket in the source's table order, <see cref="End"/>.
/// </summary>
internal interface IStreamingListRenderer
{
    /// <summary>Whether the source's table order is this format's order for <paramref name="tables"/> (ss lists unix first, the source tcp first).</summary>
    bool CanStream(SocketTables tables);

    /// <summary>A listing starts; owners were read first (null without -p).</summary>
    void Begin(OwnerMap? owners, DateTimeOffset takenAt);

    /// <summary>One selected socket.</summary>
    void Row(SocketEntry entry);

    /// <summary>The listing is complete.</summary>
    void End();
}

/// <summary>The whole-listing call of a streaming renderer.</summary>
internal static class StreamingListRenderers
{
    /// <summary>Writes a listing already read: <see cref="IStreamingListRenderer.Begin"/>, each entry, <see cref="IStreamingListRenderer.End"/>.</summary>
    public static void WriteAll(this IStreamingListRenderer renderer, SocketListing listing)
    {
        renderer.Begin(listing.Owners, listing.TakenAt);
        foreach (SocketEntry entry in listing.Entries)
            renderer.Row(entry);
        renderer.End();
    }
}

/// <summary>What one listing shows.</summary>
/// <param name="Entries">The selected sockets, in the source's table order.</param>
/// <param name="Owners">Inode to holders; null without -p.</param>
/// <param name="TakenAt">When the kernel was read.</param>
internal sealed record SocketListing(IReadOnlyList<SocketEntry> Entries, OwnerMap? Owners, DateTimeOffset TakenAt)
{
    /// <summary>Windows netstat -t's offload states, beside the entries as <see cref="Owners"/> are; null when not asked for.</summary>
    public Core.Platform.Windows.TcpOffloadStates? Offload { get; init; }
}
