namespace Netstate.Core.Model;

/// <summary>The transport a socket belongs to, as the kernel groups its socket tables.</summary>
public enum Protocol : byte
{
    /// <summary>TCP (/proc/net/tcp, tcp6).</summary>
    Tcp,
    /// <summary>UDP (/proc/net/udp, udp6).</summary>
    Udp,
    /// <summary>UDP-Lite (/proc/net/udplite, udplite6).</summary>
    UdpLite,
    /// <summary>Raw IP sockets (/proc/net/raw, raw6).</summary>
    Raw,
    /// <summary>Unix domain sockets (/proc/net/unix).</summary>
    Unix,
}

/// <summary>The address family of a socket.</summary>
public enum Family : byte
{
    /// <summary>IPv4 (AF_INET).</summary>
    Inet,
    /// <summary>IPv6 (AF_INET6), including IPv4-mapped peers of dual-stack sockets.</summary>
    Inet6,
    /// <summary>Unix domain (AF_UNIX).</summary>
    Unix,
}
