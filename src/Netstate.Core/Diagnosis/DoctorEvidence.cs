using Netstate.Core.Kernel;
using Netstate.Core.Model;

namespace Netstate.Core.Diagnosis;

/// <summary>
/// What the rules need of a socket table, gathered while the table streams past
/// (<see cref="SocketReader.Read(Action{Owners.OwnerMap?}, Action{SocketEntry})"/>), so that a
/// doctor run over 200,000 sockets keeps no object per socket: the sockets some rule looks at one by
/// one (listeners, SYN_RECV, CLOSE_WAIT, TIME_WAIT, closing orphans, retransmitting or with data
/// waiting; a healthy established connection is none of these), the count of every TCP socket, and
/// the per-destination counts of <see cref="Rules.PortExhaustionRule"/>. Evaluating the rules over
/// <see cref="Kept"/> with <see cref="Destinations"/> gives the findings a full snapshot would.
/// </summary>
internal sealed class DoctorEvidence
{
    private readonly PortRange? _range;
    private readonly ulong _unreadBytes;

    /// <param name="range">The ephemeral port range (net.ipv4.ip_local_port_range); null when unknown.</param>
    /// <param name="thresholds">The rules' thresholds; the defaults when null.</param>
    public DoctorEvidence(PortRange? range, DoctorThresholds? thresholds = null)
    {
        _range = range is { Count: > 0 } known ? known : null;
        thresholds ??= new DoctorThresholds();
        Thresholds = thresholds;
        _unreadBytes = Math.Min(thresholds.UnreadBytes, thresholds.UnreadBytesWithFullBuffer);
        Destinations = new PortExhaustionCounts();
    }

    public DoctorThresholds Thresholds { get; }

    /// <summary>Every TCP socket seen.</summary>
    public int TcpSockets { get; private set; }

    /// <summary>The sockets some rule examines one by one, in the order they came.</summary>
    public List<SocketEntry> Kept { get; } = [];

    /// <summary>Connections per (local address, destination), counted over every socket.</summary>
    public PortExhaustionCounts Destinations { get; }

    /// <summary>Counts one socket, and keeps it when a rule may look at it.</summary>
    public void Add(SocketEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Protocol != Protocol.Tcp)
            return;
        TcpSockets++;
        if (_range is PortRange range)
            Destinations.Add(entry, range);
        if (Examined(entry))
            Kept.Add(entry);
    }

    /// <summary>
    /// Whether a rule reads this socket itself (rather than a count): the union of the rules'
    /// conditions, kept loose where a rule's own test needs more than the entry (a full buffer).
    /// </summary>
    private bool Examined(SocketEntry entry) => entry.TcpState switch
    {
        TcpState.Listen or TcpState.SynRecv or TcpState.NewSynRecv or TcpState.CloseWait or TcpState.TimeWait
            or TcpState.FinWait1 or TcpState.FinWait2 or TcpState.Closing or TcpState.LastAck => true,
        _ => entry.Retransmits > 0 || entry.RecvQueue >= _unreadBytes,
    };

    /// <summary>
    /// Whether some rule may name the processes holding the kept sockets: only then is the owner scan
    /// (a readlink of every descriptor on the machine) worth its time.
    /// </summary>
    public bool NeedsOwners()
    {
        int closeWait = 0;
        foreach (SocketEntry entry in Kept)
        {
            switch (entry.TcpState)
            {
                case TcpState.CloseWait:
                    closeWait++;
                    break;
                case TcpState.Listen when entry.ListenBacklog > 0 && entry.RecvQueue >= entry.ListenBacklog:
                    return true; // a full accept queue names the listener's holders
            }
            if (entry.TcpState is TcpState.Established or TcpState.CloseWait && entry.RecvQueue >= _unreadBytes)
                return true; // data waiting names the process that does not read
        }
        // A leak needs this many CLOSE_WAIT sockets in one process, so fewer in all cannot be one.
        return closeWait >= Thresholds.CloseWaitPerProcess;
    }
}

/// <summary>
/// The outgoing connections per (local address, destination) whose local port is in the ephemeral
/// range, and how many of them are in TIME_WAIT: what <see cref="Rules.PortExhaustionRule"/> judges.
/// </summary>
internal sealed class PortExhaustionCounts
{
    public Dictionary<(InetAddress Local, Endpoint Remote), (int Total, int TimeWait)> ByDestination { get; } = [];

    public void Add(SocketEntry entry, PortRange range)
    {
        if (entry.Protocol != Protocol.Tcp || entry.TcpState == TcpState.Listen || entry.Remote.Port == 0 || !range.Contains(entry.Local.Port))
            return;
        ref (int Total, int TimeWait) counts = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(
            ByDestination, (entry.Local.Address, entry.Remote), out _);
        counts.Total++;
        if (entry.TcpState == TcpState.TimeWait)
            counts.TimeWait++;
    }

    public static PortExhaustionCounts Of(IEnumerable<SocketEntry> entries, PortRange range)
    {
        var counts = new PortExhaustionCounts();
        foreach (SocketEntry entry in entries)
            counts.Add(entry, range);
        return counts;
    }
}
