namespace Netstate.Core.Tcp;

/// <summary>What makes a connection change state (RFC 9293, section 3.3.2).</summary>
public enum TcpEventKind
{
    /// <summary>The application calls into the kernel: OPEN, SEND, CLOSE (connect(), listen(), close()).</summary>
    UserCall,
    /// <summary>A segment arrives from the peer.</summary>
    SegmentReceived,
    /// <summary>A timer expires.</summary>
    Timeout,
}

/// <summary>The trigger of a transition.</summary>
/// <param name="Kind">User call, segment received or timeout.</param>
/// <param name="Rfc">The label RFC 9293's diagram uses ("rcv SYN", "active OPEN", "Timeout=2MSL").</param>
/// <param name="Plain">The same in the terms of the sockets API and Linux ("connect()", "the peer's FIN arrives").</param>
public sealed record TcpEvent(TcpEventKind Kind, string Rfc, string Plain)
{
    internal static TcpEvent Call(string rfc, string plain) => new(TcpEventKind.UserCall, rfc, plain);

    internal static TcpEvent Receive(string rfc, string plain) => new(TcpEventKind.SegmentReceived, rfc, plain);

    internal static TcpEvent Timer(string rfc, string plain) => new(TcpEventKind.Timeout, rfc, plain);
}
