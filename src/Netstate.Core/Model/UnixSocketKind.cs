namespace Netstate.Core.Model;

/// <summary>Socket types as numbered by Linux (SOCK_STREAM etc.).</summary>
public enum UnixSocketType : ushort
{
    /// <summary>SOCK_STREAM: a connected byte stream.</summary>
    Stream = 1,
    /// <summary>SOCK_DGRAM: datagrams that keep their boundaries.</summary>
    Datagram = 2,
    /// <summary>SOCK_RAW.</summary>
    Raw = 3,
    /// <summary>SOCK_RDM.</summary>
    ReliableDatagram = 4,
    /// <summary>SOCK_SEQPACKET: connected, ordered datagrams.</summary>
    SeqPacket = 5,
}

/// <summary>The BSD socket state (socket_state in linux/net.h) that /proc/net/unix reports.</summary>
public enum UnixSocketState : byte
{
    /// <summary>SS_FREE: not allocated.</summary>
    Free = 0,
    /// <summary>SS_UNCONNECTED: bound or listening, with no peer.</summary>
    Unconnected = 1,
    /// <summary>SS_CONNECTING: a connection is being set up.</summary>
    Connecting = 2,
    /// <summary>SS_CONNECTED: has a peer.</summary>
    Connected = 3,
    /// <summary>SS_DISCONNECTING: being torn down.</summary>
    Disconnecting = 4,
}
