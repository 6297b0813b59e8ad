using System.Diagnostics;
using Netstate.Core.Diagnosis;
using Netstate.Core.Kernel;
using Netstate.Core.Model;
using Netstate.Core.Names;
using Netstate.Core.Owners;
using Netstate.Core.Sources;

namespace Netstate.Core.Platform.Windows;

/// <summary>
/// Windows: TCP and UDP sockets with their owning processes from IP Helper. The kernel tables netstat's
/// other modes show (routes, interfaces, counters, sysctls) are not read here yet: asking for them
/// throws <see cref="PlatformUnavailableException"/> with a message that says so, never an empty table.
/// </summary>
internal sealed class WindowsPlatform : IPlatform
{
    private readonly IIpHelperTables _tables;
    private readonly Func<uint, (string? Path, WindowsProcesses.Outcome Outcome)> _imagePath;

    internal WindowsPlatform(IIpHelperTables tables, Func<uint, (string?, WindowsProcesses.Outcome)> imagePath)
    {
        _tables = tables;
        _imagePath = imagePath;
    }

    /// <summary>The running system.</summary>
    public static WindowsPlatform Open() => new(new LiveIpHelperTables(), WindowsProcesses.ImagePath);

    public string Name => "windows";

    /// <summary>IP Helper is Windows' only socket source: --source netlink and proc are Linux's.</summary>
    public SourcePolicy Resolve(SourcePolicy? asked) => asked is null or SourcePolicy.Auto
        ? SourcePolicy.Auto
        : throw new PlatformUnavailableException($"--source {asked.Value.ToString().ToLowerInvariant()} reads Linux's kernel interfaces", "on Windows the sockets come from IP Helper; leave --source out or give auto");

    public ISocketSource OpenSockets(SourcePolicy policy) => new WindowsSocketSource(_tables);

    /// <summary>Windows has one network stack to read: network namespaces are Linux's.</summary>
    public ISocketSource OpenSockets(SourcePolicy policy, NetworkNamespace space) => throw NoNamespaces();

    public IReadOnlyList<NetworkNamespace> ListNetworkNamespaces(List<SourceNote> notes) => throw NoNamespaces();

    public NetworkNamespace FindNetworkNamespace(string spec) => throw NoNamespaces();

    public IPlatform EnterNetworkNamespace(NetworkNamespace space) => throw NoNamespaces();

    /// <summary>Reads the four owner-PID tables and names each process once.</summary>
    public OwnerMap ScanOwners()
    {
        var entries = new List<SocketEntry>();
        var pids = new List<uint>();
        var notes = new List<SourceNote>();
        foreach (SocketTables table in (ReadOnlySpan<SocketTables>)[SocketTables.Tcp4, SocketTables.Tcp6, SocketTables.Udp4, SocketTables.Udp6])
            WindowsSocketSource.ReadTable(_tables, table, TcpStateSet.All, entries, pids, notes);
        // A table that failed here fails again in the socket read, which reports it.
        return WindowsOwners.Build(entries, pids, _imagePath);
    }

    public TaskNames TaskNames() => new(pid => _imagePath((uint)pid).Path is { } path ? WindowsProcesses.FileName(path) : null);

    /// <summary>The start time, which .NET reads on Windows; no command line or user (they need more rights and calls than netstat's).</summary>
    public ProcessDetails ReadProcess(int pid) => new(pid, null, null, StartTimeOf(pid));

    public ProcessInfo? ReadProcessName(int pid)
    {
        (string? path, _) = _imagePath((uint)pid);
        return path is null ? null : new ProcessInfo(pid, System.Text.Encoding.UTF8.GetBytes(WindowsProcesses.FileName(path)));
    }

    /// <summary>Windows has no control groups: every lookup answers none.</summary>
    public ICgroupNames CgroupNames() => NoCgroups.Instance;

    /// <summary>Windows has no scheduler state letter to give.</summary>
    public char? ProcessState(int pid) => null;

    public RouteTableRead<Ipv4Route> ReadIpv4Routes() => throw NotYet("the routing table (-r)");

    public RouteTableRead<Ipv6Route> ReadIpv6Routes() => throw NotYet("the routing table (-r)");

    public InterfaceTable ReadInterfaces(IInterfaceDetails details) => throw NotYet("the interface table (-e)");

    public Dictionary<string, List<Ipv6InterfaceAddress>> ReadIpv6Addresses(List<string> problems) => throw NotYet("interface addresses");

    public IInterfaceDetails OpenInterfaceDetails() => throw NotYet("interface details");

    public MulticastGroupTable ReadMulticastGroups(bool ipv4, bool ipv6) => throw NotYet("multicast group memberships");

    public ConntrackTable ReadConntrack() => throw new PlatformUnavailableException("masqueraded connections come from Linux's connection tracking; Windows has none to show");

    public KernelCounterRead ReadCounters(CounterFiles files) => throw NotYet("the protocol statistics (-s)");

    public SocketCounters ReadSocketCounters(List<SourceNote> notes) => throw NotYet("the kernel's socket counts (--summary)");

    public IReadOnlyList<SysctlValue> ReadSettings(IEnumerable<KernelSetting> settings) => throw NotYet("kernel settings");

    public KernelFigures ReadKernelFigures(List<SourceNote> notes) => throw NotYet("the kernel figures doctor checks");

    // SetTcpEntry (MIB_TCP_STATE_DELETE_TCB) and TerminateProcess would do these; not built yet, so
    // watch's keys and -K say so instead of pretending.
    public ActionResult CloseSocket(SocketEntry entry) =>
        new(ActionOutcome.NotSupported, "closing connections on Windows (SetTcpEntry) is not built yet");

    public ActionResult EndProcess(int pid, EndSignal signal) =>
        new(ActionOutcome.NotSupported, "ending processes on Windows is not built yet");

    public Tracing.ITcpTrace StartTcpTrace(Tracing.TcpTraceRequest request) =>
        throw new PlatformUnavailableException("tracing reads Linux's tracefs; Windows has no such source yet (ETW would be one)");

    private static PlatformUnavailableException NoNamespaces() =>
        new("network namespaces are Linux's; Windows has one network stack to list", "leave out --net and the netns filter word on Windows");

    private static PlatformUnavailableException NotYet(string what) =>
        new($"netstate does not read {what} on Windows yet", "on Windows netstate lists TCP and UDP sockets (-a, -n, -o, -b, -p) with who, filters, JSON, CSV and --count-by; see docs/windows.md");

    private static DateTimeOffset? StartTimeOf(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.StartTime;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return null;
        }
    }
}

/// <summary>The answer of a system without control groups.</summary>
internal sealed class NoCgroups : ICgroupNames
{
    public static NoCgroups Instance { get; } = new();

    public string? PathOf(ulong id) => null;

    public ulong? IdOf(string path) => null;
}
