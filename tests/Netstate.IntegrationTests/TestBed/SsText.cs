using System.Text.RegularExpressions;

namespace Netstate.IntegrationTests.TestBed;

/// <summary>Makes two ss-format listings of the same sockets comparable although some of their values kept moving.</summary>
internal static partial class SsText
{
    /// <summary>
    /// Replaces what moves between two runs with a placeholder: timer countdowns (and the
    /// retransmit count of a running retransmit timer), RTT estimates and timeouts, times since the
    /// last send, receive and ack, rates (send, pacing, delivery, BBR's bandwidth), busy time, and the
    /// skmem counters of memory in use (r, t, f, w). A SYN-SENT socket keeps resending its SYN, so its
    /// backoff, retransmit, loss and segment counters move (and, printed only when non-zero, come and
    /// go: they are left out altogether), and so does the drop count (d) of the full listener that
    /// ignores those SYNs. Everything else (states, queues,
    /// addresses, ports, owners, inodes, cookies, options, window scales, MSS, cwnd, byte counts of
    /// idle connections, buffer sizes) must stay equal. Trailing blanks go too: the Process column is
    /// as wide as its longest field, whose moving numbers change its padding. Returns the lines.
    /// </summary>
    public static string[] Normalise(string output)
    {
        string text = Timer().Replace(output, m => $"timer:({m.Groups[1].Value},T,{(m.Groups[1].Value == "on" ? "R" : m.Groups[2].Value)})");
        text = ComingAndGoing().Replace(text, "");
        text = MovingValue().Replace(text, "${key}X");
        text = MovingRate().Replace(text, "${key} Xbps");
        text = Bbr().Replace(text, "bbr:(X)");
        text = MovingMemory().Replace(text, "${key}X");
        return text.Split('\n').Select(line => line.TrimEnd()).ToArray();
    }

    [GeneratedRegex(@"timer:\(([a-z]+),[^,]*,(\d+)\)")]
    private static partial Regex Timer();

    [GeneratedRegex(@" (?:backoff|retrans|lost|bytes_retrans):[0-9/]+")]
    private static partial Regex ComingAndGoing();

    [GeneratedRegex(@"(?<key>\b(?:rtt|rto|ato|minrtt|rcv_rtt|lastsnd|lastrcv|lastack|busy|segs_out|segs_in|unacked|rcv_space|rcv_ssthresh|snd_wnd|delivered|cwnd|ssthresh):)[0-9./]+(ms)?")]
    private static partial Regex MovingValue();

    [GeneratedRegex(@"(?<key>\b(?:send|pacing_rate|delivery_rate)) [0-9.]+[kMGT]?bps(/[0-9.]+[kMGT]?bps)?")]
    private static partial Regex MovingRate();

    [GeneratedRegex(@"bbr:\([^)]*\)")]
    private static partial Regex Bbr();

    [GeneratedRegex(@"(?<key>[(,](?:r|t|f|w|d))\d+")]
    private static partial Regex MovingMemory();
}
