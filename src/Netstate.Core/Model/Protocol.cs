namespace Netstate.Core.Model;

/// <summary>The transport a socket belongs to, as the kernel groups its socket tables.</summary>
public enum Protocol : byte
{
    Tcp,
    Udp,
    UdpLite,
    Raw,
    Unix,
}

/// <summary>The address family of a socket.</summary>
public enum Family : byte
{
    Inet,
    Inet6,
    Unix,
}
