using System.Globalization;
using Netstate.Core.Model;

namespace Netstate.Core.Platform.Linux;

/// <summary>
/// Every /proc path netstate reads, resolved from one root so tests can replay captured trees
/// (<c>--proc-root DIR</c> or <see cref="EnvironmentVariable"/>).
/// </summary>
public sealed class ProcRoot
{
    /// <summary>The environment variable that names another proc tree.</summary>
    public const string EnvironmentVariable = "NETSTATE_PROC_ROOT";
    /// <summary>The running kernel's proc tree.</summary>
    public const string DefaultPath = "/proc";

    /// <summary>A proc tree rooted at <paramref name="path"/> (a trailing slash is dropped).</summary>
    public ProcRoot(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path.TrimEnd('/');
        if (Path.Length == 0)
            Path = "/";
    }

    /// <summary>The root given on the command line, else the environment variable, else /proc.</summary>
    public static ProcRoot FromEnvironment(string? commandLineRoot = null)
    {
        string? root = commandLineRoot ?? Environment.GetEnvironmentVariable(EnvironmentVariable);
        return new ProcRoot(string.IsNullOrEmpty(root) ? DefaultPath : root);
    }

    /// <summary>The root, without a trailing slash.</summary>
    public string Path { get; }

    /// <summary>
    /// Where the sysctls are: Path/sys, except for a thread's view (/proc/thread-self has no sys/),
    /// whose sysctls are /proc/sys opened by that thread: /proc/sys/net follows the namespace of the opener.
    /// </summary>
    internal string SysPath { get => _sysPath ?? Path + "/sys"; private init => _sysPath = value; }

    private readonly string? _sysPath;

    internal string Net(string file) => Path + "/net/" + file;

    /// <summary>/proc/net/dev: per-interface counters (netstat -i).</summary>
    public string NetDev => Net("dev");

    /// <summary>/proc/net/igmp: IPv4 multicast memberships (netstat -g).</summary>
    public string NetIgmp => Net("igmp");

    /// <summary>/proc/net/igmp6: IPv6 multicast memberships (netstat -g).</summary>
    public string NetIgmp6 => Net("igmp6");

    /// <summary>/proc/net/if_inet6: every IPv6 address of every interface (netstat -ie).</summary>
    public string NetIfInet6 => Net("if_inet6");

    /// <summary>/proc/net/nf_conntrack: the connection tracking table of this network namespace (netstat -M).</summary>
    public string NetConntrack => Net("nf_conntrack");

    /// <summary>/proc/sys/net/netfilter/nf_conntrack_count: present whenever conntrack is loaded, even without its /proc table.</summary>
    public string ConntrackCount => SysPath + "/net/netfilter/nf_conntrack_count";

    /// <summary>/proc/net/route: the main IPv4 routing table.</summary>
    public string Ipv4Routes => Net("route");

    /// <summary>/proc/net/ipv6_route: every IPv6 route (fib entries and, on old kernels, cache entries).</summary>
    public string Ipv6Routes => Net("ipv6_route");

    /// <summary>/proc/net/snmp: the IPv4 SNMP counters (netstat -s).</summary>
    public string NetSnmp => Net("snmp");

    /// <summary>/proc/net/netstat: Linux's extended counters TcpExt, IpExt, MPTcpExt (netstat -s).</summary>
    public string NetNetstat => Net("netstat");

    /// <summary>/proc/net/snmp6: the IPv6 counters (netstat -s -6).</summary>
    public string NetSnmp6 => Net("snmp6");

    /// <summary>/proc/net/sctp/snmp: the SCTP counters, while the sctp module is loaded.</summary>
    public string NetSctpSnmp => Net("sctp/snmp");

    /// <summary>The /proc/net file for one socket table.</summary>
    public string NetFileOf(SocketTables table) => Net(table switch
    {
        SocketTables.Tcp4 => "tcp",
        SocketTables.Tcp6 => "tcp6",
        SocketTables.Udp4 => "udp",
        SocketTables.Udp6 => "udp6",
        SocketTables.UdpLite4 => "udplite",
        SocketTables.UdpLite6 => "udplite6",
        SocketTables.Raw4 => "raw",
        SocketTables.Raw6 => "raw6",
        SocketTables.Unix => "unix",
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, "not a single table"),
    });

    internal string ProcessDirectory(int pid) => Path + "/" + pid.ToString(CultureInfo.InvariantCulture);

    /// <summary>One file of a process's directory: /proc/PID/comm, cmdline, status, stat.</summary>
    internal string ProcessFile(int pid, string file) => ProcessDirectory(pid) + "/" + file;

    /// <summary>/proc/stat: the boot time (btime) that process start times count from.</summary>
    internal string Stat => Path + "/stat";

    /// <summary>/proc/sys/fs/file-nr: how many files are open system-wide.</summary>
    internal string OpenFileCount => SysPath + "/fs/file-nr";

    /// <summary>/proc/self/mounts: the mounts this process sees (where cgroup2 is).</summary>
    internal string SelfMounts => Path + "/self/mounts";

    /// <summary>/proc/PID/ns/net of this tree's view: thread-self's is the calling thread's network namespace.</summary>
    internal string NetworkNamespaceLink => Path + "/ns/net";

    /// <summary>The file of a sysctl: net.ipv4.tcp_fin_timeout is sys/net/ipv4/tcp_fin_timeout.</summary>
    internal string Sysctl(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return SysPath + "/" + name.Replace('.', '/');
    }

    /// <summary>
    /// The calling thread's view (/proc/thread-self): its network namespace's net/ files, which differ
    /// from the process's once the thread has unshared its namespace. It has no sys/: its sysctls are
    /// /proc/sys, whose net/ follows the namespace of the thread that opens it.
    /// </summary>
    internal static ProcRoot ThisThread => new(DefaultPath + "/thread-self") { SysPath = DefaultPath + "/sys" };

    /// <summary>The running system's /proc, whatever the environment says (netlink ids always refer to it).</summary>
    internal static ProcRoot Live => new(DefaultPath);
}
