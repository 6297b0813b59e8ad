namespace Netstate.Core.Kernel;

/// <summary>One interface's line of /proc/net/dev: the kernel's rtnl_link_stats64 as the file shows them.</summary>
internal sealed record InterfaceCounters(string Name)
{
    public ulong RxBytes { get; init; }
    public ulong RxPackets { get; init; }
    public ulong RxErrors { get; init; }
    public ulong RxDropped { get; init; }
    public ulong RxFifoErrors { get; init; }
    public ulong RxFrameErrors { get; init; }
    public ulong RxCompressed { get; init; }
    public ulong RxMulticast { get; init; }
    public ulong TxBytes { get; init; }
    public ulong TxPackets { get; init; }
    public ulong TxErrors { get; init; }
    public ulong TxDropped { get; init; }
    public ulong TxFifoErrors { get; init; }
    public ulong Collisions { get; init; }
    public ulong TxCarrierErrors { get; init; }
    public ulong TxCompressed { get; init; }
}
