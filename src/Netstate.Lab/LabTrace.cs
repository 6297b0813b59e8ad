using System.Diagnostics;
using Netstate.Core.Model;
using Netstate.Core.Tcp;
using Netstate.Core.Tracing;

namespace Netstate.Lab;

/// <summary>What the trace says of one claim: agrees, contradicts, or cannot tell (null), and why.</summary>
internal readonly record struct LabTraceCheck(bool? Agrees, string? Why);

/// <summary>
/// The scenario's sockets as the kernel's state-change tracepoint saw them: every change, named by
/// the state machine, and the state each role was in at the moment of a read, so that a step's
/// claims are checked against the trace as well as against the read.
/// </summary>
/// <remarks>
/// The tracepoint fires in every namespace; the lab keeps the changes of IPv4 loopback sockets on
/// its server port and names them by the scenario's roles (an unnamed one is not the lab's).
/// A connecting socket reports its first change, CLOSE -> SYN_SENT, before the kernel has picked
/// its port, so changes are tied together by the kernel's socket address, and a socket's life
/// starts again when it leaves CLOSE (the kernel reuses a freed socket's memory). What the
/// tracepoint cannot see is said, not guessed: a request socket (SYN_RECV before the handshake
/// completes) has no tracepoint, and a closing socket is handed to a small timewait entry (its last
/// change is FIN_WAIT1, FIN_WAIT2 or CLOSING -> CLOSE) that goes on in FIN_WAIT2 or TIME_WAIT silently.
/// </remarks>
internal sealed class LabTrace
{
    private readonly ITcpTrace _trace;
    private readonly ushort _serverPort;
    private readonly ulong _start;
    private readonly List<Life> _lives = [];
    private readonly Dictionary<ulong, Life> _bySocket = [];
    private readonly List<(string Role, ulong From, ulong To)> _connects = [];
    private readonly IReadOnlyCollection<int> _helpers;

    /// <param name="trace">A running trace of state changes; the caller disposes it.</param>
    /// <param name="serverPort">The scenario's server port: a change of a socket on it is the lab's.</param>
    /// <param name="start">The run's start on the monotonic clock, in nanoseconds (<see cref="Now"/>).</param>
    /// <param name="helpers">The lab's helper processes, as they are started: system calls they make are the lab's too.</param>
    public LabTrace(ITcpTrace trace, ushort serverPort, ulong start, IReadOnlyCollection<int>? helpers = null)
    {
        _trace = trace;
        _serverPort = serverPort;
        _start = start;
        _helpers = helpers ?? [];
    }

    /// <summary>Changes the kernel dropped from its buffer since the run started (it counts them per page).</summary>
    public long Lost { get; private set; }

    /// <summary>The monotonic clock in nanoseconds: the clock the trace's time stamps use (trace_clock mono).</summary>
    public static ulong Now() => (ulong)(Stopwatch.GetTimestamp() * (1_000_000_000.0 / Stopwatch.Frequency));

    /// <summary>
    /// The lab called connect() for <paramref name="role"/> between these moments: its first change
    /// (CLOSE -> SYN_SENT, made in that call by this process, before the port is chosen) is that role's.
    /// </summary>
    public void Connecting(string role, ulong from, ulong to) => _connects.Add((role, from, to));

    /// <summary>Takes in what the kernel recorded since the last poll.</summary>
    public void Poll()
    {
        TcpTraceBatch batch = _trace.Poll();
        Lost += batch.Lost;
        foreach (TcpTraceRecord record in batch.Events)
        {
            if (record.Kind == TcpTraceEventKind.StateChange && record.Timestamp >= _start && record.Family == Family.Inet && Concerns(record))
                Add(record);
        }
    }

    /// <summary>
    /// Loopback on the server port, or a connect's first change made by this process (the lab makes
    /// every connect itself; the port is not chosen yet, so nothing else tells it apart).
    /// </summary>
    private bool Concerns(TcpTraceRecord record) =>
        (record.Local.Port == 0 && record.OldState == TcpState.Close && record.NewState == TcpState.SynSent && record.CallerPid == Environment.ProcessId)
        || (record.Local.Address == LabSocket.Loopback && (record.Local.Port == _serverPort || record.Remote.Port == _serverPort) && Ours(record.CallerPid));

    /// <summary>
    /// A change made by a system call is the lab's only when the lab or one of its helpers made the call:
    /// another process may use the same loopback port in a namespace of its own (the lock keeps out
    /// other labs, not other programs), and the tracepoint does not say which namespace.
    /// </summary>
    private bool Ours(int? caller) => caller is not int pid || pid == Environment.ProcessId || _helpers.Contains(pid);

    private void Add(TcpTraceRecord record)
    {
        bool born = record.OldState == TcpState.Close || (record.OldState == TcpState.Listen && record.NewState == TcpState.SynRecv);
        if (!_bySocket.TryGetValue(record.Socket, out Life? life) || born || life.Ended)
        {
            life = new Life();
            _bySocket[record.Socket] = life;
            _lives.Add(life);
        }
        life.Changes.Add(new Change(record));
    }

