namespace Netstate.Core.Model;

/// <summary>
/// One socket as the kernel reports it. Inet sockets fill the endpoint, queue and timer fields;
/// unix sockets fill <see cref="Unix"/>. Owners are not stored here: they live in the snapshot's
/// owner map, keyed by <see cref="Inode"/>, so enrichment never copies entries.
/// </summary>
public sealed class SocketEntry
{
    /// <summary>The socket's protocol table.</summary>
    public required Protocol Protocol { get; init; }

    /// <summary>The address family.</summary>
    public required Family Family { get; init; }

    /// <summary>The local address and port (port 0: not bound to one).</summary>
    public Endpoint Local { get; init; }

    /// <summary>The peer's address and port; the unspecified address and port 0 when there is no peer.</summary>
    public Endpoint Remote { get; init; }

    /// <summary>The kernel's state byte: a <see cref="TcpState"/> for inet sockets (UDP uses 1 and 7 too).</summary>
    public byte RawState { get; init; }

    /// <summary>The state byte as a <see cref="Model.TcpState"/> (meaningful for TCP; UDP reports ESTABLISHED when connected, else CLOSE).</summary>
    public TcpState TcpState => (TcpState)RawState;

    /// <summary>
    /// Bytes not yet read by the application; for a listener, connections waiting in the accept queue.
    /// Null when the source has no such figure (/proc/net/unix).
    /// </summary>
    public ulong? RecvQueue { get; init; }

    /// <summary>Bytes not yet acknowledged by the peer (TCP) or not yet sent (UDP); null when the source has no such figure (/proc/net/unix).</summary>
    public ulong? SendQueue { get; init; }

    /// <summary>
    /// A listener's accept-queue limit (TCP or unix) (the listen() backlog, capped by somaxconn); 0 when
    /// unknown: netlink reports it, /proc/net/tcp does not. ss shows it as a listener's Send-Q.
    /// </summary>
    public uint ListenBacklog { get; init; }

    /// <summary>The timer pending on the socket.</summary>
    public TimerKind Timer { get; init; }

    /// <summary>Time until the timer fires, in clock ticks (USER_HZ, 1/100 s).</summary>
    public ulong TimerTicks { get; init; }

    /// <summary>
    /// Time until the timer fires in milliseconds: exact when read over netlink (ss prints it so),
    /// else <see cref="TimerTicks"/> times ten.
    /// </summary>
    public ulong TimerMilliseconds
    {
        get => _timerMilliseconds ?? TimerTicks * 10;
        init => _timerMilliseconds = value;
    }

    private readonly ulong? _timerMilliseconds;

    /// <summary>Unrecovered retransmission timeouts (TCP); 0 elsewhere.</summary>
    public ulong Retransmits { get; init; }

    /// <summary>Zero-window or keepalive probes sent without an answer.</summary>
    public int Probes { get; init; }

    /// <summary>The user id that created the socket; null when the source has no such figure (/proc/net/unix).</summary>
    public uint? Uid { get; init; }

    /// <summary>Socket inode; 0 for sockets with no file (TIME_WAIT, request socks).</summary>
    public ulong Inode { get; init; }

    /// <summary>Unix-domain details; null for inet sockets.</summary>
    public UnixSocketInfo? Unix { get => _unix; init => _unix = value; }

    private UnixSocketInfo? _unix;

    /// <summary>The kernel's socket cookie (ss prints it as sk:); 0 when the source (/proc) has none.</summary>
    public ulong Cookie { get; init; }

    /// <summary>The interface index the socket is bound to (SO_BINDTODEVICE); 0 for none or unknown.</summary>
    public uint Interface { get; init; }

    /// <summary>Details beyond the basic row (tcp_info, memory, ...); null unless the query asked for them.</summary>
    public SocketDetails? Details { get; init; }

    /// <summary>The tcp_info figures of <see cref="SocketDetail.TcpFigures"/>; null unless asked for (and for sockets that have no tcp_info).</summary>
    public TcpFigures? TcpFigures { get; init; }

    /// <summary>The network namespace it was read in; null when one namespace was read without asking for it (-N, --all-namespaces set it).</summary>
    public NetworkNamespace? Namespace => _namespace;

    private NetworkNamespace? _namespace;

    /// <summary>This entry labelled with the namespace it was read in; the original is left as it was.</summary>
    internal SocketEntry InNamespace(NetworkNamespace space)
    {
        var copy = (SocketEntry)MemberwiseClone();
        copy._namespace = space;
        return copy;
    }

    /// <summary>This entry with other unix details (a RefCnt joined from /proc/net/unix); the original is left as it was.</summary>
    internal SocketEntry WithUnix(UnixSocketInfo unix)
    {
        var copy = (SocketEntry)MemberwiseClone();
        copy._unix = unix;
        return copy;
    }
}

/// <summary>The fields a unix socket has beyond the common ones.</summary>
/// <param name="RefCount">
/// Kernel reference count on the socket, which only /proc/net/unix reports; null when that file was
/// not read, or its line for this socket could not be told apart from a forged one.
/// </param>
/// <param name="Flags">Socket flags; <see cref="AcceptConnectionsFlag"/> marks a listener.</param>
/// <param name="Type">SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET.</param>
/// <param name="State">The BSD socket state.</param>
/// <param name="Path">The bound path; abstract names start with '@'; null when unnamed.</param>
public sealed record UnixSocketInfo(ulong? RefCount, ulong Flags, UnixSocketType Type, UnixSocketState State, string? Path)
{
    /// <summary>__SO_ACCEPTCON: the kernel sets it on listening unix sockets.</summary>
    public const ulong AcceptConnectionsFlag = 1 << 16;

    /// <summary>True for a listening unix socket.</summary>
    public bool IsListening => State == UnixSocketState.Unconnected && (Flags & AcceptConnectionsFlag) != 0;
}
