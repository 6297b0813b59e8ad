using Netstate.Core.Diagnosis;
using Netstate.Core.Kernel;
using Netstate.Core.Model;
using Netstate.Core.Names;
using Netstate.Core.Owners;
using Netstate.Core.Platform.Linux.Kernel;
using Netstate.Core.Platform.Linux.Namespaces;
using Netstate.Core.Platform.Linux.Names;
using Netstate.Core.Platform.Linux.Owners;
using Netstate.Core.Platform.Linux.SockDiag;
using Netstate.Core.Platform.Linux.Sources;
using Netstate.Core.Sources;

namespace Netstate.Core.Platform.Linux;

/// <summary>Linux: sockets over sock_diag netlink or /proc/net, owners and kernel tables from one proc tree.</summary>
internal sealed class LinuxPlatform : IPlatform
{
    private readonly ProcRoot _root;

    internal LinuxPlatform(ProcRoot root) => _root = root;

    /// <summary>
    /// The proc tree of <paramref name="procRoot"/>, else NETSTATE_PROC_ROOT, else /proc. A root that was
    /// named but does not exist is reported here, so a mistyped --proc-root is never read as an empty system.
    /// </summary>
    public static LinuxPlatform Open(string? procRoot)
    {
        ProcRoot root = ProcRoot.FromEnvironment(procRoot);
        if (!Directory.Exists(root.Path))
            throw Missing(root);
        return new LinuxPlatform(root);
    }

    /// <summary>One message for a tree that is not there, whichever command meets it first: the net/ directory every command reads.</summary>
    private static PlatformUnavailableException Missing(ProcRoot root) => new($"{root.Path}/net does not exist", RootHint);

    private const string RootHint = "is /proc mounted? --proc-root and NETSTATE_PROC_ROOT must name a proc tree";

    /// <summary>
    /// The calling thread's view (/proc/thread-self): after unshare(CLONE_NEWNET) on that thread, its
    /// namespace's tables and counters, while /proc/net still shows the process's main thread's.
    /// Sockets read through it come over netlink opened on the same thread, hence from the same namespace.
    /// </summary>
    public static LinuxPlatform ForThisThread() => new(ProcRoot.ThisThread);

    public string Name => "linux";

    /// <summary>The network namespace read ("net:[4026531840]"); null when it cannot be told.</summary>
    public string? NetworkNamespace => new FileInfo(_root.NetworkNamespaceLink).LinkTarget;

    /// <summary>
    /// The running system's file of a sysctl ("net.ipv4.tcp_fin_timeout"), for the lab, which also writes
    /// them. /proc/sys/net resolves to the namespace of the thread that opens it; /proc/thread-self has no sys/.
    /// </summary>
    internal static string SysctlFile(string name) => ProcRoot.Live.Sysctl(name);

    /// <summary>The tree this platform reads (for the Linux-only parts: the lab, tests).</summary>
    internal ProcRoot Root => _root;

    /// <summary>
    /// The policy asked for; else netlink where possible, except for a replayed proc tree, which /proc
    /// alone can read (netlink always answers for the running kernel).
    /// </summary>
    public SourcePolicy Resolve(SourcePolicy? asked) =>
        asked ?? (_root.Path == ProcRoot.DefaultPath ? SourcePolicy.Auto : SourcePolicy.Proc);

    public ISocketSource OpenSockets(SourcePolicy policy)
    {
        if (!Directory.Exists(_root.Path + "/net"))
            throw Missing(_root);
        return new LinuxSocketSource(policy, _root, new NetlinkSockDiagTransport());
    }

    public ISocketSource OpenSockets(SourcePolicy policy, NetworkNamespace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        if (space.IsOwn)
            return OpenSockets(policy);
        if (policy == SourcePolicy.Proc && _root.Path != ProcRoot.DefaultPath)
            throw new PlatformUnavailableException("a replayed proc tree has no other network namespaces to enter");
        try
        {
            return new NamespaceSocketSource(space.Path ?? throw new PlatformUnavailableException($"{space.Label} has no file to enter it by"), space.Inode, policy);
        }
        catch (NamespaceException e)
        {
            throw new PlatformUnavailableException(e.Message, e);
        }
    }

