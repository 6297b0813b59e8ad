using BenchmarkDotNet.Attributes;
using Netstate.Cli.Terminal;
using Netstate.Cli.Watch;
using Netstate.Core.Model;

namespace Netstate.Benchmarks;

/// <summary>
/// One refresh of <c>netstate watch</c> after the kernel has been read: the diff against the last
/// refresh and the marks (WatchTable.Apply), the sort of every row, and the frame of one 160x50
/// screen, where only the visible rows are formatted. Two snapshots alternate, a moment apart:
/// 2% of the sockets gone, 2% new, 5% with a moved queue or state, tcp_info on every socket.
/// The kernel read and the owner scan are measured by SockDiagReplyParserBenchmarks and
/// OwnerScan*Benchmarks; bench/run.sh times the whole read beside ss.
/// </summary>
[MemoryDiagnoser]
[BenchJob]
public class WatchRefreshBenchmarks
{
    private List<SocketEntry> _first = null!;
    private List<SocketEntry> _second = null!;
    private WatchView _view = null!;
    private bool _odd;
    private DateTimeOffset _at = DateTimeOffset.UnixEpoch;

    [Params(200_000)]
    public int Sockets { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _first = new List<SocketEntry>(Sockets);
        _second = new List<SocketEntry>(Sockets);
        for (int i = 0; i < Sockets; i++)
        {
            SocketEntry entry = Entry(i, TcpState.Established, 0, 1000);
            _first.Add(entry);
            if (i % 50 == 0)
                continue;
            _second.Add(i % 20 == 1 ? Entry(i, i % 40 == 1 ? TcpState.CloseWait : TcpState.Established, 100, 5000) : entry);
        }
        for (int i = Sockets; i < Sockets + Sockets / 50; i++)
            _second.Add(Entry(i, TcpState.SynSent, 0, 0));
        _view = new WatchView(new EndpointNames(null, null), TimeSpan.FromSeconds(1), "");
        _view.Refreshed(_first, null, _first.Count, _at);
    }

    [Benchmark]
    public int Refresh()
    {
        _odd = !_odd;
        _at = _at.AddSeconds(1);
        List<SocketEntry> shown = _odd ? _second : _first;
        _view.Refreshed(shown, null, shown.Count, _at);
        List<ScreenLine> frame = _view.Build(160, 50);
        return FrameWriter.Compose(frame, 160, 50, colour: true).Length;
    }

    private static SocketEntry Entry(int i, TcpState state, ulong recvQueue, ulong bytes) => new()
    {
        Protocol = Protocol.Tcp,
        Family = Family.Inet,
        Local = new Endpoint(InetAddress.FromV4([10, 0, (byte)(i >> 16), (byte)(i >> 8)]), (ushort)(1024 + (i & 0x3FFF))),
        Remote = new Endpoint(InetAddress.FromV4([192, 168, (byte)(i >> 8), (byte)i]), 443),
        RawState = (byte)state,
        RecvQueue = recvQueue,
        SendQueue = 0,
        Inode = (ulong)(100_000 + i),
        Cookie = (ulong)(1 + i),
        Details = new SocketDetails { Tcp = new TcpDetails { RoundTripTime = 250, BytesAcked = bytes, BytesReceived = bytes * 2 } },
    };
}
