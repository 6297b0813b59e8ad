namespace Netstate.Core.Tracing;

/// <summary>Which kernel events a trace turns on, beyond the state changes it always reads.</summary>
public sealed record TcpTraceRequest
{
    /// <summary>Retransmitted segments.</summary>
    public bool Retransmits { get; init; }

    /// <summary>Resets sent and received.</summary>
    public bool Resets { get; init; }

    /// <summary>Destroyed sockets with their byte counts (connection lifetimes).</summary>
    public bool SocketEnds { get; init; }
}

/// <summary>A running trace; disposing it turns the tracing off and removes what it set up.</summary>
public interface ITcpTrace : IDisposable
{
    /// <summary>What was turned on, in words for stderr ("tracefs instance netstate-123-456: sock/inet_sock_set_state ...").</summary>
    string Description { get; }

    /// <summary>Everything the kernel recorded since the last poll; returns at once.</summary>
    TcpTraceBatch Poll();
}
