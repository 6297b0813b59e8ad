namespace Netstate.Core.Model;

/// <summary>The kernel socket tables a request can ask for: one per protocol and family.</summary>
[Flags]
public enum SocketTables
{
    /// <summary>No table.</summary>
    None = 0,
    /// <summary>TCP over IPv4.</summary>
    Tcp4 = 1 << 0,
    /// <summary>TCP over IPv6.</summary>
    Tcp6 = 1 << 1,
    /// <summary>UDP over IPv4.</summary>
    Udp4 = 1 << 2,
    /// <summary>UDP over IPv6.</summary>
    Udp6 = 1 << 3,
    /// <summary>UDP-Lite over IPv4.</summary>
    UdpLite4 = 1 << 4,
    /// <summary>UDP-Lite over IPv6.</summary>
    UdpLite6 = 1 << 5,
    /// <summary>Raw sockets over IPv4.</summary>
    Raw4 = 1 << 6,
    /// <summary>Raw sockets over IPv6.</summary>
    Raw6 = 1 << 7,
    /// <summary>Unix domain sockets.</summary>
    Unix = 1 << 8,

    /// <summary>TCP over both families.</summary>
    Tcp = Tcp4 | Tcp6,
    /// <summary>UDP over both families.</summary>
    Udp = Udp4 | Udp6,
    /// <summary>UDP-Lite over both families.</summary>
    UdpLite = UdpLite4 | UdpLite6,
    /// <summary>Raw sockets over both families.</summary>
    Raw = Raw4 | Raw6,
    /// <summary>Every IPv4 table.</summary>
    Inet4 = Tcp4 | Udp4 | UdpLite4 | Raw4,
    /// <summary>Every IPv6 table.</summary>
    Inet6 = Tcp6 | Udp6 | UdpLite6 | Raw6,
    /// <summary>Every table.</summary>
    All = Inet4 | Inet6 | Unix,
}

/// <summary>Maps each single table to its protocol and family.</summary>
internal static class SocketTableInfo
{
    /// <summary>Every single table, in the order netstat prints them.</summary>
    public static ReadOnlySpan<SocketTables> Ordered =>
    [
        SocketTables.Tcp4, SocketTables.Tcp6, SocketTables.Udp4, SocketTables.Udp6,
        SocketTables.UdpLite4, SocketTables.UdpLite6, SocketTables.Raw4, SocketTables.Raw6, SocketTables.Unix,
    ];

    public static Protocol ProtocolOf(SocketTables table) => table switch
    {
        SocketTables.Tcp4 or SocketTables.Tcp6 => Protocol.Tcp,
        SocketTables.Udp4 or SocketTables.Udp6 => Protocol.Udp,
        SocketTables.UdpLite4 or SocketTables.UdpLite6 => Protocol.UdpLite,
        SocketTables.Raw4 or SocketTables.Raw6 => Protocol.Raw,
        SocketTables.Unix => Protocol.Unix,
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, "not a single table"),
    };

    public static Family FamilyOf(SocketTables table) =>
        table == SocketTables.Unix ? Family.Unix
        : (table & SocketTables.Inet6) != 0 ? Family.Inet6
        : Family.Inet;
}
