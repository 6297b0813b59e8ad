using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// -t under Wine 8: its GetTcpTable2 and GetTcp6Table2 exist and fill dwOffloadState with 0 for every
/// row (a FIXME in its iphlpapi: Wine has no offload), so every TCP row is InHost there. That is what
/// this test asserts: the column, the join of both tables' rows to the owner-PID rows (a row that did
/// not join would be blank, with a note on stderr), and the blank column of UDP rows. The other
/// states, and the layout with -o, are checked on recorded tables only (WindowsNetstatTests).
/// </summary>
public sealed partial class WindowsUnderWineTests
{
    [Fact]
    public void Dash_ant_adds_the_offload_state_which_wine_gives_as_in_host_for_every_tcp_row()
    {
        ProcessResult result = _wine.Run("-ant");

        Assert.True(result.ExitCode == 0, result.Stderr);
        // Every TCP row joined to an offload row: no note about blank states.
        Assert.Equal("", result.Stderr);
        string[] lines = Lines(result.Stdout);
        Assert.Equal(["", "Active Connections", "", "  Proto  Local Address          Foreign Address        State           Offload State"], lines[..4]);
        Assert.Contains(Row("TCP", $"127.0.0.1:{_wine.TcpPort}", "0.0.0.0:0", "LISTENING", "InHost"), lines);
        Assert.Contains(Row("TCP", $"127.0.0.1:{_wine.TcpPort}", $"127.0.0.1:{_wine.ClientPort}", "ESTABLISHED", "InHost"), lines);
        Assert.Contains(Row("TCP", $"127.0.0.1:{_wine.ClientPort}", $"127.0.0.1:{_wine.TcpPort}", "ESTABLISHED", "InHost"), lines);
        Assert.Contains(Row("TCP", $"[::1]:{_wine.Tcp6Port}", "[::]:0", "LISTENING", "InHost"), lines);
        Assert.Contains(Row("UDP", $"127.0.0.1:{_wine.UdpPort}", "*:*", "", null), lines);
        Assert.Contains(Row("UDP", $"[::1]:{_wine.Udp6Port}", "*:*", "", null), lines);
        string[] tcp = Rows(result).Where(r => r.StartsWith("  TCP ", StringComparison.Ordinal)).ToArray();
        Assert.True(tcp.Length >= 4, result.Stdout);
        Assert.All(tcp, r => Assert.EndsWith("  InHost", r, StringComparison.Ordinal));
    }
}
