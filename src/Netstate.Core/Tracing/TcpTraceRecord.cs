using Netstate.Core.Model;

namespace Netstate.Core.Tracing;

/// <summary>What a TCP tracepoint reported.</summary>
public enum TcpTraceEventKind : byte
{
    /// <summary>The socket changed state (sock:inet_sock_set_state).</summary>
    StateChange,
    /// <summary>A segment was sent again (tcp:tcp_retransmit_skb).</summary>
    Retransmit,
    /// <summary>This host sent a reset for the socket (tcp:tcp_send_reset).</summary>
    ResetSent,
    /// <summary>A reset arrived for the socket (tcp:tcp_receive_reset).</summary>
    ResetReceived,
}

/// <summary>
/// One event as the kernel recorded it, before netstate adds owners and durations: neutral, so a
/// platform other than Linux's tracefs can produce the same records.
/// </summary>
/// <param name="Kind">Which tracepoint.</param>
/// <param name="Timestamp">Nanoseconds on the monotonic clock (the same clock as <see cref="System.Diagnostics.Stopwatch"/>).</param>
/// <param name="Socket">The kernel's address of the socket: stable for the socket's life, the key that ties its events together; 0 when the event names no socket.</param>
/// <param name="Family">IPv4 or IPv6.</param>
/// <param name="Local">The local endpoint.</param>
/// <param name="Remote">The peer's endpoint.</param>
/// <param name="OldState">The state left (state changes), or the state the socket was in (other events); Unknown when the event does not say.</param>
/// <param name="NewState">The state entered; Unknown for events that are not state changes.</param>
/// <param name="CallerPid">The process that made the change from a system call; null when the kernel did it on its own (a packet arrived, a timer fired), where the running task says nothing about the owner.</param>
public readonly record struct TcpTraceRecord(
    TcpTraceEventKind Kind,
    ulong Timestamp,
    ulong Socket,
    Family Family,
    Endpoint Local,
    Endpoint Remote,
    TcpState OldState,
    TcpState NewState,
    int? CallerPid)
{
    /// <summary>
    /// The caller's name when it had exited before netstate could read /proc, as the tracer kept it
    /// (with <see cref="CallerPid"/> from the same records); null when the caller was read from /proc
    /// or is unknown. Such an owner is a guess: the tracer's records are reused with pids.
    /// </summary>
    public byte[]? ExitedCallerName { get; init; }
}

/// <summary>
/// A TCP socket the kernel destroyed, with its final counters (Linux: sock_diag's destroy
/// notification, the one <c>ss -E</c> prints).
/// </summary>
/// <param name="Timestamp">When netstate received it, monotonic nanoseconds.</param>
/// <param name="Family">IPv4 or IPv6.</param>
/// <param name="Local">The local endpoint.</param>
/// <param name="Remote">The peer's endpoint.</param>
/// <param name="BytesSent">Bytes the peer acknowledged (tcpi_bytes_acked); null when the kernel did not report them.</param>
/// <param name="BytesReceived">Bytes received (tcpi_bytes_received); null when not reported.</param>
/// <param name="Uid">The user that created the socket.</param>
public readonly record struct TcpSocketEnd(ulong Timestamp, Family Family, Endpoint Local, Endpoint Remote, ulong? BytesSent, ulong? BytesReceived, uint Uid);

/// <summary>What one poll of a trace returned.</summary>
/// <param name="Events">Events in time order.</param>
/// <param name="Ends">Destroyed sockets, when asked for.</param>
/// <param name="Lost">Events the kernel dropped since the last poll (its buffer was full); counted, never hidden.</param>
/// <param name="LostUncounted">The kernel said it dropped events but not how many.</param>
/// <param name="Notes">Problems met (malformed pages, a closed notification socket), each said once.</param>
public sealed record TcpTraceBatch(IReadOnlyList<TcpTraceRecord> Events, IReadOnlyList<TcpSocketEnd> Ends, long Lost, bool LostUncounted, IReadOnlyList<SourceNote> Notes);
