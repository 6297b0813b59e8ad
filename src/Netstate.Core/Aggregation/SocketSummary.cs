using Netstate.Core.Model;

namespace Netstate.Core.Aggregation;

/// <summary>Socket counts per protocol and family, and TCP sockets per state (what <c>--summary</c> shows), counted in one pass.</summary>
public sealed class SocketSummary
{
    private readonly Dictionary<(Protocol, Family), int> _byKind = [];
    private readonly int[] _byTcpState = new int[16];

    private SocketSummary()
    {
    }

    /// <summary>How many sockets of this protocol and family.</summary>
    public int Count(Protocol protocol, Family family) => _byKind.GetValueOrDefault((protocol, family));

    /// <summary>How many TCP sockets are in <paramref name="state"/>.</summary>
    public int Count(TcpState state) => (int)state < _byTcpState.Length ? _byTcpState[(int)state] : 0;

    /// <summary>How many sockets were counted.</summary>
    public int Total { get; private set; }

    /// <summary>Counts <paramref name="entries"/>.</summary>
    public static SocketSummary Count(IEnumerable<SocketEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var summary = new SocketSummary();
        foreach (SocketEntry entry in entries)
        {
            summary.Total++;
            (Protocol, Family) kind = (entry.Protocol, entry.Family);
            summary._byKind[kind] = summary._byKind.GetValueOrDefault(kind) + 1;
            if (entry.Protocol == Protocol.Tcp && entry.RawState < summary._byTcpState.Length)
                summary._byTcpState[entry.RawState]++;
        }
        return summary;
    }
}
