using System.Buffers.Binary;
using Netstate.Core.Model;

namespace Netstate.Core.Platform.Linux.SockDiag;

/// <summary>
/// Consumes the replies to one dump request, chunk by chunk as they are received, and adds a
/// <see cref="SocketEntry"/> per socket, or hands it to a consumer as soon as it is parsed. The dump ends at NLMSG_DONE; NLMSG_ERROR (or an error
/// carried in NLMSG_DONE, as newer kernels do) becomes a <see cref="SockDiagException"/>.
/// </summary>
internal sealed class SockDiagReplyParser
{
    private readonly SocketTables _table;
    private readonly Protocol _protocol;
    private readonly SocketDetail _details;
    private readonly List<SocketEntry> _entries;
    private readonly Action<SocketEntry>? _each;

    /// <param name="table">The table dumped.</param>
    /// <param name="details">The details asked for.</param>
    /// <param name="entries">Where the entries go when <paramref name="each"/> is null.</param>
    /// <param name="each">When set, each entry goes to it as parsed, not to <paramref name="entries"/>.</param>
    public SockDiagReplyParser(SocketTables table, SocketDetail details, List<SocketEntry> entries, Action<SocketEntry>? each = null)
    {
        _table = table;
        _protocol = SocketTableInfo.ProtocolOf(table);
        _details = details;
        _entries = entries;
        _each = each;
    }

    /// <summary>How many entries went to the consumer.</summary>
    public int Handed { get; private set; }

    /// <summary>The kernel flagged the dump as interrupted: the table changed while it was read.</summary>
    public bool Interrupted { get; private set; }

    public bool Done { get; private set; }

    /// <summary>Parses one received chunk; returns true once NLMSG_DONE has been seen.</summary>
    public bool Consume(ReadOnlySpan<byte> chunk)
    {
        var reader = new NetlinkMessageReader(chunk);
        while (!Done && reader.TryRead(out NetlinkMessage message))
        {
            if ((message.Flags & SockDiagLayout.NLM_F_DUMP_INTR) != 0)
                Interrupted = true;
            switch (message.Type)
            {
                case SockDiagLayout.NLMSG_DONE:
                    // Since Linux 4.x a failed dump reports its error as the int payload of DONE.
                    if (message.Payload.Length >= 4 && BinaryPrimitives.ReadInt32LittleEndian(message.Payload) is < 0 and int doneError)
                        throw Error(-doneError);
                    Done = true;
                    break;
                case SockDiagLayout.NLMSG_ERROR:
                    if (message.Payload.Length < 4)
                        throw new SockDiagException("malformed netlink reply: NLMSG_ERROR without an error code");
                    int error = BinaryPrimitives.ReadInt32LittleEndian(message.Payload);
                    if (error < 0)
                        throw Error(-error);
                    break; // an acknowledgement: nothing to do
                case SockDiagLayout.NLMSG_OVERRUN:
                    throw Error(Interop.Errno.ENOBUFS);
                case SockDiagLayout.SOCK_DIAG_BY_FAMILY:
                    SocketEntry entry = _table == SocketTables.Unix
                        ? UnixDiagParser.Parse(message.Payload, _details)
                        : InetDiagParser.Parse(message.Payload, _protocol, _details);
                    if (_each is null)
                    {
                        _entries.Add(entry);
                    }
                    else
                    {
                        Handed++;
                        _each(entry);
                    }
                    break;
                default:
                    break; // NLMSG_NOOP and anything newer: not ours to interpret
            }
        }
        return Done;
    }

    private SockDiagException Error(int errno) =>
        new($"the kernel refused the {SocketTableNames.Of(_table)} dump: {ErrnoText(errno)}", errno);

    internal static string ErrnoText(int errno) => errno switch
    {
        Interop.Errno.ENOENT => "ENOENT (no sock_diag handler for this protocol in this kernel)",
        Interop.Errno.EPERM => "EPERM (not permitted)",
        Interop.Errno.EACCES => "EACCES (permission denied)",
        Interop.Errno.ENOBUFS => "ENOBUFS (receive buffer overrun)",
        Interop.Errno.EINVAL => "EINVAL (request not understood by this kernel)",
        Interop.Errno.EPROTONOSUPPORT => "EPROTONOSUPPORT (protocol not supported)",
        Interop.Errno.EAFNOSUPPORT => "EAFNOSUPPORT (address family not supported)",
        Interop.Errno.EOPNOTSUPP => "EOPNOTSUPP (operation not supported)",
        _ => $"errno {errno}",
    };
}

/// <summary>Short table names for messages: "tcp4", "udp6", "unix".</summary>
internal static class SocketTableNames
{
    public static string Of(SocketTables table) => table switch
    {
        SocketTables.Tcp4 => "tcp4",
        SocketTables.Tcp6 => "tcp6",
        SocketTables.Udp4 => "udp4",
        SocketTables.Udp6 => "udp6",
        SocketTables.UdpLite4 => "udplite4",
        SocketTables.UdpLite6 => "udplite6",
        SocketTables.Raw4 => "raw4",
        SocketTables.Raw6 => "raw6",
        SocketTables.Unix => "unix",
        _ => table.ToString(),
    };
}
