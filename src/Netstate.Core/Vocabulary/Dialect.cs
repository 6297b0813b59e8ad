namespace Netstate.Core.Vocabulary;

/// <summary>
/// A way of writing socket states, protocols and endpoints. Each tool people know spells them its
/// own way; netstate writes each output in one of these, and reads every one of them back
/// (docs/vocabulary.md has the whole table).
/// </summary>
public enum Dialect
{
    /// <summary>
    /// net-tools netstat's words: ESTABLISHED, SYN_RECV, TIME_WAIT, LISTEN, tcp6, 127.0.0.1:8080.
    /// netstate's own outputs use it too (JSON and CSV states, --count-by, who, explain, doctor).
    /// Never blank: netstat's table leaves some states blank, which <see cref="SocketStateText.NetstatColumn"/> reproduces.
    /// </summary>
    Netstat,

    /// <summary>iproute2 ss: ESTAB, SYN-RECV, UNCONN, LISTEN, u_str, [::1]:8080, *:22.</summary>
    Ss,

    /// <summary>RFC 9293's state names (SYN-RECEIVED, CLOSED); endpoints as RFC 3986 writes them ([::1]:8080).</summary>
    Rfc9293,

    /// <summary>Windows netstat: LISTENING, SYN_RECEIVED, FIN_WAIT_1, CLOSED, BOUND; TCP and UDP in capitals.</summary>
    Windows,

    /// <summary>The words of the filter language (ss's state names): established, syn-recv, listening, close; tcp, udplite.</summary>
    Filter,
}
