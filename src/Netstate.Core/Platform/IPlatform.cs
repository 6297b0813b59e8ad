using Netstate.Core.Diagnosis;
using Netstate.Core.Kernel;
using Netstate.Core.Model;
using Netstate.Core.Names;
using Netstate.Core.Owners;
using Netstate.Core.Sources;

namespace Netstate.Core.Platform;

/// <summary>
/// What one operating system gives netstate: its socket tables, the processes that own sockets and
/// its kernel tables, all read from one place (the live system, or on Linux a replayed proc tree).
/// <see cref="Platforms.Open(string?)"/> picks the implementation at run time.
/// </summary>
internal interface IPlatform
{
    /// <summary>A short name for messages: "linux".</summary>
    string Name { get; }

    /// <summary>What an unset policy means here, and whether the tree read can serve the policy asked for.</summary>
    SourcePolicy Resolve(SourcePolicy? asked);

    /// <summary>
    /// A source that reads the socket tables under <paramref name="policy"/>; dispose it after the last read.
    /// Throws <see cref="PlatformUnavailableException"/> when there are no socket tables to read.
    /// </summary>
    ISocketSource OpenSockets(SourcePolicy policy);

    /// <summary>
    /// A source that reads the socket tables of <paramref name="space"/> (one of <see cref="ListNetworkNamespaces"/>
    /// or <see cref="FindNetworkNamespace"/>); dispose it after the last read. Throws
    /// <see cref="PlatformUnavailableException"/> when the namespace cannot be entered, saying why.
    /// </summary>
    ISocketSource OpenSockets(SourcePolicy policy, NetworkNamespace space);

    /// <summary>Every network namespace this user can see, the caller's own first; what could not be seen becomes a note.</summary>
    IReadOnlyList<NetworkNamespace> ListNetworkNamespaces(List<SourceNote> notes);

    /// <summary>The namespace a name, path or pid:PID refers to; throws <see cref="PlatformUnavailableException"/> when none.</summary>
    NetworkNamespace FindNetworkNamespace(string spec);

    /// <summary>
    /// This platform as seen from inside <paramref name="space"/>: its socket tables, kernel tables,
    /// counters and net.* settings are that namespace's, closing a socket happens there, and
    /// processes stay the host's (host PIDs). Dispose it when done (Linux: it holds a thread inside
    /// the namespace). Throws <see cref="PlatformUnavailableException"/> when the namespace cannot be
    /// entered (saying why) or the platform has no namespaces.
    /// </summary>
    IPlatform EnterNetworkNamespace(NetworkNamespace space);

    /// <summary>Socket inode to owning processes, for every process this user may look into.</summary>
    OwnerMap ScanOwners();

    /// <summary>
    /// Whether <see cref="ScanOwners"/> may run on another thread while the socket tables are read
    /// (Linux: the /proc walk beside the netlink dump, which joins by inode, so neither waits for
    /// the other). False where the owners come from the same tables (Windows), read one after the other.
    /// </summary>
    bool ScansOwnersBesideRead { get; }

    /// <summary>Task names (what ss prints in users:(...)) of processes, cached per run.</summary>
    TaskNames TaskNames();

    /// <summary>Control group ids to paths and back (what ss -e shows as cgroup:).</summary>
    ICgroupNames CgroupNames();

    /// <summary>A process's command line, user and start time; nulls for what cannot be read.</summary>
    ProcessDetails ReadProcess(int pid);

    /// <summary>A process's name as the owner scan reads it; null when it has gone or cannot be read.</summary>
    ProcessInfo? ReadProcessName(int pid);

    /// <summary>A process's scheduler state letter (R, S, D, T stopped, t traced, Z exited); null when it has gone.</summary>
    char? ProcessState(int pid);

    /// <summary>
    /// Closes one socket whoever holds it (Linux: sock_diag's SOCK_DESTROY, the peer of a TCP socket
    /// gets a reset; Windows: SetTcpEntry), in the network namespace it was read in
    /// (<see cref="SocketEntry.Namespace"/>; Linux enters it for the request). A change to the
    /// system: callers ask the user first.
    /// </summary>
    ActionResult CloseSocket(SocketEntry entry);

    /// <summary>Asks process <paramref name="pid"/> to end (or ends it). A change to the system: callers ask the user first.</summary>
    ActionResult EndProcess(int pid, EndSignal signal);

    RouteTableRead<Ipv4Route> ReadIpv4Routes();

    RouteTableRead<Ipv6Route> ReadIpv6Routes();

    /// <summary>Per-interface counters, with flags and MTU from <paramref name="details"/>.</summary>
    InterfaceTable ReadInterfaces(IInterfaceDetails details);

    /// <summary>The IPv6 addresses of every interface, by interface name; problems are added to <paramref name="problems"/>.</summary>
    Dictionary<string, List<Ipv6InterfaceAddress>> ReadIpv6Addresses(List<string> problems);

    /// <summary>Reads flags, MTU and hardware details of one interface at a time; dispose it when done.</summary>
    IInterfaceDetails OpenInterfaceDetails();

    MulticastGroupTable ReadMulticastGroups(bool ipv4, bool ipv6);

    ConntrackTable ReadConntrack();

    /// <summary>The kernel's protocol counters (netstat -s) from the file groups asked for.</summary>
    KernelCounterRead ReadCounters(CounterFiles files);

    /// <summary>The kernel's own socket counts (sockstat); problems become notes.</summary>
    SocketCounters ReadSocketCounters(List<SourceNote> notes);

    IReadOnlyList<SysctlValue> ReadSettings(IEnumerable<KernelSetting> settings);

    /// <summary>The counters and settings doctor's rules need; problems become notes.</summary>
    KernelFigures ReadKernelFigures(List<SourceNote> notes);

    /// <summary>
    /// Starts tracing TCP events (this changes the system: the caller has the user's consent).
    /// Throws <see cref="PlatformUnavailableException"/> saying what is missing (privileges, kernel support).
    /// </summary>
    Tracing.ITcpTrace StartTcpTrace(Tracing.TcpTraceRequest request);
}
