using Netstate.Core.Model;

namespace Netstate.Core.Sources.Linux.SockDiag;

/// <summary>
/// Collects a socket's netlink attributes as they come, then makes the immutable
/// <see cref="SocketDetails"/> once: the attributes arrive in any order, the model never changes.
/// </summary>
internal struct SocketDetailsBuilder
{
    public TcpDetails? Tcp;
    public SocketMemory? Memory;
    public string? Congestion;
    public VegasDetails? Vegas;
    public DctcpDetails? Dctcp;
    public BbrDetails? Bbr;
    public byte? TypeOfService;
    public byte? TrafficClass;
    public byte? Shutdown;
    public uint? Mark;
    public ulong? CgroupId;
    public bool? V6Only;
    public ulong? PeerInode;
    public byte? RawProtocol;

    public readonly SocketDetails Build() => new()
    {
        Tcp = Tcp,
        Memory = Memory,
        Congestion = Congestion,
        Vegas = Vegas,
        Dctcp = Dctcp,
        Bbr = Bbr,
        TypeOfService = TypeOfService,
        TrafficClass = TrafficClass,
        Shutdown = Shutdown,
        Mark = Mark,
        CgroupId = CgroupId,
        V6Only = V6Only,
        PeerInode = PeerInode,
        RawProtocol = RawProtocol,
    };
}
