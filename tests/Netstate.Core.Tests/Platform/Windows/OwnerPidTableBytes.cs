using System.Buffers.Binary;
using System.Net;

namespace Netstate.Core.Tests;

/// <summary>
/// Owner-PID tables, and the TCP tables of GetTcpTable2 and GetTcp6Table2, laid out byte by byte as iphlpapi documents them (tcpmib.h, udpmib.h), written
/// without the structs under test: a DWORD row count, then the rows, every DWORD little-endian,
/// addresses in network order, each port in the first two bytes of its DWORD in network order.
/// </summary>
internal sealed class OwnerPidTableBytes
{
    private readonly List<byte> _rows = [];
    private uint _count;

    /// <summary>The row count written at the start; by default the number of rows added.</summary>
    public uint? DeclaredCount { get; init; }

    public OwnerPidTableBytes Tcp4(uint state, string local, ushort localPort, string remote, ushort remotePort, uint pid)
    {
        Dword(state);
        Address(local, 4);
        Port(localPort);
        Address(remote, 4);
        Port(remotePort);
        Dword(pid);
        _count++;
        return this;
    }

    public OwnerPidTableBytes Tcp6(uint state, string local, uint localScope, ushort localPort, string remote, uint remoteScope, ushort remotePort, uint pid)
    {
        Address(local, 16);
        Dword(localScope);
        Port(localPort);
        Address(remote, 16);
        Dword(remoteScope);
        Port(remotePort);
        Dword(state);
        Dword(pid);
        _count++;
        return this;
    }

    public OwnerPidTableBytes Udp4(string local, ushort localPort, uint pid)
    {
        Address(local, 4);
        Port(localPort);
        Dword(pid);
        _count++;
        return this;
    }

    public OwnerPidTableBytes Udp6(string local, uint scope, ushort localPort, uint pid)
    {
        Address(local, 16);
        Dword(scope);
        Port(localPort);
        Dword(pid);
        _count++;
        return this;
    }

    /// <summary>
    /// A MIB_TCPROW2: dwState, dwLocalAddr, dwLocalPort, dwRemoteAddr, dwRemotePort, dwOwningPid (the
    /// fields of MIB_TCPROW_OWNER_PID, in its order), then dwOffloadState.
    /// </summary>
    public OwnerPidTableBytes Tcp4Row2(uint state, string local, ushort localPort, string remote, ushort remotePort, uint pid, uint offload)
    {
        Tcp4(state, local, localPort, remote, remotePort, pid);
        Dword(offload);
        return this;
    }

    /// <summary>
    /// A MIB_TCP6ROW2: LocalAddr, dwLocalScopeId, dwLocalPort, RemoteAddr, dwRemoteScopeId, dwRemotePort,
    /// State, dwOwningPid (the fields of MIB_TCP6ROW_OWNER_PID, in its order), then dwOffloadState.
    /// </summary>
    public OwnerPidTableBytes Tcp6Row2(uint state, string local, uint localScope, ushort localPort, string remote, uint remoteScope, ushort remotePort, uint pid, uint offload)
    {
        Tcp6(state, local, localScope, localPort, remote, remoteScope, remotePort, pid);
        Dword(offload);
        return this;
    }

    public byte[] ToArray()
    {
        var bytes = new byte[4 + _rows.Count];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, DeclaredCount ?? _count);
        _rows.CopyTo(bytes, 4);
        return bytes;
    }

    private void Dword(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        _rows.AddRange(bytes.ToArray());
    }

    /// <summary>The port's two bytes in network order, then two bytes Windows leaves as they were (garbage here, to prove they are ignored).</summary>
    private void Port(ushort port)
    {
        _rows.Add((byte)(port >> 8));
        _rows.Add((byte)port);
        _rows.Add(0xAB);
        _rows.Add(0xCD);
    }

    private void Address(string text, int length)
    {
        byte[] bytes = IPAddress.Parse(text).GetAddressBytes();
        if (bytes.Length != length)
            throw new ArgumentException($"{text} is not a {length}-byte address");
        _rows.AddRange(bytes);
    }
}
