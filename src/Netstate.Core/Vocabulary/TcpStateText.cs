using Netstate.Core.Model;
using Netstate.Core.Tcp;

namespace Netstate.Core.Vocabulary;

/// <summary>
/// Every spelling of a TCP state. <see cref="Name"/> writes a state in one dialect; <see cref="TryParse"/>
/// reads a name in any of them: TIME_WAIT, time-wait, TIME-WAIT, timewait, ESTAB, LISTENING,
/// SYN_RECEIVED, FIN_WAIT_1, UNCONN, BOUND. Case, '-', '_' and spaces do not matter.
/// </summary>
public static class TcpStateText
{
    // Indexed by the kernel's state number (0-13); one row per dialect, in Dialect order.
    private static readonly string[][] Names =
    [
        // Netstat: net-tools' tcp_state[] and the kernel's names for the two Linux-only states.
        ["UNKNOWN", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE",
         "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV", "BOUND_INACTIVE"],
        // Ss: sock_state_print(). The kernel dumps request sockets as SYN-RECV and bound-inactive
        // sockets with the CLOSE state, so ss prints those two as SYN-RECV and UNCONN.
        ["UNKNOWN", "ESTAB", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT", "UNCONN",
         "CLOSE-WAIT", "LAST-ACK", "LISTEN", "CLOSING", "SYN-RECV", "UNCONN"],
        // Rfc9293: section 3.3.2; the Linux-only states keep the kernel's names.
        ["UNKNOWN", "ESTABLISHED", "SYN-SENT", "SYN-RECEIVED", "FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT", "CLOSED",
         "CLOSE-WAIT", "LAST-ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV", "BOUND_INACTIVE"],
        // Windows: MIB_TCP_STATE as netstat.exe prints it; BOUND is its word for a bound, idle socket.
        ["UNKNOWN", "ESTABLISHED", "SYN_SENT", "SYN_RECEIVED", "FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT", "CLOSED",
         "CLOSE_WAIT", "LAST_ACK", "LISTENING", "CLOSING", "SYN_RECEIVED", "BOUND"],
        // Filter: ss's filter words (misc/ss.c, sstate_namel).
        ["unknown", "established", "syn-sent", "syn-recv", "fin-wait-1", "fin-wait-2", "time-wait", "close",
         "close-wait", "last-ack", "listening", "closing", "new-syn-recv", "bound-inactive"],
    ];

    private static readonly Dictionary<string, TcpState> ByKey = BuildKeys();

    /// <summary>The state's name in <paramref name="dialect"/>; UNKNOWN (in that dialect's case) for a number outside the kernel's states.</summary>
    public static string Name(TcpState state, Dialect dialect)
    {
        string[] names = Names[(int)dialect];
        return (int)state < names.Length ? names[(int)state] : names[0];
    }

    /// <summary>The state named by <paramref name="text"/> in any dialect; false for anything else, including empty text and UNKNOWN.</summary>
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
    public static IReadOnlyList<string> Valid { get; } = TcpStateMachine.States.Select(s => Name(s, Dialect.Netstat)).ToArray();

    /// <summary>Every dialect's name, folded (upper case, no separators), plus the spellings no dialect writes but people type.</summary>
    private static Dictionary<string, TcpState> BuildKeys()
    {
        var keys = new Dictionary<string, TcpState>(StringComparer.Ordinal)
        {
            ["ESTABLISHED"] = TcpState.Established,
            ["SYNRCVD"] = TcpState.SynRecv,
            ["SYNRCV"] = TcpState.SynRecv,
            ["UNCONNECTED"] = TcpState.Close,
        };
        foreach (string[] names in Names)
        {
            for (int state = 1; state < names.Length; state++)
            {
                // Where a dialect shares a name between two states (ss's UNCONN, SYN-RECV), the kernel's own state wins.
                string key = names[state].Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToUpperInvariant();
                keys.TryAdd(key, (TcpState)state);
            }
        }
        return keys;
    }
}