    public IReadOnlyList<NetworkNamespace> ListNetworkNamespaces(List<SourceNote> notes) => NetworkNamespaceFinder.FindAll(_root, notes);

    public NetworkNamespace FindNetworkNamespace(string spec)
    {
        try
        {
            return NetworkNamespaceFinder.Resolve(_root, spec);
        }
        catch (NamespaceException e)
        {
            throw new PlatformUnavailableException(e.Message, e);
        }
    }

    public OwnerMap ScanOwners() => ProcessOwnerScanner.Scan(_root);

    public bool ScansOwnersBesideRead => true;

    public TaskNames TaskNames() => new(pid => ProcessFiles.TaskNameOf(_root, pid));

    public ProcessDetails ReadProcess(int pid) => ProcessFiles.Read(_root, pid);

    /// <inheritdoc/>
    public ProcessInfo? ReadProcessName(int pid) => ProcessOwnerScanner.ReadProcess(_root, pid);

    /// <inheritdoc/>
    public char? ProcessState(int pid) => ProcessFiles.StateOf(_root, pid);

    /// <inheritdoc/>
    public ActionResult CloseSocket(SocketEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Namespace is not { IsOwn: false } space)
            return SocketDestroyer.Destroy(entry);
        // A netlink socket acts in the namespace it was opened in: open it on a thread inside the socket's.
        NamespacePlatform inside;
        try
        {
            inside = new NamespacePlatform(this, space);
        }
        catch (NamespaceException e)
        {
            return new ActionResult(e.Errno switch { Interop.Errno.ENOENT => ActionOutcome.Gone, Interop.Errno.EPERM => ActionOutcome.NotPermitted, _ => ActionOutcome.Failed }, e.Message);
        }
        using (inside)
            return inside.CloseSocket(entry);
    }

    /// <inheritdoc/>
    public IPlatform EnterNetworkNamespace(NetworkNamespace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        if (_root.Path != ProcRoot.DefaultPath)
            throw new PlatformUnavailableException("a replayed proc tree has no other network namespaces to enter");
        try
        {
            return new NamespacePlatform(this, space);
        }
        catch (NamespaceException e)
        {
            throw new PlatformUnavailableException(e.Message, e);
        }
    }

    /// <inheritdoc/>
    public ActionResult EndProcess(int pid, EndSignal signal) => ProcessSignals.Send(pid, signal);

    public RouteTableRead<Ipv4Route> ReadIpv4Routes() => RouteTableReader.ReadIpv4(_root);

    public RouteTableRead<Ipv6Route> ReadIpv6Routes() => RouteTableReader.ReadIpv6(_root);

    public InterfaceTable ReadInterfaces(IInterfaceDetails details) => InterfaceTableReader.Read(_root, details);

    public Dictionary<string, List<Ipv6InterfaceAddress>> ReadIpv6Addresses(List<string> problems) =>
        InterfaceTableReader.ReadIpv6Addresses(_root, problems);

    public IInterfaceDetails OpenInterfaceDetails() => new LinuxInterfaceDetails();

    public MulticastGroupTable ReadMulticastGroups(bool ipv4, bool ipv6) => MulticastGroupReader.Read(_root, ipv4, ipv6);

    public ConntrackTable ReadConntrack() => ConntrackTableReader.Read(_root);

    public KernelCounterRead ReadCounters(CounterFiles files) => KernelCounterReader.Read(_root, files);

    // Live, whatever the proc root: the ids come from the running kernel (CgroupPaths says why).
    public ICgroupNames CgroupNames() => new CgroupPaths();

    public SocketCounters ReadSocketCounters(List<SourceNote> notes)
    {
        var counters = new SocketCounters();
        ProcNetSockstatParser.ReadInto(counters, _root.Net("sockstat"), notes);
        ProcNetSockstatParser.ReadInto(counters, _root.Net("sockstat6"), notes);
        return counters;
    }

    public IReadOnlyList<SysctlValue> ReadSettings(IEnumerable<KernelSetting> settings) => new SysctlReader(_root).ReadAll(settings);

    public KernelFigures ReadKernelFigures(List<SourceNote> notes) => KernelFiguresReader.Read(_root, notes);

    public Core.Tracing.ITcpTrace StartTcpTrace(Core.Tracing.TcpTraceRequest request) => Tracing.LinuxTcpTrace.Start(request);
}
