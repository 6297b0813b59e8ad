using Netstate.Core.Model;

namespace Netstate.Core.Tcp;

/// <summary>
/// Reads a state name in any spelling people bring from netstat, ss, RFC 9293 or Windows:
/// TIME_WAIT, time-wait, TIME-WAIT, timewait, ESTAB, LISTENING, SYN_RECEIVED, FIN_WAIT_1, UNCONN.
/// Case, '-', '_' and spaces do not matter.
/// </summary>
public static class TcpStateNames
{
    private static readonly Dictionary<string, TcpState> ByKey = new(StringComparer.Ordinal)
    {
        ["ESTABLISHED"] = TcpState.Established,
        ["ESTAB"] = TcpState.Established,
        ["SYNSENT"] = TcpState.SynSent,
        ["SYNRECV"] = TcpState.SynRecv,
        ["SYNRECEIVED"] = TcpState.SynRecv,
        ["SYNRCVD"] = TcpState.SynRecv,
        ["SYNRCV"] = TcpState.SynRecv,
        ["FINWAIT1"] = TcpState.FinWait1,
        ["FINWAIT2"] = TcpState.FinWait2,
        ["TIMEWAIT"] = TcpState.TimeWait,
        ["CLOSE"] = TcpState.Close,
        ["CLOSED"] = TcpState.Close,
        ["UNCONN"] = TcpState.Close,
        ["UNCONNECTED"] = TcpState.Close,
        ["CLOSEWAIT"] = TcpState.CloseWait,
        ["LASTACK"] = TcpState.LastAck,
        ["LISTEN"] = TcpState.Listen,
        ["LISTENING"] = TcpState.Listen,
        ["CLOSING"] = TcpState.Closing,
        ["NEWSYNRECV"] = TcpState.NewSynRecv,
        ["BOUNDINACTIVE"] = TcpState.BoundInactive,
    };

    /// <summary>The state named by <paramref name="text"/>; false for anything else, including empty text.</summary>
    public static bool TryParse(string? text, out TcpState state)
    {
        state = TcpState.Unknown;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 64)
            return false;
        Span<char> key = stackalloc char[text.Length];
        int length = 0;
        foreach (char c in text)
        {
            if (c is '-' or '_' or ' ')
                continue;
            if (!char.IsAsciiLetterOrDigit(c))
                return false;
            key[length++] = char.ToUpperInvariant(c);
        }
        return ByKey.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(key[..length], out state);
    }

    /// <summary>The names to offer in an error message: netstat's spelling of every state in the model.</summary>
    public static IReadOnlyList<string> Valid { get; } = TcpStateMachine.States.Select(s => TcpStateCatalogue.Of(s).NetstatName).ToArray();
}
