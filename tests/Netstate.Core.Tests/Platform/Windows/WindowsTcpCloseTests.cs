using System.Net;
using System.Runtime.InteropServices;
using Netstate.Core.Model;
using Netstate.Core.Platform;
using Netstate.Core.Platform.Windows;
using Netstate.Core.Platform.Windows.Interop;

namespace Netstate.Core.Tests;

/// <summary>Closing on Windows: the MIB_TCPROW SetTcpEntry gets, what its answers mean, and what Windows cannot close.</summary>
public sealed class WindowsTcpCloseTests
{
    private static SocketEntry Tcp(string local, ushort localPort, string remote, ushort remotePort, TcpState state = TcpState.Established, Protocol protocol = Protocol.Tcp) => new()
    {
        Protocol = protocol,
        Family = IPAddress.Parse(local).AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? Family.Inet6 : Family.Inet,
        Local = new Endpoint(InetAddress.FromIPAddress(IPAddress.Parse(local)), localPort),
        Remote = new Endpoint(InetAddress.FromIPAddress(IPAddress.Parse(remote)), remotePort),
        RawState = (byte)state,
    };

    [Fact]
    public void The_row_is_delete_tcb_with_addresses_and_ports_in_network_order()
    {
        MibTcpRow row = WindowsTcpClose.RowFor(Tcp("127.0.0.1", 8080, "10.1.2.3", 50000));
        byte[] bytes = MemoryMarshal.AsBytes(new Span<MibTcpRow>(ref row)).ToArray();

        Assert.Equal(20, bytes.Length);
        Assert.Equal([12, 0, 0, 0, 127, 0, 0, 1, 0x1f, 0x90, 0, 0, 10, 1, 2, 3, 0xc3, 0x50, 0, 0], bytes);
    }

    [Fact]
    public void Ipv6_udp_and_listeners_are_refused_with_the_reason()
    {
        Assert.Contains("IPv6", WindowsTcpClose.Refusal(Tcp("::1", 80, "::1", 5000))!.Reason, StringComparison.Ordinal);
        Assert.Contains("listening", WindowsTcpClose.Refusal(Tcp("127.0.0.1", 80, "0.0.0.0", 0, TcpState.Listen))!.Reason, StringComparison.Ordinal);
        Assert.Equal(ActionOutcome.NotSupported, WindowsTcpClose.Refusal(Tcp("127.0.0.1", 80, "0.0.0.0", 0, TcpState.Close, Protocol.Udp))!.Outcome);
        Assert.Null(WindowsTcpClose.Refusal(Tcp("127.0.0.1", 80, "127.0.0.1", 5000)));
    }

    [Theory]
    [InlineData(0u, false, (int)ActionOutcome.Done)]
    [InlineData(0u, true, (int)ActionOutcome.Failed)]
    [InlineData(5u, false, (int)ActionOutcome.NotPermitted)]
    [InlineData(317u, false, (int)ActionOutcome.NotPermitted)]
    [InlineData(87u, false, (int)ActionOutcome.Gone)]
    [InlineData(1u, false, (int)ActionOutcome.Failed)]
    public void Set_tcp_entrys_answers_mean_what_windows_says(uint result, bool stillListed, int expected)
    {
        Assert.Equal((ActionOutcome)expected, WindowsTcpClose.Outcome(result, stillListed).Outcome);
    }

    [Fact]
    public void The_platform_calls_set_tcp_entry_once_and_believes_a_success_only_when_the_row_is_gone()
    {
        var calls = new List<MibTcpRow>();
        var recorded = new RecordedIpHelper();
        WindowsPlatform platform = new(recorded, _ => (null, WindowsProcesses.Outcome.Gone), recorded, recorded) { SetTcpEntryCall = row => { calls.Add(row); return 0; } };

        ActionResult closed = platform.CloseSocket(Tcp("127.0.0.1", 8080, "127.0.0.1", 50000));
        ActionResult refused = platform.CloseSocket(Tcp("::1", 8080, "::1", 50000));

        Assert.Equal(ActionOutcome.Done, closed.Outcome);
        Assert.Equal(ActionOutcome.NotSupported, refused.Outcome);
        Assert.Equal(TcpEntry.MIB_TCP_STATE_DELETE_TCB, Assert.Single(calls).State);
    }
}
