using System.Runtime.InteropServices;

namespace Netstate.Core.Platform.Windows.Interop;

/// <summary>SetTcpEntry: the one change IP Helper allows to a connection, deleting it (IPv4 only; there is no IPv6 form).</summary>
internal static unsafe partial class TcpEntry
{
    /// <summary>SetTcpEntry(PMIB_TCPROW): needs an elevated (administrator) process.</summary>
    [LibraryImport("iphlpapi.dll", EntryPoint = "SetTcpEntry")]
    internal static partial uint SetTcpEntry(MibTcpRow* row);

    /// <summary>MIB_TCP_STATE_DELETE_TCB: the only state SetTcpEntry accepts.</summary>
    internal const uint MIB_TCP_STATE_DELETE_TCB = 12;

    /// <summary>What SetTcpEntry answers a process that is not elevated (documented as ERROR_ACCESS_DENIED; seen as 317 too).</summary>
    internal const uint ERROR_MR_MID_NOT_FOUND = 317;
}

/// <summary>MIB_TCPROW (20 bytes): state, then local and remote address and port, as in the owner-PID rows.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MibTcpRow
{
    public uint State;
    public uint LocalAddress;
    public uint LocalPort;
    public uint RemoteAddress;
    public uint RemotePort;
}
