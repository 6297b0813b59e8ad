using System.Globalization;
using Netstate.Core.Model;

namespace Netstate.Core.Sources.Linux;

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
    public string ConntrackCount => Path + "/sys/net/netfilter/nf_conntrack_count";

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
}
