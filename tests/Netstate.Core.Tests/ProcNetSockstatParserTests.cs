using System.Text;
using Netstate.Core.Kernel;
using Netstate.Core.Platform.Linux.Kernel;

namespace Netstate.Core.Tests;

/// <summary>/proc/net/sockstat and sockstat6: "SECTION: key value key value ...".</summary>
public sealed class ProcNetSockstatParserTests
{
    // Captured from this machine's kernel (6.18), sockstat then sockstat6.
    private const string Sockstat = """
        sockets: used 11
        TCP: inuse 1 orphan 0 tw 3 alloc 1 mem 0
        UDP: inuse 0 mem 0
        UDPLITE: inuse 0
        RAW: inuse 0
        FRAG: inuse 0 memory 0

        """;

    private const string Sockstat6 = """
        TCP6: inuse 2
        UDP6: inuse 0
        UDPLITE6: inuse 0
        RAW6: inuse 0
        FRAG6: inuse 0 memory 0

        """;

    [Fact]
    public void Reads_every_counter_of_both_files()
    {
        var counters = new SocketCounters();
        Assert.Empty(ProcNetSockstatParser.Parse(counters, Encoding.ASCII.GetBytes(Sockstat)));
        Assert.Empty(ProcNetSockstatParser.Parse(counters, Encoding.ASCII.GetBytes(Sockstat6)));

        Assert.Equal(11, counters.Get("sockets", "used"));
        Assert.Equal(1, counters.Get("TCP", "inuse"));
        Assert.Equal(3, counters.Get("TCP", "tw"));
        Assert.Equal(0, counters.Get("FRAG", "memory"));
        Assert.Equal(2, counters.Get("TCP6", "inuse"));
        Assert.Equal(["sockets", "TCP", "UDP", "UDPLITE", "RAW", "FRAG", "TCP6", "UDP6", "UDPLITE6", "RAW6", "FRAG6"], counters.Sections);
    }

    [Fact]
    public void Absent_counters_are_null_not_zero()
    {
        var counters = new SocketCounters();
        ProcNetSockstatParser.Parse(counters, Encoding.ASCII.GetBytes(Sockstat));
        Assert.Null(counters.Get("TCP", "no-such-key"));
        Assert.Null(counters.Get("SCTP", "inuse"));
    }

    [Fact]
    public void Counters_a_newer_kernel_adds_are_kept()
    {
        var counters = new SocketCounters();
        Assert.Empty(ProcNetSockstatParser.Parse(counters, "TCP: inuse 5 orphan 1 tw 9 alloc 6 mem 3 future 42\nMPTCP: inuse 7\n"u8));
        Assert.Equal(42, counters.Get("TCP", "future"));
        Assert.Equal(7, counters.Get("MPTCP", "inuse"));
    }

    [Theory]
    [InlineData("TCP inuse 1")]                // no colon
    [InlineData("TCP: inuse one")]             // not a number
    [InlineData("TCP: inuse 1 orphan")]        // a key without a value
    [InlineData(": inuse 1")]                  // no section name
    public void Lines_that_do_not_fit_the_shape_are_returned_not_guessed(string line)
    {
        var counters = new SocketCounters();
        IReadOnlyList<string> bad = ProcNetSockstatParser.Parse(counters, Encoding.ASCII.GetBytes("UDP: inuse 4\n" + line + "\n"));
        Assert.Equal([line], bad);
        Assert.Equal(4, counters.Get("UDP", "inuse"));
    }

    [Fact]
    public void The_live_files_parse_cleanly()
    {
        var counters = new SocketCounters();
        Assert.Empty(ProcNetSockstatParser.Parse(counters, File.ReadAllBytes("/proc/net/sockstat")));
        Assert.Empty(ProcNetSockstatParser.Parse(counters, File.ReadAllBytes("/proc/net/sockstat6")));
        Assert.NotNull(counters.Get("sockets", "used"));
        Assert.NotNull(counters.Get("TCP6", "inuse"));
    }
}
