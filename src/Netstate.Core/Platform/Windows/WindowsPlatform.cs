using System.Diagnostics;
using Netstate.Core.Diagnosis;
using Netstate.Core.Kernel;
using Netstate.Core.Model;
using Netstate.Core.Names;
using Netstate.Core.Platform.Windows.Interop;
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
    private readonly IIpHelperStatistics? _statistics;
    private readonly IIpHelperNetworkTables? _network;
    private readonly Lazy<IReadOnlyDictionary<uint, string[]>> _services;

    /// <summary>Tests stand in for SetTcpEntry; null calls iphlpapi.</summary>
    internal Func<MibTcpRow, uint>? SetTcpEntryCall { get; init; }

    /// <param name="tables">The owner-PID tables.</param>
    /// <param name="imagePath">A process id's executable path.</param>
    /// <param name="statistics">The -s counters; null: -s is not available.</param>
    /// <param name="network">The -r and -e tables; null: not available.</param>
    /// <param name="services">The services of each process id, read once when first needed; null: none (tests).</param>
    internal WindowsPlatform(IIpHelperTables tables, Func<uint, (string?, WindowsProcesses.Outcome)> imagePath,
        IIpHelperStatistics? statistics = null, IIpHelperNetworkTables? network = null, Func<IReadOnlyDictionary<uint, string[]>>? services = null)
    {
        _services = new(services ?? (() => new Dictionary<uint, string[]>()));
        _tables = tables;
        _imagePath = imagePath;
        _statistics = statistics;
        _network = network;
    }

    /// <summary>The running system.</summary>
    public static WindowsPlatform Open() => new(new LiveIpHelperTables(), WindowsProcesses.ImagePath, new LiveIpHelperStatistics(), new LiveIpHelperNetworkTables(),
        () => WindowsServices.ReadRunning(out _));

    /// <summary>The services process <paramref name="pid"/> hosts (empty when none, or when the service list could not be read).</summary>
    internal IReadOnlyList<string> ServicesOf(uint pid) => _services.Value.TryGetValue(pid, out string[]? names) ? names : [];

    /// <summary>Every interface with its counters (GetIfTable2): the Interface List of -r and the totals of -e.</summary>
    public List<WindowsInterface> ReadWindowsInterfaces() => NetworkTableRows.Interfaces(ReadNetwork(NetworkTable.Interfaces));

    /// <summary>The routes of one family (GetIpForwardTable2).</summary>
    public List<WindowsRoute> ReadWindowsRoutes(bool ipv6) => NetworkTableRows.Routes(ReadNetwork(ipv6 ? NetworkTable.Routes6 : NetworkTable.Routes4));

    /// <summary>Every interface's IPv4 addresses (GetUnicastIpAddressTable): the Interface column of the IPv4 route table.</summary>
    public List<WindowsAddress> ReadWindowsIpv4Addresses() => NetworkTableRows.Addresses(ReadNetwork(NetworkTable.Addresses4));

    /// <summary>
    /// This computer's unicast addresses, both families (GetUnicastIpAddressTable): the Windows layout
    /// names a peer at one of them with the computer's name. A family whose table cannot be read adds
    /// none (its addresses are then left to the resolver).
    /// </summary>
    public HashSet<InetAddress> ReadOwnAddresses()
    {
        var own = new HashSet<InetAddress>();
        foreach (NetworkTable table in (ReadOnlySpan<NetworkTable>)[NetworkTable.Addresses4, NetworkTable.Addresses6])
        {
            try
            {
                foreach (WindowsAddress row in NetworkTableRows.Addresses(ReadNetwork(table)))
                    own.Add(row.Address);
            }
            catch (Exception e) when (e is PlatformUnavailableException or InvalidDataException)
            {
            }
        }
        return own;
    }

    /// <summary>Each interface's metric for one family (GetIpInterfaceTable), which Windows adds to the route's own.</summary>
    public List<WindowsInterfaceMetric> ReadInterfaceMetrics(bool ipv6) => NetworkTableRows.InterfaceMetrics(ReadNetwork(ipv6 ? NetworkTable.IpInterfaces6 : NetworkTable.IpInterfaces4));

    /// <summary>The persistent IPv4 routes from the registry; null where there is no Windows registry to read (tests on Linux).</summary>
    public List<PersistentRoute>? ReadPersistentIpv4Routes()
    {
        if (!OperatingSystem.IsWindows() || _network is not LiveIpHelperNetworkTables)
            return null;
        try
        {
            return PersistentRoutes.ReadIpv4();
        }
        catch (Exception e) when (e is System.Security.SecurityException or UnauthorizedAccessException or IOException)
        {
            throw new PlatformUnavailableException($"the persistent routes could not be read from the registry: {e.Message}");
        }
    }

    private byte[] ReadNetwork(NetworkTable table)
    {
        if (_network is null)
            throw NotYet("the routing and interface tables (-r, -e)");
        try
        {
            return _network.Read(table);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new PlatformUnavailableException(e.Message);
        }
        catch (EntryPointNotFoundException e)
        {
            throw new PlatformUnavailableException($"this system's iphlpapi.dll lacks a call netstate needs ({e.Message})");
        }
    }

    /// <summary>
    /// One protocol's counters for one family (Windows netstat -s). Throws <see cref="PlatformUnavailableException"/>
    /// with IP Helper's error when the call fails (IPv6 not installed answers ERROR_NOT_SUPPORTED).
    /// </summary>
    public ProtocolCounters ReadStatistics(StatisticsKind kind, bool ipv6)
    {
        if (_statistics is null)
            throw NotYet("the protocol statistics (-s)");
        try
        {
            return ProtocolStatistics.Parse(kind, ipv6, _statistics.Read(kind, ipv6));
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new PlatformUnavailableException(e.Message);
        }
    }

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

    /// <summary>The owner-PID tables are the socket tables again: read them after, not beside.</summary>
    public bool ScansOwnersBesideRead => false;

    /// <summary>Reads the four owner-PID tables and names each process once.</summary>
    public OwnerMap ScanOwners()
    {
        var entries = new List<SocketEntry>();
        var pids = new List<uint>();
        var notes = new List<SourceNote>();
        foreach (SocketTables table in (ReadOnlySpan<SocketTables>)[SocketTables.Tcp4, SocketTables.Tcp6, SocketTables.Udp4, SocketTables.Udp6])
            WindowsSocketSource.ReadTable(_tables, table, TcpStateSet.All, entries, pids, notes);
        // A table that failed here fails again in the socket read, which reports it.
        return WindowsOwners.Build(entries, pids, _imagePath, ServicesOf);
    }

    /// <summary>
    /// Windows netstat -t's offload states of the TCP tables among <paramref name="tables"/> (GetTcpTable2,
    /// GetTcp6Table2), read after the sockets and joined to them by row key. A call that fails (or that this
    /// iphlpapi.dll lacks) is kept in <see cref="TcpOffloadStates.Failures"/>, and its rows have no state.
    /// </summary>
    public TcpOffloadStates ReadOffloadStates(SocketTables tables, List<SourceNote> notes)
    {
        var states = new Dictionary<ulong, uint>();
        var failures = new List<string>();
        foreach (SocketTables table in (ReadOnlySpan<SocketTables>)[SocketTables.Tcp4, SocketTables.Tcp6])
        {
            if ((tables & table) == 0)
                continue;
            try
            {
                TcpOffloadTable.Parse(_tables.ReadOffload(table), table, states, notes);
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                failures.Add(e.Message);
            }
            catch (EntryPointNotFoundException)
            {
                failures.Add($"this system's iphlpapi.dll has no {(table == SocketTables.Tcp4 ? "GetTcpTable2" : "GetTcp6Table2")}");
            }
        }
        return new TcpOffloadStates(states, failures);
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

    /// <summary>SetTcpEntry with MIB_TCP_STATE_DELETE_TCB (IPv4 TCP connections only), then a look at the table to see it gone.</summary>
    public unsafe ActionResult CloseSocket(SocketEntry entry)
    {
        if (WindowsTcpClose.Refusal(entry) is { } refused)
            return refused;
        MibTcpRow row = WindowsTcpClose.RowFor(entry);
        uint result = SetTcpEntryCall is { } set ? set(row) : TcpEntry.SetTcpEntry(&row);
        return WindowsTcpClose.Outcome(result, result == Interop.IpHelper.NO_ERROR && StillListed(entry));
    }

    /// <summary>The connection is in the IPv4 TCP table with the same addresses and ports.</summary>
    private bool StillListed(SocketEntry entry)
    {
        var entries = new List<SocketEntry>();
        WindowsSocketSource.ReadTable(_tables, SocketTables.Tcp4, TcpStateSet.All, entries, [], []);
        return entries.Exists(e => e.Local == entry.Local && e.Remote == entry.Remote && e.TcpState is not (TcpState.TimeWait or TcpState.Close));
    }

    /// <summary>TerminateProcess, whichever way was asked: Windows has no polite signal.</summary>
    public ActionResult EndProcess(int pid, EndSignal signal) => WindowsProcessEnd.End(pid);

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
