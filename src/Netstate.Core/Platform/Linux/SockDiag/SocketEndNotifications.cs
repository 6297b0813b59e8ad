using System.Runtime.InteropServices;
using Netstate.Core.Model;
using Netstate.Core.Platform.Linux.Interop;
using Netstate.Core.Tracing;

namespace Netstate.Core.Platform.Linux.SockDiag;

/// <summary>
/// The kernel's notice of each destroyed TCP socket with its final tcp_info, from sock_diag's
/// multicast groups (what <c>ss -E</c> listens to). Joining them needs CAP_NET_ADMIN.
/// </summary>
internal sealed unsafe class SocketEndNotifications : IDisposable
{
    // linux/sock_diag.h: SKNLGRP_INET_TCP_DESTROY = 1, SKNLGRP_INET6_TCP_DESTROY = 3; group n is bit n-1.
    private const uint TcpDestroyGroups = (1u << 0) | (1u << 2);
    private const int BufferSize = 256 * 1024;
    private readonly FileDescriptorHandle _socket;
    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(BufferSize, pinned: true);

    private SocketEndNotifications(FileDescriptorHandle socket) => _socket = socket;

    /// <summary>Joins the groups; throws <see cref="PlatformUnavailableException"/> saying what is missing.</summary>
    public static SocketEndNotifications Open()
    {
        int fd = Libc.Socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC | Libc.SOCK_NONBLOCK, Netlink.NETLINK_SOCK_DIAG);
        if (fd < 0)
            throw new PlatformUnavailableException($"cannot open a NETLINK_SOCK_DIAG socket: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        var socket = FileDescriptorHandle.FromDescriptor(fd);
        var address = new Netlink.SockAddrNetlink { nl_family = Libc.AF_NETLINK, nl_groups = TcpDestroyGroups };
        if (Libc.BindNetlink(fd, &address, (uint)sizeof(Netlink.SockAddrNetlink)) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            socket.Dispose();
            throw new PlatformUnavailableException($"cannot join sock_diag's socket-destroy notifications: {Marshal.GetPInvokeErrorMessage(errno)}",
                "connection lifetimes need CAP_NET_ADMIN (run with sudo)");
        }
        return new SocketEndNotifications(socket);
    }

    /// <summary>Adds every notification waiting to <paramref name="ends"/>; returns whether some were lost (ENOBUFS).</summary>
    public bool Drain(List<TcpSocketEnd> ends, List<SourceNote> notes)
    {
        bool lost = false;
        fixed (byte* start = _buffer)
        {
            while (true)
            {
                nint received = Netlink.Receive(_socket, start, BufferSize, 0);
                if (received < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == Errno.EINTR)
                        continue;
                    if (errno == Errno.ENOBUFS)
                    {
                        lost = true; // the socket's queue overflowed; it stays usable
                        continue;
                    }
                    return lost; // EAGAIN: nothing more now
                }
                ulong now = MonotonicClock.Now();
                Parse(new ReadOnlySpan<byte>(start, (int)Math.Min(received, BufferSize)), now, ends, notes);
            }
        }
    }

    /// <summary>Reads the messages of one datagram; a malformed one becomes a note.</summary>
    internal static void Parse(ReadOnlySpan<byte> datagram, ulong now, List<TcpSocketEnd> ends, List<SourceNote> notes)
    {
        try
        {
            var reader = new NetlinkMessageReader(datagram);
            while (reader.TryRead(out NetlinkMessage message))
            {
                if (message.Type != SockDiagLayout.SOCK_DIAG_BY_FAMILY)
                    continue;
                SocketEntry entry = InetDiagParser.Parse(message.Payload, Protocol.Tcp, SocketDetail.TcpInfo);
                TcpDetails? tcp = entry.Details?.Tcp;
                ends.Add(new TcpSocketEnd(now, entry.Family, entry.Local, entry.Remote, tcp?.BytesAcked, tcp?.BytesReceived, entry.Uid ?? 0));
            }
        }
        catch (SockDiagException e)
        {
            notes.Add(new SourceNote(SourceNoteKind.Warning, $"a malformed socket-destroy notification was skipped: {e.Message}"));
        }
    }

    public void Dispose() => _socket.Dispose();
}
