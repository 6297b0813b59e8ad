using System.Runtime.InteropServices;

namespace Netstate.Core.Platform.Windows.Interop;

// The rows of the owner-PID tables exactly as iphlpapi lays them out (tcpmib.h, udpmib.h). Each table
// is a DWORD row count followed by the rows; every field is a DWORD or a byte array, so the rows are
// 4-byte aligned and start at offset 4. Addresses are in network byte order; a port is a DWORD whose
// first two bytes hold the port in network byte order.

/// <summary>MIB_TCPROW_OWNER_PID (24 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MibTcpRowOwnerPid
{
    public uint State;
    public uint LocalAddress;
    public uint LocalPort;
    public uint RemoteAddress;
    public uint RemotePort;
    public uint OwningPid;
}

/// <summary>MIB_TCP6ROW_OWNER_PID (56 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct MibTcp6RowOwnerPid
{
    public fixed byte LocalAddress[16];
    public uint LocalScopeId;
    public uint LocalPort;
    public fixed byte RemoteAddress[16];
    public uint RemoteScopeId;
    public uint RemotePort;
    public uint State;
    public uint OwningPid;
}

/// <summary>MIB_UDPROW_OWNER_PID (12 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MibUdpRowOwnerPid
{
    public uint LocalAddress;
    public uint LocalPort;
    public uint OwningPid;
}

/// <summary>MIB_UDP6ROW_OWNER_PID (28 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct MibUdp6RowOwnerPid
{
    public fixed byte LocalAddress[16];
    public uint LocalScopeId;
    public uint LocalPort;
    public uint OwningPid;
}
