using Netstate.Core.Aggregation;
using Netstate.Core.Model;
using Netstate.Core.Query;
using Netstate.Core.Sources;

namespace Netstate.Cli.Arguments;

/// <summary>
/// What the user asked for, in netstat's terms. Immutable: the parser builds it with <c>with</c>
/// expressions, and a command that needs a variation (the socket part of -g) makes its own copy.
/// </summary>
internal sealed record NetstatOptions
{
    public Mode Mode { get; init; } = Mode.Sockets;

    public bool All { get; init; }

    public bool Listening { get; init; }

    /// <summary>How many -e were given: one adds the User and Inode columns.</summary>
    public int Extend { get; init; }

    public bool Programs { get; init; }

    public bool Timers { get; init; }

    public bool Wide { get; init; }

    /// <summary>The options spelled as in every subcommand (--proc-root, --source, -v).</summary>
    public CommonOptions Common { get; init; } = CommonOptions.None;

    public bool Verbose => Common.Verbose;

    /// <summary>Repeat every <see cref="Interval"/> until interrupted (-c).</summary>
    public bool Continuous { get; init; }

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Stop after this many listings (0: until interrupted); lets tests and scripts bound -c.</summary>
    public int Count { get; init; }

    public bool NumericHosts { get; init; }

    public bool NumericPorts { get; init; }

    public bool NumericUsers { get; init; }

    public bool Tcp { get; init; }

    public bool Udp { get; init; }

    public bool UdpLite { get; init; }

    public bool Raw { get; init; }

    /// <summary>-x, --unix or -A unix.</summary>
    public bool Unix { get; init; }

    /// <summary>-4, --inet or -A inet.</summary>
    public bool Inet { get; init; }

    /// <summary>-6, --inet6 or -A inet6.</summary>
    public bool Inet6 { get; init; }

    public string? ProcRoot => Common.ProcRoot;

    /// <summary>--net: the network namespace to read (a name, a path, or pid:PID); null for netstate's own.</summary>
    public string? NetworkNamespace { get; init; }

    /// <summary>--all-namespaces: every network namespace of the host, each row labelled with its namespace.</summary>
    public bool AllNamespaces { get; init; }

    public TimeSpan? ResolveTimeout { get; init; }

    /// <summary>The filter expression after the flags or in --filter; null when none was given.</summary>
    public SocketFilter? Filter { get; init; }

    /// <summary>The command line was Windows netstat's (the default on Windows): -o shows the PID column.</summary>
    public bool WindowsPids { get; init; }

    /// <summary>Windows netstat's -b: each row's executable name on a line of its own.</summary>
    public bool WindowsExecutables { get; init; }

    /// <summary>Windows netstat's -f: the Foreign Address column's host names fully qualified, not cut at the first dot.</summary>
    public bool WindowsFullNames { get; init; }

    /// <summary>Windows netstat's -t: the Offload State column (TCP rows), read from GetTcpTable2 and GetTcp6Table2.</summary>
    public bool WindowsOffload { get; init; }

    /// <summary>Windows netstat's -p with -s: IP, IPV6, ICMP, ICMPV6, TCP, TCPV6, UDP or UDPV6 (upper case); null for every protocol.</summary>
    public string? WindowsProtocol { get; init; }

    /// <summary>Windows netstat's -e with -s: the interface statistics, then the protocol statistics.</summary>
    public bool WindowsStatistics { get; init; }

    /// <summary>--source: null means netlink where possible, or /proc when --proc-root points elsewhere.</summary>
    public SourcePolicy? Source => Common.Source;

    /// <summary>--format, --json, --csv, --jsonl: how the socket listing is written.</summary>
    public OutputFormat Format { get; init; } = OutputFormat.Netstat;

    /// <summary>--jsonl: each JSON document on one line (one per listing under -c).</summary>
    public bool JsonLines { get; init; }

    /// <summary>--info (and -i with --format ss): TCP internals from tcp_info.</summary>
    public bool TcpInfo { get; init; }

    /// <summary>-m, --memory: socket memory accounting (skmem).</summary>
    public bool Memory { get; init; }

    /// <summary>--count-by: the keys sockets are grouped by, in the order given; empty for a plain listing.</summary>
    public IReadOnlyList<CountKey> CountBy { get; init; } = [];

    /// <summary>--top N: keep only the N largest groups (0: all).</summary>
    public int Top { get; init; }

    /// <summary>-K, --kill (as in ss): close every socket the filter selects, then list those closed.</summary>
    public bool Kill { get; init; }

    private bool AnyInetProtocol => Tcp || Udp || UdpLite || Raw;

    /// <summary>True when no socket selector was given at all: netstat then lists every table.</summary>
    public bool NoSelector => !AnyInetProtocol && !Unix;

    /// <summary>Whether the "Active Internet connections" section is printed.</summary>
    public bool ShowsInet => NoSelector || AnyInetProtocol;

    /// <summary>
    /// The tables to read, by netstat's rules: a family alone means every protocol of it; a
    /// protocol alone means both families; nothing at all means everything.
    /// </summary>
    public SocketTables Tables
    {
        get
        {
            if (NoSelector)
                return SocketTables.All;
            SocketTables families = (Inet ? SocketTables.Inet4 : 0) | (Inet6 ? SocketTables.Inet6 : 0);
            if (families == 0)
                families = SocketTables.Inet4 | SocketTables.Inet6;
            SocketTables protocols = (Tcp ? SocketTables.Tcp : 0) | (Udp ? SocketTables.Udp : 0)
                | (UdpLite ? SocketTables.UdpLite : 0) | (Raw ? SocketTables.Raw : 0);
            return (protocols & families) | (Unix ? SocketTables.Unix : 0);
        }
    }

    /// <summary>These options with netstat's rule applied: a family given without a protocol selects all its protocols.</summary>
    public NetstatOptions Normalised() =>
        (Inet || Inet6) && !AnyInetProtocol ? this with { Tcp = true, Udp = true, UdpLite = true, Raw = true } : this;
}

/// <summary>How a socket listing is written.</summary>
internal enum OutputFormat
{
    Netstat,
    Ss,
    Json,
    Csv,

    /// <summary>Windows netstat's table: Active Connections, Proto, Local Address, Foreign Address, State, PID.</summary>
    Windows,
}

/// <summary>The table netstat was asked to show.</summary>
internal enum Mode
{
    Sockets,
    Help,
    Version,
    Route,
    Interfaces,
    Statistics,
    Masquerade,
    Groups,
    Summary,
}

internal static class ModeNames
{
    public static string Describe(Mode mode) => mode switch
    {
        Mode.Route => "the routing table (-r)",
        Mode.Interfaces => "the interface table (-i)",
        Mode.Statistics => "the protocol statistics (-s)",
        Mode.Masquerade => "the masqueraded connections (-M)",
        Mode.Groups => "the multicast group memberships (-g)",
        Mode.Summary => "the socket summary (--summary)",
        _ => mode.ToString(),
    };
}
