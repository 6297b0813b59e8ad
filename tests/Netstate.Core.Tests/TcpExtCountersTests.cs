using Netstate.Core.Lab;

namespace Netstate.Core.Tests;

/// <summary>The lab's reader of /proc/net/netstat's TcpExt lines.</summary>
public sealed class TcpExtCountersTests
{
    [Fact]
    public void Names_are_paired_with_the_values_of_the_second_line()
    {
        Dictionary<string, long> counters = TcpExtCounters.Parse(
            "TcpExt: SyncookiesSent ListenOverflows ListenDrops\nTcpExt: 0 7 9\nIpExt: InNoRoutes\nIpExt: 3\n");

        Assert.Equal(new Dictionary<string, long> { ["SyncookiesSent"] = 0, ["ListenOverflows"] = 7, ["ListenDrops"] = 9 }, counters);
    }

    [Theory]
    [InlineData("")]
    [InlineData("IpExt: InNoRoutes\nIpExt: 3\n")]
    [InlineData("TcpExt: ListenOverflows\n")]
    public void A_file_without_both_tcpext_lines_gives_no_counters(string text) => Assert.Empty(TcpExtCounters.Parse(text));

    [Fact]
    public void A_short_or_garbled_value_line_keeps_what_it_can()
    {
        Dictionary<string, long> counters = TcpExtCounters.Parse("TcpExt: A B C\nTcpExt: 1 x\n");

        Assert.Equal(new Dictionary<string, long> { ["A"] = 1 }, counters);
    }

    [Fact]
    public void The_running_kernels_file_has_the_listen_counters()
    {
        Dictionary<string, long> counters = TcpExtCounters.Parse(File.ReadAllText("/proc/net/netstat"));

        Assert.Contains("ListenOverflows", counters.Keys);
        Assert.Contains("ListenDrops", counters.Keys);
    }
}
