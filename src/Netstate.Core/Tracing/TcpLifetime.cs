using Netstate.Core.Model;
using Netstate.Core.Owners;

namespace Netstate.Core.Tracing;

/// <summary>How a connection ended.</summary>
public enum TcpEnding : byte
{
    /// <summary>Closed in order: FINs exchanged (or the orphan's FIN_WAIT2 timeout).</summary>
    Closed,
    /// <summary>A reset arrived from the peer (a refused connect too).</summary>
    ResetReceived,
    /// <summary>This host sent a reset (close() with unread data, SO_LINGER 0, an abort).</summary>
    ResetSent,
    /// <summary>connect() never got an answer: the SYN retries ran out.</summary>
    Timeout,
    /// <summary>It went to CLOSE without a FIN exchange or a reset the trace saw.</summary>
    Aborted,
}

/// <summary>One connection from its first traced state to CLOSE.</summary>
/// <param name="Start">When the trace saw it begin (connect(), or the handshake on the listening side); null when it began before the trace.</param>
/// <param name="End">When it reached CLOSE.</param>
/// <param name="Family">IPv4 or IPv6.</param>
/// <param name="Local">The local endpoint.</param>
/// <param name="Remote">The peer's endpoint.</param>
/// <param name="Owner">The owning process; null when unknown.</param>
/// <param name="OwnerSource">How the owner was learnt.</param>
/// <param name="BytesSent">Bytes the peer acknowledged, from the kernel's final tcp_info; null when no destroy notice carried them.</param>
/// <param name="BytesReceived">Bytes received; null as for <paramref name="BytesSent"/>.</param>
/// <param name="Ending">How it ended.</param>
/// <param name="LastState">The state it left for CLOSE.</param>
/// <param name="Retransmits">Retransmitted segments the trace saw (0 when retransmissions were not traced).</param>
public sealed record TcpLifetime(DateTimeOffset? Start, DateTimeOffset End, Family Family, Endpoint Local, Endpoint Remote,
    ProcessInfo? Owner, OwnerSource OwnerSource, ulong? BytesSent, ulong? BytesReceived, TcpEnding Ending, TcpState LastState, int Retransmits)
{
    /// <summary>From start to end; null when the start was not seen.</summary>
    public TimeSpan? Duration => Start is { } start ? End - start : null;
}
