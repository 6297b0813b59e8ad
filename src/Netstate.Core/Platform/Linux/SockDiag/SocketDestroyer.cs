using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Netstate.Core.Model;
using Netstate.Core.Platform.Linux.Interop;
using Netstate.Core.Text;

namespace Netstate.Core.Platform.Linux.SockDiag;

/// <summary>
/// Closes one socket with SOCK_DESTROY over NETLINK_SOCK_DIAG: the kernel aborts it (a TCP peer
/// gets a reset) whoever holds it. Needs CAP_NET_ADMIN and a kernel built with
/// CONFIG_INET_DIAG_DESTROY; each refusal comes back with its reason.
/// </summary>
internal static unsafe class SocketDestroyer
{
    private const int ESTALE = 116;

    public static ActionResult Destroy(SocketEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Protocol == Protocol.Unix)
            return new ActionResult(ActionOutcome.NotSupported, "the kernel cannot close unix sockets from outside (only TCP, UDP and raw sockets)");
        using FileDescriptorHandle socket = Netlink.Open(Netlink.NETLINK_SOCK_DIAG, out int openErrno);
        if (socket.IsInvalid)
            return Failed(openErrno, "cannot open a NETLINK_SOCK_DIAG socket");
        byte[] request = SocketDestroyRequest.For(entry, sequence: 1);
        var kernel = new Netlink.SockAddrNetlink { nl_family = Libc.AF_NETLINK };
        fixed (byte* bytes = request)
        {
            while (Netlink.SendTo(socket, bytes, (nuint)request.Length, 0, &kernel, (uint)sizeof(Netlink.SockAddrNetlink)) < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno != Errno.EINTR)
                    return Failed(errno, "sending the request failed");
            }
        }
        return ReadAcknowledgement(socket);
    }

    private static ActionResult ReadAcknowledgement(FileDescriptorHandle socket)
    {
        byte* buffer = stackalloc byte[8192];
        while (true)
        {
            nint received = Netlink.Receive(socket, buffer, 8192, 0);
            if (received < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == Errno.EINTR)
                    continue;
                return Failed(errno, "reading the kernel's answer failed");
            }
            var reader = new NetlinkMessageReader(new ReadOnlySpan<byte>(buffer, (int)received));
            while (reader.TryRead(out NetlinkMessage message))
            {
                if (message.Type != SockDiagLayout.NLMSG_ERROR || message.Payload.Length < 4)
                    continue;
                int error = BinaryPrimitives.ReadInt32LittleEndian(message.Payload);
                return error == 0 ? ActionResult.Done : Refused(-error);
            }
            if (received == 0)
                return new ActionResult(ActionOutcome.Failed, "the kernel did not answer");
        }
    }

    /// <summary>What each refusal of SOCK_DESTROY means (net/core/sock_diag.c, net/ipv4/inet_diag.c).</summary>
    private static ActionResult Refused(int errno) => errno switch
    {
        Errno.EPERM => new(ActionOutcome.NotPermitted, $"{ErrorText.OfErrno(errno)}: closing another program's socket needs CAP_NET_ADMIN (run as root)"),
        Errno.EOPNOTSUPP => new(ActionOutcome.NotSupported, $"{ErrorText.OfErrno(errno)}: the kernel cannot close this socket (built without CONFIG_INET_DIAG_DESTROY, or the protocol has no abort)"),
        Errno.ENOENT or ESTALE => new(ActionOutcome.Gone, $"{ErrorText.OfErrno(errno)}: the socket is already gone"),
        _ => Failed(errno, "the kernel refused"),
    };

    private static ActionResult Failed(int errno, string what) => new(ActionOutcome.Failed, $"{what}: {ErrorText.OfErrno(errno)}");
}
