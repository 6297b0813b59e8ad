using Netstate.Core.Model;
using Netstate.Core.Owners;
using Netstate.Core.Query;

namespace Netstate.Core.Tracing;

/// <summary>
/// The filter language on traced events: each is seen as the socket it happened to, with its
/// endpoints, owner and state. A state change passes when either of its states does, so
/// <c>state close-wait</c> shows the changes into and out of CLOSE_WAIT.
/// </summary>
public static class TraceSelection
{
    private const ulong TracedInode = 1;

    /// <summary>Whether <paramref name="filter"/> selects the event.</summary>
    public static bool Matches(SocketFilter filter, TcpTraceEvent traced)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(traced);
        TcpTraceRecord r = traced.Record;
        OwnerMap? owners = Owners(traced.Owner);
        if (filter.Matches(Entry(r.Family, r.Local, r.Remote, r.OldState, owners), owners))
            return true;
        return r.NewState != TcpState.Unknown && filter.Matches(Entry(r.Family, r.Local, r.Remote, r.NewState, owners), owners);
    }

    /// <summary>Whether <paramref name="filter"/> selects the lifetime (its state is the one it left for CLOSE).</summary>
    public static bool Matches(SocketFilter filter, TcpLifetime lifetime)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(lifetime);
        OwnerMap? owners = Owners(lifetime.Owner);
        return filter.Matches(Entry(lifetime.Family, lifetime.Local, lifetime.Remote, lifetime.LastState, owners), owners);
    }

    private static OwnerMap? Owners(ProcessInfo? owner) => owner is null ? null : OwnerMap.Single(TracedInode, owner);

    private static SocketEntry Entry(Family family, Endpoint local, Endpoint remote, TcpState state, OwnerMap? owners) => new()
    {
        Protocol = Protocol.Tcp,
        Family = family,
        Local = local,
        Remote = remote,
        RawState = (byte)state,
        Inode = owners is null ? 0 : TracedInode,
    };
}
