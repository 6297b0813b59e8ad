namespace Netstate.Core.Model;

/// <summary>Socket types as numbered by Linux (SOCK_STREAM etc.).</summary>
public enum UnixSocketType : ushort
{
    Stream = 1,
    Datagram = 2,
    Raw = 3,
    ReliableDatagram = 4,
    SeqPacket = 5,
}

/// <summary>The BSD socket state (socket_state in linux/net.h) that /proc/net/unix reports.</summary>
public enum UnixSocketState : byte
{
    Free = 0,
    Unconnected = 1,
    Connecting = 2,
    Connected = 3,
    Disconnecting = 4,
}
