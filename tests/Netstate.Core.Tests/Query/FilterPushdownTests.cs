using Netstate.Core.Model;
using Netstate.Core.Query;

namespace Netstate.Core.Tests.Query;

/// <summary>What a filter pushes into the source request: only what the whole expression implies.</summary>
public sealed class FilterPushdownTests
{
    private static SocketFilter Parse(string text) => SocketFilter.Parse(text, new FakeFilterNames());

    private static uint Bits(params TcpState[] states) => TcpStateSet.Of(states).Mask;

    public static TheoryData<string, SocketTables, uint> Cases => new()
    {
        { "sport = 22", SocketTables.All, StateNames.Everything },
        { "proto tcp", SocketTables.Tcp, StateNames.Everything },
        { "proto tcp or proto udp", SocketTables.Tcp | SocketTables.Udp, StateNames.Everything },
        { "proto tcp and family inet6", SocketTables.Tcp6, StateNames.Everything },
        { "family inet", SocketTables.Inet4, StateNames.Everything },
        { "not proto unix", SocketTables.All & ~SocketTables.Unix, StateNames.Everything },
        { "proto tcp and not family inet", SocketTables.Tcp6, StateNames.Everything },
        { "state established", SocketTables.All, Bits(TcpState.Established) },
        { "state established and dport = 443", SocketTables.All, Bits(TcpState.Established) },
        { "state established state syn-sent", SocketTables.All, Bits(TcpState.Established, TcpState.SynSent) },
        { "state established or state listening", SocketTables.All, Bits(TcpState.Established, TcpState.Listen) },
        { "exclude listening", SocketTables.All, StateNames.Everything & ~Bits(TcpState.Listen) },
        { "not state listening", SocketTables.All, StateNames.Everything & ~Bits(TcpState.Listen) },
        // An 'or' with a branch that says nothing about states admits every state.
        { "state established or sport = 22", SocketTables.All, StateNames.Everything },
        // A branch with no TCP table does not widen the TCP states.
        { "proto tcp and state listening or proto udp", SocketTables.Tcp | SocketTables.Udp, Bits(TcpState.Listen) },
        { "( proto tcp state listening ) or ( proto udp sport = 53 )", SocketTables.Tcp | SocketTables.Udp, Bits(TcpState.Listen) },
        // De Morgan: not (a or b) = not a and not b.
        { "not ( proto udp or state listening )", SocketTables.All & ~SocketTables.Udp, StateNames.Everything & ~Bits(TcpState.Listen) },
        // not (a and b): any table may pass, but a TCP socket passes only when it is not listening.
        { "not ( proto tcp and state listening )", SocketTables.All, StateNames.Everything & ~Bits(TcpState.Listen) },
        { "not ( proto tcp and sport = 22 )", SocketTables.All, StateNames.Everything },
        { "proto tcp and proto udp", SocketTables.None, 0 },
        { "state established and state listening", SocketTables.All, 0 },
        { "not ( sport = 22 )", SocketTables.All, StateNames.Everything },
        { "proto udp and state established", SocketTables.Udp, 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Pushes_down_only_what_the_whole_expression_implies(string text, SocketTables tables, uint states)
    {
        SocketFilter filter = Parse(text);
        Assert.Equal(tables, filter.Tables);
        Assert.Equal(states, filter.TcpStates.Mask);
    }

    [Theory]
    [InlineData("sport = 22", false, false, SocketDetail.None)]
    [InlineData("pid 1", true, false, SocketDetail.None)]
    [InlineData("not comm sshd", true, false, SocketDetail.None)]
    [InlineData("user root", false, false, SocketDetail.None)]
    [InlineData("fwmark 1", false, false, SocketDetail.Extras)]
    [InlineData("cgroup /system.slice", false, false, SocketDetail.Extras)]
    [InlineData("sport = 22 or exclude listening", false, true, SocketDetail.None)]
    public void Reports_what_the_expression_needs(string text, bool owners, bool states, SocketDetail details)
    {
        SocketFilter filter = Parse(text);
        Assert.Equal(owners, filter.NeedsOwners);
        Assert.Equal(states, filter.MentionsStates);
        Assert.Equal(details, filter.Details);
    }
}
