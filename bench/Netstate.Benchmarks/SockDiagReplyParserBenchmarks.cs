using BenchmarkDotNet.Attributes;
using Netstate.Benchmarks.Synthetic;
using Netstate.Core.Model;
using Netstate.Core.Platform.Linux.SockDiag;

namespace Netstate.Benchmarks;

/// <summary>
/// SockDiagReplyParser.Consume over a whole synthetic TCP/IPv4 dump, chunk by chunk as the
/// transport hands them over: either plain rows (124-byte messages, no details asked) or rows with
/// tcp_info (408-byte messages, <see cref="SocketDetail.TcpInfo"/> asked, as for -i/-e style output).
/// </summary>
[MemoryDiagnoser]
[BenchJob]
public class SockDiagReplyParserBenchmarks
{
    private List<byte[]> _chunks = [];

    [Params(10_000, 200_000)]
    public int Sockets { get; set; }

    [Params(false, true)]
    public bool TcpInfo { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _chunks = SockDiagDump.Build(Sockets, TcpInfo);
        long bytes = _chunks.Sum(c => (long)c.Length);
        List<SocketEntry> entries = Consume();
        Check.Parsed(entries.Count, Sockets, $"netlink dump ({_chunks.Count} chunks, {bytes} bytes, tcp_info {TcpInfo})");
        int withDetails = entries.Count(e => e.Details?.Tcp is not null);
        Console.WriteLine($"// setup: {withDetails} entries carry tcp_info");
    }

    [Benchmark]
    public List<SocketEntry> Consume()
    {
        var entries = new List<SocketEntry>();
        var parser = new SockDiagReplyParser(SocketTables.Tcp4, TcpInfo ? SocketDetail.TcpInfo : SocketDetail.None, entries);
        foreach (byte[] chunk in _chunks)
        {
            if (parser.Consume(chunk))
                break;
        }
        if (!parser.Done)
            throw new InvalidOperationException("the dump ended before NLMSG_DONE");
        return entries;
    }
}
