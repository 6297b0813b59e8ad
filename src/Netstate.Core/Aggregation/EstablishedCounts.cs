using Netstate.Core.Model;

namespace Netstate.Core.Aggregation;

/// <summary>
/// Established TCP connections per local port and address, counted in one pass so each listener's
/// peers are a lookup (IPv4 peers of a dual-stack listener show as IPv6, so they are counted too).
/// Read over several network namespaces, a listener counts only the connections of its own.
/// </summary>
public sealed class EstablishedCounts
{
    private readonly Dictionary<(ulong, Family, ushort, InetAddress), int> _byAddress = [];
    private readonly Dictionary<(ulong, Family, ushort), int> _byPort = [];

    /// <summary>Counts the established TCP connections among <paramref name="entries"/>.</summary>
    public EstablishedCounts(IReadOnlyList<SocketEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (SocketEntry entry in entries)
        {
            if (entry.Protocol != Protocol.Tcp || entry.TcpState != TcpState.Established)
                continue;
            ulong space = entry.Namespace?.Inode ?? 0;
            var address = (space, entry.Family, entry.Local.Port, entry.Local.Address);
            _byAddress[address] = _byAddress.GetValueOrDefault(address) + 1;
            var port = (space, entry.Family, entry.Local.Port);
            _byPort[port] = _byPort.GetValueOrDefault(port) + 1;
        }
    }

    /// <summary>Connections on the listener's port and family: all of them for a wildcard listener, else those on its address.</summary>
    public int AcceptedBy(SocketEntry listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        ulong space = listener.Namespace?.Inode ?? 0;
        return listener.Local.Address.IsUnspecified
            ? _byPort.GetValueOrDefault((space, listener.Family, listener.Local.Port))
            : _byAddress.GetValueOrDefault((space, listener.Family, listener.Local.Port, listener.Local.Address));
    }
}
