using System.Runtime.InteropServices;

namespace Netstate.Core.Platform.Windows.Interop;

// The rows of GetTcpTable2 and GetTcp6Table2 (tcpmib.h): a DWORD row count, then the rows, 4-byte
// aligned from offset 4. Each row is an owner-PID row field for field (MIB_TCPROW2 begins as
// MIB_TCPROW_OWNER_PID, state first; MIB_TCP6ROW2 as MIB_TCP6ROW_OWNER_PID, state after both
// addresses) with one more DWORD, dwOffloadState, after dwOwningPid.

/// <summary>MIB_TCPROW2 (28 bytes): dwState, dwLocalAddr, dwLocalPort, dwRemoteAddr, dwRemotePort, dwOwningPid, dwOffloadState.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MibTcpRow2
{
    public MibTcpRowOwnerPid Row;
    public uint OffloadState;
}

/// <summary>MIB_TCP6ROW2 (60 bytes): LocalAddr[16], dwLocalScopeId, dwLocalPort, RemoteAddr[16], dwRemoteScopeId, dwRemotePort, State, dwOwningPid, dwOffloadState.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MibTcp6Row2
{
    public MibTcp6RowOwnerPid Row;
    public uint OffloadState;
}
