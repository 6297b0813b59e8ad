using Netstate.Core.Model;

namespace Netstate.Core.Vocabulary;

/// <summary>The kind of a socket (protocol, family, unix type) in each dialect.</summary>
public static class ProtocolText
{
    /// <summary>
    /// netstat's Proto (tcp, tcp6, udp6, udpl, raw6, unix); ss's Netid (tcp, udp, udpl, raw, u_str,
    /// u_dgr, u_seq: no family); Windows' TCP and UDP (and RAW, UDPL, UNIX); the filter's protocol
    /// word (tcp, udp, udplite, raw, unix). RFC 9293 names no protocols: it reads as netstat.
    /// </summary>
    public static string Of(SocketEntry entry, Dialect dialect)
    {
        ArgumentNullException.ThrowIfNull(entry);
        bool v6 = entry.Family == Family.Inet6;
        return dialect switch
        {
            Dialect.Ss => entry.Protocol switch
            {
                Protocol.Unix => entry.Unix?.Type switch
                {
                    UnixSocketType.Stream => "u_str",
                    UnixSocketType.SeqPacket => "u_seq",
                    _ => "u_dgr",
                },
                // ss has no UDP-Lite table; netstat's name keeps it apart from UDP.
                _ => Of(entry.Protocol, Dialect.Netstat),
            },
            Dialect.Windows or Dialect.Filter => Of(entry.Protocol, dialect),
            _ => entry.Protocol switch
            {
                Protocol.Unix => "unix",
                _ when v6 => Of(entry.Protocol, Dialect.Netstat) + "6",
                _ => Of(entry.Protocol, Dialect.Netstat),
            },
        };
    }

    /// <summary>The protocol alone, without family: tcp, udp, udpl (udplite in the filter dialect), raw, unix; capitals for Windows.</summary>
    public static string Of(Protocol protocol, Dialect dialect)
    {
        string name = protocol switch
        {
            Protocol.Tcp => "tcp",
            Protocol.Udp => "udp",
            Protocol.UdpLite => dialect == Dialect.Filter ? "udplite" : "udpl",
            Protocol.Raw => "raw",
            _ => "unix",
        };
        return dialect == Dialect.Windows ? name.ToUpperInvariant() : name;
    }

    /// <summary>The family as the filter language and JSON write it: inet, inet6, unix.</summary>
    public static string Of(Family family) => family switch
    {
        Family.Inet => "inet",
        Family.Inet6 => "inet6",
        _ => "unix",
    };

    /// <summary>netstat's unix socket Type column: STREAM, DGRAM, RAW, RDM, SEQPACKET (JSON and CSV write it in lower case).</summary>
    public static string Of(UnixSocketType type) => type switch
    {
        UnixSocketType.Stream => "STREAM",
        UnixSocketType.Datagram => "DGRAM",
        UnixSocketType.Raw => "RAW",
        UnixSocketType.ReliableDatagram => "RDM",
        UnixSocketType.SeqPacket => "SEQPACKET",
        _ => "UNKNOWN",
    };
}
