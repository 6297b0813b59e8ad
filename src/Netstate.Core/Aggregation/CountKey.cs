namespace Netstate.Core.Aggregation;

/// <summary>What <see cref="SocketCounter"/> groups sockets by (the keys of <c>--count-by</c>).</summary>
public enum CountKey
{
    /// <summary>The socket's state (a listening unix socket counts as listening).</summary>
    State,
    /// <summary>The protocol (with the family in netstat's words; with the unix type in ss's).</summary>
    Proto,
    /// <summary>The local port; none for unix sockets.</summary>
    LocalPort,
    /// <summary>The remote address; none for unix sockets.</summary>
    RemoteAddr,
    /// <summary>The remote port; none for unix sockets.</summary>
    RemotePort,
    /// <summary>The owning program's name (processes of one program count together); none when unowned.</summary>
    Process,
    /// <summary>The socket's user.</summary>
    User,
    /// <summary>The network namespace it was read in (--net, --all-namespaces); none otherwise.</summary>
    Netns,
}
