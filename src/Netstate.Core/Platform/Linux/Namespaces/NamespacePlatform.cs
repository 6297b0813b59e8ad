using Netstate.Core.Diagnosis;
using Netstate.Core.Kernel;
using Netstate.Core.Model;
using Netstate.Core.Names;
using Netstate.Core.Owners;
using Netstate.Core.Platform.Linux.SockDiag;
using Netstate.Core.Sources;

namespace Netstate.Core.Platform.Linux.Namespaces;

/// <summary>
/// The platform as seen from inside another network namespace: everything that belongs to a network
/// namespace (socket tables, routes, interfaces, counters, sockstat, the net.* sysctls, closing a
/// socket) is read on one thread that entered it, through /proc/thread-self/net and /proc/sys opened
/// by that thread; processes (owners, command lines, signals) are the host's, read as before, so PIDs
/// are host PIDs. Dispose it to end the thread.
/// </summary>
internal sealed class NamespacePlatform : IPlatform, IDisposable
{
    private readonly LinuxPlatform _host;
    private readonly NamespaceThread _thread;

    /// <summary>Reads the thread's own view: /proc/thread-self/net, /proc/sys as that thread opens it.</summary>
    private readonly LinuxPlatform _inside = LinuxPlatform.ForThisThread();

    /// <exception cref="NamespaceException">The namespace cannot be opened or entered, or is gone.</exception>
    public NamespacePlatform(LinuxPlatform host, NetworkNamespace space)
    {
        _host = host;
        Namespace = space;
        _thread = new NamespaceThread(space.Path ?? throw new NamespaceException($"{space.Label} has no file to enter it by", 0), space.Inode);
    }

    /// <summary>The namespace entered.</summary>
    public NetworkNamespace Namespace { get; }

    public string Name => _host.Name;

    public SourcePolicy Resolve(SourcePolicy? asked) => _host.Resolve(asked);

    public ISocketSource OpenSockets(SourcePolicy policy) => new NamespaceSocketSource(_thread, ownsThread: false, policy);

    public ISocketSource OpenSockets(SourcePolicy policy, NetworkNamespace space) =>
        space.Inode == Namespace.Inode ? OpenSockets(policy) : _host.OpenSockets(policy, space);

    public IReadOnlyList<NetworkNamespace> ListNetworkNamespaces(List<SourceNote> notes) => _host.ListNetworkNamespaces(notes);

    public NetworkNamespace FindNetworkNamespace(string spec) => _host.FindNetworkNamespace(spec);

    public OwnerMap ScanOwners() => _host.ScanOwners();

    /// <summary>The host's /proc walk, beside the dump on the namespace's thread.</summary>
    public bool ScansOwnersBesideRead => _host.ScansOwnersBesideRead;

    public TaskNames TaskNames() => _host.TaskNames();

    public ICgroupNames CgroupNames() => _host.CgroupNames();

    public ProcessDetails ReadProcess(int pid) => _host.ReadProcess(pid);

    public ProcessInfo? ReadProcessName(int pid) => _host.ReadProcessName(pid);

    public char? ProcessState(int pid) => _host.ProcessState(pid);

    /// <summary>SOCK_DESTROY over a netlink socket opened inside this namespace (a socket read elsewhere goes to the host, which enters its own).</summary>
    public ActionResult CloseSocket(SocketEntry entry) =>
        entry.Namespace is { } space && space.Inode != Namespace.Inode
            ? _host.CloseSocket(entry)
            : _thread.Run(() => SocketDestroyer.Destroy(entry));

    public ActionResult EndProcess(int pid, EndSignal signal) => _host.EndProcess(pid, signal);

    public IPlatform EnterNetworkNamespace(NetworkNamespace space) => _host.EnterNetworkNamespace(space);

    public RouteTableRead<Ipv4Route> ReadIpv4Routes() => _thread.Run(_inside.ReadIpv4Routes);

    public RouteTableRead<Ipv6Route> ReadIpv6Routes() => _thread.Run(_inside.ReadIpv6Routes);

    public InterfaceTable ReadInterfaces(IInterfaceDetails details) => _thread.Run(() => _inside.ReadInterfaces(details));

    public Dictionary<string, List<Ipv6InterfaceAddress>> ReadIpv6Addresses(List<string> problems) =>
        _thread.Run(() => _inside.ReadIpv6Addresses(problems));

    /// <summary>Its ioctl socket is made inside the namespace, and a socket keeps the namespace it was made in.</summary>
    public IInterfaceDetails OpenInterfaceDetails() => _thread.Run(_inside.OpenInterfaceDetails);

    public MulticastGroupTable ReadMulticastGroups(bool ipv4, bool ipv6) => _thread.Run(() => _inside.ReadMulticastGroups(ipv4, ipv6));

    public ConntrackTable ReadConntrack() => _thread.Run(_inside.ReadConntrack);

    public KernelCounterRead ReadCounters(CounterFiles files) => _thread.Run(() => _inside.ReadCounters(files));

    public SocketCounters ReadSocketCounters(List<SourceNote> notes) => _thread.Run(() => _inside.ReadSocketCounters(notes));

    public IReadOnlyList<SysctlValue> ReadSettings(IEnumerable<KernelSetting> settings) => _thread.Run(() => _inside.ReadSettings(settings));

    public KernelFigures ReadKernelFigures(List<SourceNote> notes) => _thread.Run(() => _inside.ReadKernelFigures(notes));

    public Core.Tracing.ITcpTrace StartTcpTrace(Core.Tracing.TcpTraceRequest request) =>
        throw new PlatformUnavailableException("tracing follows the whole kernel, not one network namespace", "run trace without --net and filter by address");

    public void Dispose() => _thread.Dispose();
}
