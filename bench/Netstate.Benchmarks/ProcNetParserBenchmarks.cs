using BenchmarkDotNet.Attributes;
using Netstate.Benchmarks.Synthetic;
using Netstate.Core.Model;
using Netstate.Core.Platform.Linux;
using Netstate.Core.Platform.Linux.Sources;

namespace Netstate.Benchmarks;

/// <summary>
/// ProcNetInetParser.Parse on synthetic /proc/net/tcp and tcp6 text already in memory: the parse
/// alone, not the read (for /proc the kernel's text generation dominates the read, see README).
/// </summary>
[MemoryDiagnoser]
[BenchJob]
public class ProcNetInetParserBenchmarks
{
    private byte[] _text = [];

    [Params(1_000, 10_000, 200_000)]
    public int Lines { get; set; }

    [Params(SocketTables.Tcp4, SocketTables.Tcp6)]
    public SocketTables Table { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _text = Table == SocketTables.Tcp4 ? ProcNetText.Tcp4(Lines) : ProcNetText.Tcp6(Lines);
        List<SocketEntry> entries = Parse();
        Check.Parsed(entries.Count, Lines, $"{Table} text ({_text.Length} bytes)");
    }

    /// <summary>What ProcNetSocketSource does: a fresh list, grown as rows arrive.</summary>
    [Benchmark(Baseline = true)]
    public List<SocketEntry> Parse()
    {
        var entries = new List<SocketEntry>();
        var problems = new ParseProblems();
        ProcNetInetParser.Parse(_text, Table, "/proc/net/tcp", entries, problems);
        Check.NoProblems(problems);
        return entries;
    }

    /// <summary>The same with the list sized up front (one row per 150 bytes would be an estimate from the file length).</summary>
    [Benchmark]
    public List<SocketEntry> ParseIntoPresizedList()
    {
        var entries = new List<SocketEntry>(Lines);
        var problems = new ParseProblems();
        ProcNetInetParser.Parse(_text, Table, "/proc/net/tcp", entries, problems);
        Check.NoProblems(problems);
        return entries;
    }
}

/// <summary>ProcNetUnixParser.Parse on a synthetic /proc/net/unix (half the rows carry a path).</summary>
[MemoryDiagnoser]
[BenchJob]
public class ProcNetUnixParserBenchmarks
{
    private byte[] _text = [];

    [Params(10_000, 200_000)]
    public int Lines { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _text = ProcNetText.Unix(Lines);
        Check.Parsed(Parse().Count, Lines, $"unix text ({_text.Length} bytes)");
    }

    [Benchmark]
    public List<SocketEntry> Parse()
    {
        var entries = new List<SocketEntry>();
        var problems = new ParseProblems();
        ProcNetUnixParser.Parse(_text, "/proc/net/unix", entries, problems);
        Check.NoProblems(problems);
        return entries;
    }
}
