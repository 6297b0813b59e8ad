using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Netstate.Core.Model;
using Netstate.Core.Platform.Windows.Interop;

namespace Netstate.Core.Platform.Windows;

/// <summary>
/// Closing a TCP connection on Windows: SetTcpEntry with MIB_TCP_STATE_DELETE_TCB, which resets it.
/// Windows has no such call for IPv6 or for listeners, and a success is checked against the table
/// afterwards (Wine's SetTcpEntry answers success and does nothing).
/// </summary>
internal static class WindowsTcpClose
{
    /// <summary>Why this socket cannot be closed on Windows, or null when SetTcpEntry can be asked.</summary>
    public static ActionResult? Refusal(SocketEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Protocol != Protocol.Tcp)
            return new(ActionOutcome.NotSupported, "Windows can close TCP connections only (SetTcpEntry); a UDP socket ends with its process");
        if (entry.Family != Family.Inet)
            return new(ActionOutcome.NotSupported, "Windows has no call to close an IPv6 connection (SetTcpEntry takes IPv4 rows only); end its process instead");
        if (entry.TcpState is TcpState.Listen)
            return new(ActionOutcome.NotSupported, "Windows cannot close a listening socket from outside (SetTcpEntry deletes connections); end its process instead");
        return null;
    }

    /// <summary>The MIB_TCPROW that names <paramref name="entry"/>, with the delete state: addresses in network order, each port in the first two bytes of its DWORD.</summary>
    public static MibTcpRow RowFor(SocketEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new MibTcpRow
        {
            State = TcpEntry.MIB_TCP_STATE_DELETE_TCB,
            LocalAddress = AddressField(entry.Local.Address),
            LocalPort = PortField(entry.Local.Port),
            RemoteAddress = AddressField(entry.Remote.Address),
            RemotePort = PortField(entry.Remote.Port),
        };
    }

    /// <summary>What SetTcpEntry's answer means, with <paramref name="stillListed"/> (the connection is in the table after a success).</summary>
    public static ActionResult Outcome(uint result, bool stillListed) => result switch
    {
        IpHelper.NO_ERROR when stillListed => new(ActionOutcome.Failed, "SetTcpEntry answered success but the connection is still listed (Wine's SetTcpEntry does nothing)"),
        IpHelper.NO_ERROR => ActionResult.Done,
        IpHelper.ERROR_ACCESS_DENIED or TcpEntry.ERROR_MR_MID_NOT_FOUND =>
            new(ActionOutcome.NotPermitted, "The requested operation requires elevation (closing a connection needs an administrator prompt)"),
        IpHelper.ERROR_INVALID_PARAMETER or IpHelper.ERROR_NOT_SUPPORTED => new(ActionOutcome.Gone, $"Windows no longer has this connection (error {result})"),
        _ => new(ActionOutcome.Failed, $"SetTcpEntry: {new System.ComponentModel.Win32Exception((int)result).Message} (error {result})"),
    };

    private static uint AddressField(InetAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.WriteBytes(bytes);
        return MemoryMarshal.Read<uint>(bytes);
    }

    private static uint PortField(ushort port)
    {
        Span<byte> bytes = stackalloc byte[sizeof(uint)];
        bytes.Clear();
        BinaryPrimitives.WriteUInt16BigEndian(bytes, port);
        return MemoryMarshal.Read<uint>(bytes);
    }
}
