using BenchmarkDotNet.Attributes;
using Netstate.Core.Model;

namespace Netstate.Benchmarks;

/// <summary>
/// SnapshotDiff.Compare over two snapshots of the same machine a moment apart: 2% of the sockets
/// gone, 2% new, 5% with a moved queue or state, the rest unchanged; keyed by cookie (netlink) or,
/// without cookies, by protocol, endpoints and inode (/proc).
/// </summary>
[MemoryDiagnoser]
[BenchJob]
public class SnapshotDiffBenchmarks
{
    private Snapshot _before = null!;
    private Snapshot _after = null!;

    [Params(200_000)]
    public int Sockets { get; set; }

    [Params(true, false)]
    public bool Cookies { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var before = new List<SocketEntry>(Sockets);
        var after = new List<SocketEntry>(Sockets);
        for (int i = 0; i < Sockets; i++)
        {
            SocketEntry entry = Entry(i, TcpState.Established, recvQueue: 0);
            before.Add(entry);
            if (i % 50 == 0)
                continue; // gone
            after.Add(i % 20 == 1 ? Entry(i, i % 40 == 1 ? TcpState.CloseWait : TcpState.Established, recvQueue: 100) : entry);
        }
        for (int i = Sockets; i < Sockets + Sockets / 50; i++)
            after.Add(Entry(i, TcpState.SynSent, recvQueue: 0));
        _before = new Snapshot(before, null, [], DateTimeOffset.UnixEpoch);
        _after = new Snapshot(after, null, [], DateTimeOffset.UnixEpoch);
        SnapshotDiff diff = Compare();
        Console.WriteLine($"// setup: {diff.Added.Count} added, {diff.Removed.Count} removed, {diff.Changed.Count} changed");
    }

    [Benchmark]
    public SnapshotDiff Compare() => SnapshotDiff.Compare(_before, _after);

    private SocketEntry Entry(int i, TcpState state, ulong recvQueue) => new()
    {
        Protocol = Protocol.Tcp,
        Family = Family.Inet,
        Local = new Endpoint(InetAddress.FromV4([10, 0, (byte)(i >> 16), (byte)(i >> 8)]), (ushort)(1024 + (i & 0x3FFF))),
        Remote = new Endpoint(InetAddress.FromV4([192, 168, (byte)(i >> 8), (byte)i]), 443),
        RawState = (byte)state,
        RecvQueue = recvQueue,
        Inode = (ulong)(100_000 + i),
        Cookie = Cookies ? (ulong)(1 + i) : 0,
    };
}
