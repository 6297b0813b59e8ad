using Netstate.Core;
using Netstate.Core.Aggregation;
using Netstate.Core.Model;
using Netstate.Core.Sources.Linux;

namespace Netstate.Cli.Commands;

/// <summary>
/// The TCP sockets of this machine that explain talks about: counts per state for the diagram,
/// or the sockets of one state. The state filter goes to the kernel.
/// </summary>
internal sealed class LiveTcpSockets
{
    private readonly ProcRoot _procRoot;
    private readonly SourceChoice _choice;
    private readonly NoteReporter _notes;

    public LiveTcpSockets(ProcRoot procRoot, SourceChoice? source, NoteReporter notes)
    {
        _procRoot = procRoot;
        _choice = SocketSourceChoice.Resolve(source, procRoot);
        _notes = notes;
    }

    /// <summary>
    /// BOUND_INACTIVE sockets exist only in netlink dumps (Linux 6.8 and later); /proc/net/tcp has
    /// no such rows, so a /proc read cannot say how many there are.
    /// </summary>
    public bool SeesBoundInactive => _choice != SourceChoice.Proc;

    /// <summary>How many sockets are in each state, indexed by <see cref="TcpState"/>; BOUND_INACTIVE is -1 when unknown.</summary>
    public int[] CountByState()
    {
        SocketSummary summary = SocketSummary.Count(Read(TcpStateSet.All).Entries);
        var counts = new int[16];
        for (int state = 0; state < counts.Length; state++)
            counts[state] = summary.Count((TcpState)state);
        counts[(int)TcpState.BoundInactive] = SeesBoundInactive ? Read(TcpStateSet.Of(TcpState.BoundInactive)).Entries.Count : -1;
        return counts;
    }

    /// <summary>
    /// The sockets in <paramref name="state"/>. NEW_SYN_RECV entries are reported by the kernel as
    /// SYN_RECV, so both read the same set; the kernel reports BOUND_INACTIVE sockets as CLOSE, so
    /// every socket of that dump counts.
    /// </summary>
    public Snapshot ReadState(TcpState state) =>
        Read(TcpStateSet.Of(state == TcpState.NewSynRecv ? TcpState.SynRecv : state));

    private Snapshot Read(TcpStateSet states)
    {
        using LinuxSocketSource source = SocketSourceChoice.Open(_choice, _procRoot);
        Snapshot snapshot = new SocketSnapshotReader(source, _procRoot)
            .Read(new SocketQuery(SocketTables.Tcp) { TcpStates = states }, withOwners: false);
        _notes.Report(snapshot.Notes);
        return snapshot;
    }
}