    /// <summary>The changes of the scenario's sockets not yet given to a step, up to <paramref name="until"/>, in time order.</summary>
    public IReadOnlyList<LabTransition> Take(LabRoles roles, ulong until)
    {
        var taken = new List<(ulong Time, LabTransition Transition)>();
        foreach (Life life in _lives)
        {
            string role = life.Role(roles, _connects);
            if (role == LabRoles.Unnamed)
                continue;
            foreach (Change change in life.Changes)
            {
                if (change.Shown || change.Record.Timestamp > until)
                    continue;
                change.Shown = true;
                TcpTraceRecord r = change.Record;
                TcpEvent? explained = TracedTransition.Explain(r.OldState, r.NewState);
                double seconds = Math.Round((r.Timestamp - _start) / 1e9, 4);
                taken.Add((r.Timestamp, new LabTransition(seconds, role, r.OldState, r.NewState, explained?.Rfc, explained?.Plain)));
            }
        }
        taken.Sort((a, b) => a.Time.CompareTo(b.Time));
        return [.. taken.Select(t => t.Transition)];
    }

    /// <summary>Whether the trace shows what <paramref name="claim"/> says, at some moment of the read from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public LabTraceCheck Check(LabClaim claim, LabRoles roles, ulong from, ulong to)
    {
        if (claim.Kind == LabClaimKind.Other || claim.Role is not { } role)
            return new LabTraceCheck(null, null);
        Life? life = _lives.LastOrDefault(l => l.Changes[0].Record.Timestamp <= to && l.Role(roles, _connects) == role);
        if (life is null)
        {
            if (claim.State == TcpState.SynRecv)
                return new LabTraceCheck(null, "a request socket: the tracepoint sees SYN_RECV only once the handshake completes");
            return claim.Kind == LabClaimKind.Gone
                ? new LabTraceCheck(null, "the trace saw no change of this socket")
                : new LabTraceCheck(false, "the trace saw no change of this socket");
        }
        List<TcpTraceRecord> during = [.. life.Changes.Select(c => c.Record).Where(r => r.Timestamp <= to)];
        int first = during.FindLastIndex(r => r.Timestamp <= from);
        // The states the socket was in during the read: the one it was in at its start, and each one entered since.
        IEnumerable<TcpTraceRecord> window = first < 0 ? during : during.Skip(first);
        TcpTraceRecord last = during[^1];
        foreach (TcpTraceRecord r in window)
        {
            if (Shows(claim, r))
                return new LabTraceCheck(true, HandedOver(r) && claim.Kind == LabClaimKind.InState ? HandOverNote(r) : null);
        }
        if (first < 0 && during[0].OldState == claim.State && claim.Kind == LabClaimKind.InState)
            return new LabTraceCheck(true, null);
        return new LabTraceCheck(false, $"the trace shows {Name(last.NewState)} since {Name(last.OldState)} -> {Name(last.NewState)}");
    }

    /// <summary>Whether the state entered by <paramref name="r"/> is what the claim says.</summary>
    private static bool Shows(LabClaim claim, TcpTraceRecord r)
    {
        if (claim.Kind == LabClaimKind.Gone)
            return r.NewState == TcpState.Close;
        if (r.NewState == claim.State)
            return true;
        // A timewait entry goes on in TIME_WAIT (or, for an orphan that closed in FIN_WAIT2, in FIN_WAIT2) without a tracepoint.
        return HandedOver(r) && (claim.State == TcpState.TimeWait || (claim.State == TcpState.FinWait2 && r.OldState == TcpState.FinWait2));
    }

    private static bool HandedOver(TcpTraceRecord r) =>
        r.NewState == TcpState.Close && r.OldState is TcpState.FinWait1 or TcpState.FinWait2 or TcpState.Closing;

    private static string HandOverNote(TcpTraceRecord r) =>
        $"the trace shows the hand-over to a timewait entry ({Name(r.OldState)} -> CLOSE); the tracepoint does not follow the entry";

    private static string Name(TcpState state) => TcpStateCatalogue.Of(state).NetstatName;

    private sealed class Change(TcpTraceRecord record)
    {
        public TcpTraceRecord Record { get; } = record;

        public bool Shown { get; set; }
    }

    /// <summary>One socket from leaving CLOSE to coming back to it.</summary>
    private sealed class Life
    {
        private string? _role;

        public List<Change> Changes { get; } = [];

        public bool Ended => Changes.Count > 0 && Changes[^1].Record.NewState == TcpState.Close;

        /// <summary>
        /// The scenario's name for the socket, from its first change with a port, or before that from
        /// the lab's connect() call that made it; roles are named as sockets are made, so an unnamed
        /// one is asked again.
        /// </summary>
        public string Role(LabRoles roles, List<(string Role, ulong From, ulong To)> connects)
        {
            if (_role is not null)
                return _role;
            TcpTraceRecord? ported = Changes.Select(c => (TcpTraceRecord?)c.Record).FirstOrDefault(r => r!.Value.Local.Port != 0);
            if (ported is not { } r)
            {
                TcpTraceRecord first = Changes[0].Record;
                (string Role, ulong From, ulong To) call = connects.Find(c => c.From <= first.Timestamp && first.Timestamp <= c.To);
                if (call.Role is null)
                    return LabRoles.Unnamed;
                return _role = call.Role;
            }
            string role = roles.RoleOf(r.Local, r.Remote);
            if (role != LabRoles.Unnamed)
                _role = role;
            return role;
        }
    }
}
