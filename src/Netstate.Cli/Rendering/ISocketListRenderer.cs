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

/// <summary>What one listing shows.</summary>
/// <param name="Entries">The selected sockets, in the source's table order.</param>
/// <param name="Owners">Inode to holders; null without -p.</param>
/// <param name="TakenAt">When the kernel was read.</param>
internal sealed record SocketListing(IReadOnlyList<SocketEntry> Entries, OwnerMap? Owners, DateTimeOffset TakenAt);
