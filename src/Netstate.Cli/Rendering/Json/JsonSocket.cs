using Netstate.Core.Model;

namespace Netstate.Cli.Rendering.Json;

/// <summary>
/// One socket in the JSON output (docs/json-schema.json, "socket"). Every property is always
/// written, null when it does not apply, so consumers can rely on the shape.
/// </summary>
internal sealed class JsonSocket
{
    /// <summary>tcp, udp, udplite, raw or unix.</summary>
    public required string Protocol { get; init; }

    /// <summary>inet, inet6 or unix.</summary>
    public required string Family { get; init; }

    /// <summary>netstat's state name (ESTABLISHED, TIME_WAIT ...; LISTENING, CONNECTED ... for unix).</summary>
    public required string State { get; init; }

    /// <summary>The kernel's state number (TCP_* for inet sockets, the BSD socket state for unix).</summary>
    public required byte StateCode { get; init; }

    public required ulong? RecvQ { get; init; }

    public required ulong? SendQ { get; init; }

    /// <summary>A listener's accept-queue limit; 0 when unknown or not a listener.</summary>
    public required uint ListenBacklog { get; init; }

    public required JsonEndpoint? Local { get; init; }

    public required JsonEndpoint? Remote { get; init; }

    /// <summary>The interface index the socket is bound to; 0 for none.</summary>
    public required uint Interface { get; init; }

    public required uint? Uid { get; init; }

    /// <summary>The login name of <see cref="Uid"/>; null when it has none.</summary>
    public required string? User { get; init; }

    public required ulong Inode { get; init; }

    public required ulong Cookie { get; init; }

    public required JsonTimer? Timer { get; init; }

    /// <summary>Every process holding the socket, lowest pid first; null when owners were not read (no -p).</summary>
    public required List<JsonOwner>? Owners { get; init; }

    public required JsonUnix? Unix { get; init; }

    /// <summary>tcp_info, memory and the other netlink extras; null unless asked for (-e, --info, -m).</summary>
    public required SocketDetails? Details { get; init; }

    /// <summary>The network namespace it was read in; null unless --net or --all-namespaces was given.</summary>
    public required JsonNetns? Netns { get; init; }
}

/// <summary>A network namespace.</summary>
/// <param name="Inode">The namespace's inode (readlink /proc/PID/ns/net shows net:[INODE]).</param>
/// <param name="Label">What the tables show: the name, else the container, else net:[INODE].</param>
/// <param name="Name">Its name under /run/netns (or Docker's, CNI's netns directory); null when it has none.</param>
/// <param name="ContainerRuntime">docker, containerd, kubernetes, cri-o, podman or nspawn; null when no container was recognised.</param>
/// <param name="ContainerId">The container's full id (the machine name for nspawn); null when none was recognised.</param>
/// <param name="Own">Whether netstate itself runs in it.</param>
internal sealed record JsonNetns(ulong Inode, string Label, string? Name, string? ContainerRuntime, string? ContainerId, bool Own)
{
    /// <summary>The JSON form of <paramref name="space"/>: the same object in listings, doctor and who.</summary>
    public static JsonNetns Of(Netstate.Core.Model.NetworkNamespace space) =>
        new(space.Inode, space.Label, space.Name, space.Container?.Runtime, space.Container?.Id, space.IsOwn);
}

/// <summary>An address and port; the address as inet_ntop writes it.</summary>
internal sealed record JsonEndpoint(string Address, ushort Port);

/// <summary>The pending timer of an inet socket.</summary>
/// <param name="Kind">off, on (retransmit), keepalive, timewait or probe (zero window).</param>
/// <param name="ExpiresMs">Milliseconds until it fires.</param>
/// <param name="Retransmits">Unrecovered retransmission timeouts.</param>
/// <param name="Probes">Unanswered zero-window or keepalive probes.</param>
internal sealed record JsonTimer(string Kind, ulong ExpiresMs, ulong Retransmits, int Probes);

/// <summary>A holder of the socket.</summary>
/// <param name="Pid">Process id.</param>
/// <param name="Nspid">Its PID inside its own PID namespace (a container's) when that differs from <paramref name="Pid"/>; null when the same or unknown.</param>
/// <param name="Fd">The descriptor number it holds the socket under.</param>
/// <param name="Program">argv[0] (its basename when it is a path), as netstat shows it; a byte that is not UTF-8 is U+FFFD here.</param>
/// <param name="ProgramBytes">The exact bytes of the name in base64 when they are not valid UTF-8; null otherwise.</param>
/// <param name="Services">Windows: the services the process hosts (empty when none); null on Linux, which has no services.</param>
internal sealed record JsonOwner(int Pid, int? Nspid, int Fd, string Program, string? ProgramBytes, IReadOnlyList<string>? Services);

/// <summary>The fields only unix sockets have.</summary>
/// <param name="Type">stream, dgram, raw, rdm or seqpacket.</param>
/// <param name="Path">The bound path ('@' starts an abstract name); null when unnamed; a byte that is not UTF-8 is U+FFFD here.</param>
/// <param name="PathBytes">The exact bytes of the path in base64 when they are not valid UTF-8; null otherwise.</param>
/// <param name="Listening">Whether it accepts connections.</param>
/// <param name="Flags">The socket flags of /proc/net/unix.</param>
/// <param name="RefCount">The kernel's reference count; null when read over netlink.</param>
internal sealed record JsonUnix(string Type, string? Path, string? PathBytes, bool Listening, ulong Flags, ulong? RefCount);
