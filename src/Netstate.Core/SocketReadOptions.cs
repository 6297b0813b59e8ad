using Netstate.Core.Model;
using Netstate.Core.Sources;

namespace Netstate.Core;

/// <summary>What <see cref="SocketReader"/> reads: which sockets, with which details, from where.</summary>
public sealed record SocketReadOptions
{
    /// <summary>The protocol and family tables to read; all of them by default.</summary>
    public SocketTables Tables { get; init; } = SocketTables.All;

    /// <summary>TCP sockets outside this set are left out (netlink filters them in the kernel).</summary>
    public TcpStateSet States { get; init; } = TcpStateSet.All;

    /// <summary>The details beyond the basic row to read; each costs kernel work.</summary>
    public SocketDetail Details { get; init; }

    /// <summary>Whether to find the processes that hold each socket (a scan of every process's descriptors).</summary>
    public bool Owners { get; init; }

    /// <summary>Which kernel interface serves the tables; null lets the platform choose.</summary>
    public SourcePolicy? Source { get; init; }

    /// <summary>On Linux, a captured proc tree to replay instead of /proc; null reads the running system.</summary>
    public string? ProcRoot { get; init; }

    /// <summary>
    /// The network namespace to read instead of the caller's own (ss -N): a name under /run/netns, a
    /// path to an nsfs file, or pid:PID for a process's namespace. Entering it needs CAP_SYS_ADMIN.
    /// </summary>
    public string? NetworkNamespace { get; init; }

    /// <summary>Read every network namespace of the host (each entry says which); those that cannot be entered become notes.</summary>
    public bool AllNetworkNamespaces { get; init; }

    /// <summary>The question put to the socket source.</summary>
    public SocketQuery Query => new(Tables) { TcpStates = States, Details = Details };
}
