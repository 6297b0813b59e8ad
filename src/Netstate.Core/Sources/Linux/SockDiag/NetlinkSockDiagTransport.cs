using System.Runtime.InteropServices;
using Netstate.Core.Interop;
using Netstate.Core.Model;

namespace Netstate.Core.Sources.Linux.SockDiag;

/// <summary>
/// A NETLINK_SOCK_DIAG socket to the kernel, opened on first use and reused for every table.
/// The kernel sends a dump in chunks of at most 32 KiB, one per recv.
/// </summary>
internal sealed unsafe class NetlinkSockDiagTransport : ISockDiagTransport
{
    private const int BufferSize = 64 * 1024;
    private NetlinkSocketHandle? _socket;
    private int _openErrno;
    private byte[]? _buffer;

    public void Dump(SocketTables table, ReadOnlySpan<byte> request, ChunkHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        NetlinkSocketHandle socket = Open();
        bool complete = false;
        try
        {
            Send(socket, request);
            complete = Receive(socket, table, handler);
        }
        finally
        {
            // A dump left half-read keeps running in the kernel on this socket: its rest would be
            // read as the next table's answer. Closing the socket ends it; the next table opens a new one.
            if (!complete)
            {
                socket.Dispose();
                _socket = null;
            }
        }
    }

    private bool Receive(NetlinkSocketHandle socket, SocketTables table, ChunkHandler handler)
    {
        byte[] buffer = _buffer ??= GC.AllocateUninitializedArray<byte>(BufferSize, pinned: true);
        fixed (byte* start = buffer)
        {
            while (true)
            {
                nint received = Netlink.Receive(socket, start, BufferSize, Netlink.MSG_TRUNC);
                if (received < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == Netlink.EINTR)
                        continue;
                    throw new SockDiagException($"reading the {SocketTableNames.Of(table)} dump failed: {SockDiagReplyParser.ErrnoText(errno)}", errno);
                }
                if (received == 0)
                    throw new SockDiagException($"the netlink socket closed before the {SocketTableNames.Of(table)} dump ended");
                if (received > BufferSize)
                    throw new SockDiagException($"a {received}-byte netlink reply does not fit the {BufferSize}-byte buffer");
                if (handler(new ReadOnlySpan<byte>(start, (int)received)))
                    return true;
            }
        }
    }

    private NetlinkSocketHandle Open()
    {
        if (_socket is { IsInvalid: false })
            return _socket;
        if (_openErrno != 0)
            throw OpenFailed(_openErrno);
        _socket = NetlinkSocketHandle.Open(Netlink.NETLINK_SOCK_DIAG, out int errno);
        if (_socket.IsInvalid)
        {
            _openErrno = errno;
            throw OpenFailed(errno);
        }
        return _socket;
    }

    private static SockDiagException OpenFailed(int errno) =>
        new($"cannot open a NETLINK_SOCK_DIAG socket: {SockDiagReplyParser.ErrnoText(errno)}", errno);

    private static void Send(NetlinkSocketHandle socket, ReadOnlySpan<byte> request)
    {
        var kernel = new Netlink.SockAddrNetlink { nl_family = Netlink.AF_NETLINK };
        fixed (byte* bytes = request)
        {
            while (true)
            {
                nint sent = Netlink.SendTo(socket, bytes, (nuint)request.Length, 0, &kernel, (uint)sizeof(Netlink.SockAddrNetlink));
                if (sent >= 0)
                    return;
                int errno = Marshal.GetLastPInvokeError();
                if (errno != Netlink.EINTR)
                    throw new SockDiagException($"sending a sock_diag request failed: {SockDiagReplyParser.ErrnoText(errno)}", errno);
            }
        }
    }

    public void Dispose() => _socket?.Dispose();
}
