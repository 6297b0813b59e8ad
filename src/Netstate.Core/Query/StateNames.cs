using Netstate.Core.Model;
using Netstate.Core.Vocabulary;

namespace Netstate.Core.Query;

/// <summary>
/// State names for <c>state</c> and <c>exclude</c>, as bit masks over the kernel's state numbers.
/// ss spellings (established, syn-recv, listening, unconnected ...), netstat spellings
/// (ESTABLISHED, SYN_RECV, LISTEN, CLOSE ...) and ss's groups are all accepted, case-insensitively;
/// '-' and '_' are ignored, so fin-wait-1, FIN_WAIT1 and finwait1 are one state.
/// </summary>
internal static class StateNames
{
    /// <summary>Every state number ss knows (0-13), what <c>all</c> means.</summary>
    public const uint Everything = (1u << 14) - 1;

    private static uint Bit(TcpState state) => 1u << (int)state;

    /// <summary>What is not a single state: ss's groups, and "unknown". Single states are read by <see cref="TcpStateText"/>.</summary>
    private static readonly Dictionary<string, uint> Masks = new(StringComparer.Ordinal)
    {
        ["unknown"] = Bit(TcpState.Unknown),
        // ss's groups (misc/ss.c, scan_state).
        ["all"] = Everything,
        ["connected"] = Everything & ~(Bit(TcpState.Close) | Bit(TcpState.Listen)),
        ["synchronized"] = Everything & ~(Bit(TcpState.Close) | Bit(TcpState.Listen) | Bit(TcpState.SynSent)),
        ["bucket"] = Bit(TcpState.SynRecv) | Bit(TcpState.TimeWait),
        ["big"] = Everything & ~(Bit(TcpState.SynRecv) | Bit(TcpState.TimeWait)),
    };

    /// <summary>The names listed in error messages.</summary>
    public const string Listing =
        "established, syn-sent, syn-recv, fin-wait-1, fin-wait-2, time-wait, close (unconnected), close-wait, last-ack, "
        + "listening, closing, bound-inactive, or a group: all, connected, synchronized, bucket, big";

    /// <summary>The mask for a state or group name, or null when the name is unknown.</summary>
    public static uint? MaskOf(string name)
    {
        // NEW_SYN_RECV is not a state a filter can name: dumps report those request sockets as SYN_RECV.
        if (TcpStateText.TryParse(name, out TcpState state) && state != TcpState.NewSynRecv)
            return Bit(state);
        string key = name.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();
        return Masks.TryGetValue(key, out uint mask) ? mask : null;
    }
}
