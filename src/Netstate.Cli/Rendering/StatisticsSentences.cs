namespace Netstate.Cli.Rendering;

/// <summary>How netstat -s shows one known counter.</summary>
internal enum SentenceKind
{
    /// <summary>A sentence, printed even when the value is 0.</summary>
    Always,

    /// <summary>A sentence, printed only when the value is not 0.</summary>
    IfNonZero,

    /// <summary>A line under "ICMP input histogram:", printed only when not 0.</summary>
    InputHistogram,

    /// <summary>A line under "ICMP output histogram:", printed only when not 0.</summary>
    OutputHistogram,

    /// <summary>Never printed: configuration rather than a count (DefaultTTL, Forwarding, RtoMin, MaxConn, ...).</summary>
    Hidden,
}

/// <summary>One known counter: how it is shown and its sentence, with {0} where the value goes.</summary>
internal readonly record struct Sentence(SentenceKind Kind, string Format);

/// <summary>
/// The counters net-tools netstat 2.10 knows, per table, with its sentences (statistics.c). Any
/// other counter is shown as "Name: value". netstat looks these up by binary search in lists that
/// are not all sorted, so it misses some of them; here every one is found (docs/differences/statistics.md).
/// </summary>
internal static class StatisticsSentences
{
    /// <summary>The sentence for <paramref name="counter"/> in <paramref name="table"/>, if netstat knows it.</summary>
    public static bool TryFind(string table, string counter, out Sentence sentence)
    {
        sentence = default;
        return Tables.TryGetValue(table, out Dictionary<string, Sentence>? known) && known.TryGetValue(counter, out sentence);
    }

