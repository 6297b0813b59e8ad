using Netstate.Core.Model;

namespace Netstate.Cli.Commands;

/// <summary>Socket counts per protocol and family, and TCP sockets per state.</summary>
internal sealed class SocketSummary
{
    private readonly Dictionary<(Protocol, Family), int> _byKind = [];
    private readonly int[] _byTcpState = new int[16];

    public int Count(Protocol protocol, Family family) => _byKind.GetValueOrDefault((protocol, family));

    public int Count(TcpState state) => (int)state < _byTcpState.Length ? _byTcpState[(int)state] : 0;

    public int Total { get; private set; }

    public static SocketSummary Count(IEnumerable<SocketEntry> entries)
    {
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
