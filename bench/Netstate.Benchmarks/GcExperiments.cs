using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Netstate.Benchmarks.Synthetic;
using Netstate.Core.Model;
using Netstate.Core.Platform.Linux;
using Netstate.Core.Platform.Linux.SockDiag;
using Netstate.Core.Platform.Linux.Sources;

namespace Netstate.Benchmarks;

/// <summary>
/// The two heaviest 200,000-socket parses under three GC set-ups. Every entry a parse allocates
/// survives (the list holds it), so each gen0/gen1 collection copies what was just built; a larger
/// gen0 budget, or the server GC's larger budgets, trades memory for fewer such copies.
/// (DOTNET_GCgen0size is an environment-only knob: the runtime has no runtimeconfig name for it.)
/// </summary>
[MemoryDiagnoser]
[Config(typeof(GcJobs))]
public class GcExperiments
{
    private const int Sockets = 200_000;
    private byte[] _tcp4Text = [];
    private List<byte[]> _dumpWithTcpInfo = [];

    [GlobalSetup]
    public void Setup()
    {
        _tcp4Text = ProcNetText.Tcp4(Sockets);
        _dumpWithTcpInfo = SockDiagDump.Build(Sockets, withTcpInfo: true);
        Check.Parsed(ProcNetTcp4().Count, Sockets, "tcp4 text");
        Check.Parsed(NetlinkWithTcpInfo().Count, Sockets, "netlink dump with tcp_info");
    }

    [Benchmark]
    public List<SocketEntry> ProcNetTcp4()
    {
        var entries = new List<SocketEntry>();
        var problems = new ParseProblems();
        ProcNetInetParser.Parse(_tcp4Text, SocketTables.Tcp4, "/proc/net/tcp", entries, problems);
        Check.NoProblems(problems);
        return entries;
    }

    [Benchmark]
    public List<SocketEntry> NetlinkWithTcpInfo()
    {
        var entries = new List<SocketEntry>();
        var parser = new SockDiagReplyParser(SocketTables.Tcp4, SocketDetail.TcpInfo, entries);
        foreach (byte[] chunk in _dumpWithTcpInfo)
            parser.Consume(chunk);
        return entries;
    }

    /// <summary>The default (workstation, concurrent), a 64 MiB gen0 budget, and the server GC.</summary>
    private sealed class GcJobs : ManualConfig
    {
        public GcJobs()
        {
            Job shortRun = Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10);
            AddColumn(StatisticColumn.Min, StatisticColumn.Median);
            AddJob(shortRun.WithId("Workstation").AsBaseline());
            AddJob(shortRun.WithId("Gen0Size64M").WithEnvironmentVariables(new EnvironmentVariable("DOTNET_GCgen0size", "0x4000000")));
            AddJob(shortRun.WithId("ServerGC").WithGcServer(true));
        }
    }
}