    private static readonly Dictionary<string, Dictionary<string, Sentence>> Tables = new(StringComparer.Ordinal)
    {
        ["Ip"] = new(StringComparer.Ordinal)
        {
            ["DefaultTTL"] = new(SentenceKind.Hidden, ""),
            ["Forwarding"] = new(SentenceKind.Hidden, ""),
            ["ForwDatagrams"] = new(SentenceKind.Always, "{0} forwarded"),
            ["FragCreates"] = new(SentenceKind.IfNonZero, "{0} fragments created"),
            ["FragFails"] = new(SentenceKind.IfNonZero, "{0} outgoing packets failed fragmentation"),
            ["FragOKs"] = new(SentenceKind.IfNonZero, "{0} outgoing packets fragmented ok"),
            ["InAddrErrors"] = new(SentenceKind.IfNonZero, "{0} with invalid addresses"),
            ["InDelivers"] = new(SentenceKind.Always, "{0} incoming packets delivered"),
            ["InDiscards"] = new(SentenceKind.Always, "{0} incoming packets discarded"),
            ["InHdrErrors"] = new(SentenceKind.IfNonZero, "{0} with invalid headers"),
            ["InReceives"] = new(SentenceKind.Always, "{0} total packets received"),
            ["InUnknownProtos"] = new(SentenceKind.IfNonZero, "{0} with unknown protocol"),
            ["OutDiscards"] = new(SentenceKind.IfNonZero, "{0} outgoing packets dropped"),
            ["OutNoRoutes"] = new(SentenceKind.IfNonZero, "{0} dropped because of missing route"),
            ["OutRequests"] = new(SentenceKind.Always, "{0} requests sent out"),
            ["ReasmFails"] = new(SentenceKind.IfNonZero, "{0} packet reassemblies failed"),
            ["ReasmOKs"] = new(SentenceKind.IfNonZero, "{0} packets reassembled ok"),
            ["ReasmReqds"] = new(SentenceKind.IfNonZero, "{0} reassemblies required"),
            ["ReasmTimeout"] = new(SentenceKind.IfNonZero, "{0} fragments dropped after timeout"),
        },
        ["Ip6"] = new(StringComparer.Ordinal)
        {
            ["Ip6FragCreates"] = new(SentenceKind.IfNonZero, "{0} fragments created"),
            ["Ip6FragFails"] = new(SentenceKind.IfNonZero, "{0} outgoing packets failed fragmentation"),
            ["Ip6FragOKs"] = new(SentenceKind.IfNonZero, "{0} outgoing packets fragmented ok"),
            ["Ip6InAddrErrors"] = new(SentenceKind.IfNonZero, "{0} with invalid addresses"),
            ["Ip6InDelivers"] = new(SentenceKind.Always, "{0} incoming packets delivered"),
            ["Ip6InDiscards"] = new(SentenceKind.Always, "{0} incoming packets discarded"),
            ["Ip6InHdrErrors"] = new(SentenceKind.IfNonZero, "{0} with invalid headers"),
            ["Ip6InMcastPkts"] = new(SentenceKind.IfNonZero, "{0} incoming multicast packets"),
            ["Ip6InNoRoutes"] = new(SentenceKind.IfNonZero, "{0} incoming packets with no route"),
            ["Ip6InReceives"] = new(SentenceKind.Always, "{0} total packets received"),
            ["Ip6InTooBigErrors"] = new(SentenceKind.IfNonZero, "{0} with packets too big"),
            ["Ip6InTruncatedPkts"] = new(SentenceKind.IfNonZero, "{0} with truncated packets"),
            ["Ip6InUnknownProtos"] = new(SentenceKind.IfNonZero, "{0} with unknown protocol"),
            ["Ip6OutDiscards"] = new(SentenceKind.IfNonZero, "{0} outgoing packets dropped"),
            ["Ip6OutForwDatagrams"] = new(SentenceKind.Always, "{0} forwarded"),
            ["Ip6OutMcastPkts"] = new(SentenceKind.IfNonZero, "{0} outgoing multicast packets"),
            ["Ip6OutNoRoutes"] = new(SentenceKind.IfNonZero, "{0} dropped because of missing route"),
            ["Ip6OutRequests"] = new(SentenceKind.Always, "{0} requests sent out"),
            ["Ip6ReasmFails"] = new(SentenceKind.IfNonZero, "{0} packet reassemblies failed"),
            ["Ip6ReasmOKs"] = new(SentenceKind.IfNonZero, "{0} packets reassembled ok"),
            ["Ip6ReasmReqds"] = new(SentenceKind.IfNonZero, "{0} reassemblies required"),
            ["Ip6ReasmTimeout"] = new(SentenceKind.IfNonZero, "{0} fragments dropped after timeout"),
        },
        ["Icmp"] = new(StringComparer.Ordinal)
        {
            ["InAddrMaskReps"] = new(SentenceKind.InputHistogram, "address mask replies: {0}"),
            ["InAddrMasks"] = new(SentenceKind.InputHistogram, "address mask request: {0}"),
            ["InDestUnreachs"] = new(SentenceKind.InputHistogram, "destination unreachable: {0}"),
            ["InEchoReps"] = new(SentenceKind.InputHistogram, "echo replies: {0}"),
            ["InEchos"] = new(SentenceKind.InputHistogram, "echo requests: {0}"),
            ["InErrors"] = new(SentenceKind.Always, "{0} input ICMP message failed"),
            ["InMsgs"] = new(SentenceKind.Always, "{0} ICMP messages received"),
            ["InParmProbs"] = new(SentenceKind.InputHistogram, "wrong parameters: {0}"),
            ["InRedirects"] = new(SentenceKind.InputHistogram, "redirects: {0}"),
            ["InSrcQuenchs"] = new(SentenceKind.InputHistogram, "source quenches: {0}"),
            ["InTimeExcds"] = new(SentenceKind.InputHistogram, "timeout in transit: {0}"),
            ["InTimestampReps"] = new(SentenceKind.InputHistogram, "timestamp reply: {0}"),
            ["InTimestamps"] = new(SentenceKind.InputHistogram, "timestamp request: {0}"),
            ["OutAddrMaskReps"] = new(SentenceKind.OutputHistogram, "address mask replies: {0}"),
            ["OutAddrMasks"] = new(SentenceKind.OutputHistogram, "address mask requests: {0}"),
            ["OutDestUnreachs"] = new(SentenceKind.OutputHistogram, "destination unreachable: {0}"),
            ["OutEchoReps"] = new(SentenceKind.OutputHistogram, "echo replies: {0}"),
            ["OutEchos"] = new(SentenceKind.OutputHistogram, "echo requests: {0}"),
            ["OutErrors"] = new(SentenceKind.Always, "{0} ICMP messages failed"),
            ["OutMsgs"] = new(SentenceKind.Always, "{0} ICMP messages sent"),
            ["OutParmProbs"] = new(SentenceKind.OutputHistogram, "wrong parameters: {0}"),
            ["OutRedirects"] = new(SentenceKind.OutputHistogram, "redirect: {0}"),
            ["OutSrcQuenchs"] = new(SentenceKind.OutputHistogram, "source quench: {0}"),
            ["OutTimeExcds"] = new(SentenceKind.OutputHistogram, "time exceeded: {0}"),
            ["OutTimestampReps"] = new(SentenceKind.OutputHistogram, "timestamp replies: {0}"),
            ["OutTimestamps"] = new(SentenceKind.OutputHistogram, "timestamp requests: {0}"),
        },
        ["Icmp6"] = new(StringComparer.Ordinal)
        {
            ["Icmp6InDestUnreachs"] = new(SentenceKind.InputHistogram, "destination unreachable: {0}"),
            ["Icmp6InEchoReplies"] = new(SentenceKind.InputHistogram, "echo replies: {0}"),
            ["Icmp6InEchos"] = new(SentenceKind.InputHistogram, "echo requests: {0}"),
            ["Icmp6InErrors"] = new(SentenceKind.Always, "{0} input ICMP message failed"),
            ["Icmp6InGroupMembQueries"] = new(SentenceKind.InputHistogram, "group member queries: {0}"),
            ["Icmp6InGroupMembReductions"] = new(SentenceKind.InputHistogram, "group member reductions: {0}"),
            ["Icmp6InGroupMembResponses"] = new(SentenceKind.InputHistogram, "group member responses: {0}"),
            ["Icmp6InMsgs"] = new(SentenceKind.Always, "{0} ICMP messages received"),
            ["Icmp6InNeighborAdvertisements"] = new(SentenceKind.InputHistogram, "neighbour advertisement: {0}"),
            ["Icmp6InNeighborSolicits"] = new(SentenceKind.InputHistogram, "neighbour solicits: {0}"),
            ["Icmp6InParmProblems"] = new(SentenceKind.InputHistogram, "parameter problem: {0}"),
            ["Icmp6InPktTooBigs"] = new(SentenceKind.InputHistogram, "packets too big: {0}"),
            ["Icmp6InRedirects"] = new(SentenceKind.InputHistogram, "redirects: {0}"),
            ["Icmp6InRouterAdvertisements"] = new(SentenceKind.InputHistogram, "router advertisement: {0}"),
            ["Icmp6InRouterSolicits"] = new(SentenceKind.InputHistogram, "router solicits: {0}"),
            ["Icmp6InTimeExcds"] = new(SentenceKind.InputHistogram, "received ICMPv6 time exceeded: {0}"),
            ["Icmp6OutDestUnreachs"] = new(SentenceKind.OutputHistogram, "destination unreachable: {0}"),
            ["Icmp6OutEchoReplies"] = new(SentenceKind.OutputHistogram, "echo replies: {0}"),
            ["Icmp6OutEchos"] = new(SentenceKind.OutputHistogram, "echo requests: {0}"),
            ["Icmp6OutGroupMembQueries"] = new(SentenceKind.OutputHistogram, "group member queries: {0}"),
            ["Icmp6OutGroupMembReductions"] = new(SentenceKind.OutputHistogram, "group member reductions: {0}"),
            ["Icmp6OutGroupMembResponses"] = new(SentenceKind.OutputHistogram, "group member responses: {0}"),
            ["Icmp6OutMsgs"] = new(SentenceKind.Always, "{0} ICMP messages sent"),
            ["Icmp6OutNeighborAdvertisements"] = new(SentenceKind.OutputHistogram, "neighbor advertisements: {0}"),
            ["Icmp6OutNeighborSolicits"] = new(SentenceKind.OutputHistogram, "neighbor solicits: {0}"),
            ["Icmp6OutParmProblems"] = new(SentenceKind.OutputHistogram, "parameter problem: {0}"),
            ["Icmp6OutPktTooBigs"] = new(SentenceKind.OutputHistogram, "packets too big: {0}"),
            ["Icmp6OutRedirects"] = new(SentenceKind.OutputHistogram, "redirects: {0}"),
            ["Icmp6OutRouterAdvertisements"] = new(SentenceKind.OutputHistogram, "router advertisement: {0}"),
            ["Icmp6OutRouterSolicits"] = new(SentenceKind.OutputHistogram, "router solicits: {0}"),
            ["Icmp6OutTimeExcds"] = new(SentenceKind.OutputHistogram, "sent ICMPv6 time exceeded: {0}"),
        },
        ["Tcp"] = new(StringComparer.Ordinal)
        {
            ["ActiveOpens"] = new(SentenceKind.Always, "{0} active connection openings"),
            ["AttemptFails"] = new(SentenceKind.Always, "{0} failed connection attempts"),
            ["CurrEstab"] = new(SentenceKind.Always, "{0} connections established"),
            ["EstabResets"] = new(SentenceKind.Always, "{0} connection resets received"),
            ["InErrs"] = new(SentenceKind.Always, "{0} bad segments received"),
            ["InSegs"] = new(SentenceKind.Always, "{0} segments received"),
            ["MaxConn"] = new(SentenceKind.Hidden, ""),
            ["OutRsts"] = new(SentenceKind.Always, "{0} resets sent"),
            ["OutSegs"] = new(SentenceKind.Always, "{0} segments sent out"),
            ["PassiveOpens"] = new(SentenceKind.Always, "{0} passive connection openings"),
            ["RetransSegs"] = new(SentenceKind.Always, "{0} segments retransmitted"),
            ["RtoAlgorithm"] = new(SentenceKind.Hidden, ""),
            ["RtoMax"] = new(SentenceKind.Hidden, ""),
            ["RtoMin"] = new(SentenceKind.Hidden, ""),
        },
        ["Udp"] = new(StringComparer.Ordinal)
        {
            ["InDatagrams"] = new(SentenceKind.Always, "{0} packets received"),
            ["InErrors"] = new(SentenceKind.Always, "{0} packet receive errors"),
            ["NoPorts"] = new(SentenceKind.Always, "{0} packets to unknown port received"),
            ["OutDatagrams"] = new(SentenceKind.Always, "{0} packets sent"),
            ["RcvbufErrors"] = new(SentenceKind.Always, "{0} receive buffer errors"),
            ["SndbufErrors"] = new(SentenceKind.Always, "{0} send buffer errors"),
        },
        ["Udp6"] = new(StringComparer.Ordinal)
        {
            ["Udp6InDatagrams"] = new(SentenceKind.Always, "{0} packets received"),
            ["Udp6InErrors"] = new(SentenceKind.Always, "{0} packet receive errors"),
            ["Udp6NoPorts"] = new(SentenceKind.Always, "{0} packets to unknown port received"),
            ["Udp6OutDatagrams"] = new(SentenceKind.Always, "{0} packets sent"),
        },
        ["TcpExt"] = new(StringComparer.Ordinal)
        {
            ["DelayedACKLocked"] = new(SentenceKind.IfNonZero, "{0} delayed acks further delayed because of locked socket"),
            ["DelayedACKLost"] = new(SentenceKind.IfNonZero, "Quick ack mode was activated {0} times"),
            ["DelayedACKs"] = new(SentenceKind.IfNonZero, "{0} delayed acks sent"),
            ["EmbryonicRsts"] = new(SentenceKind.IfNonZero, "{0} resets received for embryonic SYN_RECV sockets"),
            ["ListenDrops"] = new(SentenceKind.IfNonZero, "{0} SYNs to LISTEN sockets dropped"),
            ["ListenOverflows"] = new(SentenceKind.IfNonZero, "{0} times the listen queue of a socket overflowed"),
            ["LockDroppedIcmps"] = new(SentenceKind.IfNonZero, "{0} ICMP packets dropped because socket was locked"),
            ["OfoPruned"] = new(SentenceKind.IfNonZero, "{0} packets dropped from out-of-order queue because of socket buffer overrun"),
            ["OutOfWindowIcmps"] = new(SentenceKind.IfNonZero, "{0} ICMP packets dropped because they were out-of-window"),
            ["PAWSActive"] = new(SentenceKind.IfNonZero, "{0} active connections rejected because of time stamp"),
            ["PAWSEstab"] = new(SentenceKind.IfNonZero, "{0} packets rejected in established connections because of timestamp"),
            ["PAWSPassive"] = new(SentenceKind.IfNonZero, "{0} passive connections rejected because of time stamp"),
            ["PruneCalled"] = new(SentenceKind.IfNonZero, "{0} packets pruned from receive queue because of socket buffer overrun"),
            ["RcvPruned"] = new(SentenceKind.IfNonZero, "{0} packets pruned from receive queue"),
            ["SockMallocOOM"] = new(SentenceKind.IfNonZero, "Ran {0} times out of system memory during packet sending"),
            ["SyncookiesFailed"] = new(SentenceKind.IfNonZero, "{0} invalid SYN cookies received"),
            ["SyncookiesRecv"] = new(SentenceKind.IfNonZero, "{0} SYN cookies received"),
            ["SyncookiesSent"] = new(SentenceKind.IfNonZero, "{0} SYN cookies sent"),
            ["TCPAbortFailed"] = new(SentenceKind.IfNonZero, "{0} times unable to send RST due to no memory"),
            ["TCPAbortOnClose"] = new(SentenceKind.IfNonZero, "{0} connections reset due to early user close"),
            ["TCPAbortOnData"] = new(SentenceKind.IfNonZero, "{0} connections reset due to unexpected data"),
            ["TCPAbortOnLinger"] = new(SentenceKind.IfNonZero, "{0} connections aborted after user close in linger timeout"),
            ["TCPAbortOnMemory"] = new(SentenceKind.IfNonZero, "{0} connections aborted due to memory pressure"),
            ["TCPAbortOnSyn"] = new(SentenceKind.IfNonZero, "{0} connections reset due to unexpected SYN"),
            ["TCPAbortOnTimeout"] = new(SentenceKind.IfNonZero, "{0} connections aborted due to timeout"),
            ["TCPDirectCopyFromBacklog"] = new(SentenceKind.IfNonZero, "{0} bytes directly in process context from backlog"),
            ["TCPDirectCopyFromPrequeue"] = new(SentenceKind.IfNonZero, "{0} bytes directly received in process context from prequeue"),
            ["TCPDSACKOfoRecv"] = new(SentenceKind.IfNonZero, "{0} DSACKs for out of order packets received"),
            ["TCPDSACKOfoSent"] = new(SentenceKind.IfNonZero, "{0} DSACKs sent for out of order packets"),
            ["TCPDSACKOldSent"] = new(SentenceKind.IfNonZero, "{0} DSACKs sent for old packets"),
            ["TCPDSACKRecv"] = new(SentenceKind.IfNonZero, "{0} DSACKs received"),
            ["TCPDSackUndo"] = new(SentenceKind.IfNonZero, "{0} congestion window recovered without slow start using DSACK"),
            ["TCPDSACKUndo"] = new(SentenceKind.IfNonZero, "{0} congestion windows recovered without slow start by DSACK"),
            ["TCPFACKReorder"] = new(SentenceKind.IfNonZero, "Detected reordering {0} times using FACK"),
            ["TCPFastRetrans"] = new(SentenceKind.IfNonZero, "{0} fast retransmits"),
            ["TCPForwardRetrans"] = new(SentenceKind.IfNonZero, "{0} forward retransmits"),
            ["TCPFullUndo"] = new(SentenceKind.IfNonZero, "{0} congestion windows fully recovered without slow start"),
            ["TCPHPAcks"] = new(SentenceKind.IfNonZero, "{0} predicted acknowledgments"),
            ["TCPHPHits"] = new(SentenceKind.Always, "{0} packet headers predicted"),
            ["TCPHPHitsToUser"] = new(SentenceKind.IfNonZero, "{0} packet headers predicted and directly queued to user"),
            ["TCPLossFailures"] = new(SentenceKind.IfNonZero, "{0} timeouts in loss state"),
            ["TCPLoss"] = new(SentenceKind.IfNonZero, "{0} TCP data loss events"),
            ["TCPLossUndo"] = new(SentenceKind.IfNonZero, "{0} congestion windows recovered without slow start after partial ack"),
            ["TCPLostRetransmits"] = new(SentenceKind.IfNonZero, "{0} retransmits lost"),
            ["TCPMemoryPressures"] = new(SentenceKind.IfNonZero, "TCP ran low on memory {0} times"),
            ["TCPPartialUndo"] = new(SentenceKind.IfNonZero, "{0} congestion windows partially recovered using Hoe heuristic"),
            ["TCPPrequeued"] = new(SentenceKind.IfNonZero, "{0} packets directly queued to recvmsg prequeue"),
            ["TCPPrequeueDropped"] = new(SentenceKind.IfNonZero, "{0} packets dropped from prequeue"),
            ["TCPPureAcks"] = new(SentenceKind.IfNonZero, "{0} acknowledgments not containing data payload received"),
            ["TCPRcvCollapsed"] = new(SentenceKind.IfNonZero, "{0} packets collapsed in receive queue due to low socket buffer"),
            ["TCPRenoFailures"] = new(SentenceKind.IfNonZero, "{0} timeouts after reno fast retransmit"),
            ["TCPRenoRecoveryFailed"] = new(SentenceKind.IfNonZero, "{0} reno fast retransmits failed"),
            ["TCPRenoRecoveryFail"] = new(SentenceKind.IfNonZero, "{0} classic Reno fast retransmits failed"),
            ["TCPRenoRecovery"] = new(SentenceKind.IfNonZero, "{0} times recovered from packet loss due to fast retransmit"),
            ["TCPRenoReorder"] = new(SentenceKind.IfNonZero, "Detected reordering {0} times using reno fast retransmit"),
            ["TCPSackFailures"] = new(SentenceKind.IfNonZero, "{0} timeouts after SACK recovery"),
            ["TCPSackRecoveryFail"] = new(SentenceKind.IfNonZero, "{0} SACK retransmits failed"),
            ["TCPSackRecovery"] = new(SentenceKind.IfNonZero, "{0} times recovered from packet loss by selective acknowledgements"),
            ["TCPSACKReneging"] = new(SentenceKind.IfNonZero, "{0} bad SACK blocks received"),
            ["TCPSACKReorder"] = new(SentenceKind.IfNonZero, "Detected reordering {0} times using SACK"),
            ["TCPSchedulerFailed"] = new(SentenceKind.IfNonZero, "{0} times receiver scheduled too late for direct processing"),
            ["TCPSlowStartRetrans"] = new(SentenceKind.IfNonZero, "{0} retransmits in slow start"),
            ["TCPTimeouts"] = new(SentenceKind.IfNonZero, "{0} other TCP timeouts"),
            ["TCPTSReorder"] = new(SentenceKind.IfNonZero, "Detected reordering {0} times using time stamp"),
            ["TWKilled"] = new(SentenceKind.IfNonZero, "{0} TCP sockets finished time wait in slow timer"),
            ["TW"] = new(SentenceKind.IfNonZero, "{0} TCP sockets finished time wait in fast timer"),
            ["TWRecycled"] = new(SentenceKind.IfNonZero, "{0} time wait sockets recycled by time stamp"),
        },
        ["Sctp"] = new(StringComparer.Ordinal)
        {
            ["SctpAborteds"] = new(SentenceKind.Always, "{0} Number of Aborteds "),
            ["SctpActiveEstabs"] = new(SentenceKind.Always, "{0} Active Associations"),
            ["SctpChecksumErrors"] = new(SentenceKind.Always, "{0} Number of Packets with invalid Checksum"),
            ["SctpCurrEstab"] = new(SentenceKind.Always, "{0} Current Associations"),
            ["SctpFragUsrMsgs"] = new(SentenceKind.Always, "{0} Number of messages fragmented"),
            ["SctpInCtrlChunks"] = new(SentenceKind.Always, "{0} Number of control chunks received"),
            ["SctpInOrderChunks"] = new(SentenceKind.Always, "{0} Number of ordered chunks received"),
            ["SctpInSCTPPacks"] = new(SentenceKind.Always, "{0} Number of SCTP packets received"),
            ["SctpInUnorderChunks"] = new(SentenceKind.Always, "{0} Number of Unordered chunks received"),
            ["SctpOutCtrlChunks"] = new(SentenceKind.Always, "{0} Number of control chunks sent"),
            ["SctpOutOfBlues"] = new(SentenceKind.Always, "{0} Number of Out of Blue packets"),
            ["SctpOutOrderChunks"] = new(SentenceKind.Always, "{0} Number of ordered chunks sent"),
            ["SctpOutSCTPPacks"] = new(SentenceKind.Always, "{0} Number of SCTP packets sent"),
            ["SctpOutUnorderChunks"] = new(SentenceKind.Always, "{0} Number of Unordered chunks sent"),
            ["SctpPassiveEstabs"] = new(SentenceKind.Always, "{0} Passive Associations"),
            ["SctpReasmUsrMsgs"] = new(SentenceKind.Always, "{0} Number of messages reassembled "),
            ["SctpShutdowns"] = new(SentenceKind.Always, "{0} Number of Graceful Terminations"),
        },    };
}
