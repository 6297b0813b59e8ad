using Netstate.Core.Model;
using Netstate.Core.Tracing;
using Netstate.Lab;

namespace Netstate.Cli.Tests;

/// <summary>The lab's reading of the state-change trace, on records laid out as the tracepoint gives them.</summary>
public sealed class LabTraceTests
{
    private const ushort Port = 10050;
    private static readonly InetAddress Loopback = InetAddress.FromV4([127, 0, 0, 1]);
    private static readonly Endpoint Server = new(Loopback, Port);
    private static readonly Endpoint Client = new(Loopback, 40000);
    private static readonly Endpoint Unbound = new(InetAddress.AnyV4, 0);

    private sealed class FakeTrace : ITcpTrace
    {
        public List<TcpTraceRecord> Pending { get; } = [];

        public string Description => "fake";

        public TcpTraceBatch Poll()
        {
            TcpTraceRecord[] events = [.. Pending];
            Pending.Clear();
            return new TcpTraceBatch(events, [], 0, false, []);
        }

        public void Dispose()
        {
        }
    }

    private static TcpTraceRecord Change(ulong time, ulong socket, Endpoint local, Endpoint remote, TcpState from, TcpState to, int? caller = null) =>
        new(TcpTraceEventKind.StateChange, time, socket, Family.Inet, local, remote, from, to, caller);

    private static (FakeTrace Fake, LabTrace Trace, LabRoles Roles) Bed()
    {
        var fake = new FakeTrace();
        var roles = new LabRoles();
        roles.Name(Client, null, "client");
        roles.Name(Server, Client, "server");
        return (fake, new LabTrace(fake, Port, start: 1000), roles);
    }

    [Fact]
    public void A_connects_first_change_before_its_port_is_chosen_is_named_by_the_labs_connect_call()
    {
        (FakeTrace fake, LabTrace trace, LabRoles roles) = Bed();
        fake.Pending.Add(Change(2000, 7, Unbound, Server, TcpState.Close, TcpState.SynSent, Environment.ProcessId));
        // Another process's connect at the same moment is not the lab's.
        fake.Pending.Add(Change(2001, 8, Unbound, Server, TcpState.Close, TcpState.SynSent, Environment.ProcessId + 1));
        trace.Connecting("client", 1990, 2010);
        trace.Poll();

        IReadOnlyList<LabTransition> taken = trace.Take(roles, until: 3000);

        LabTransition only = Assert.Single(taken);
        Assert.Equal(("client", TcpState.Close, TcpState.SynSent, "active OPEN"), (only.Role, only.From, only.To, only.Event));
        Assert.Equal(true, trace.Check(LabClaim.InState("client", TcpState.SynSent), roles, 2500, 2600).Agrees);
        Assert.Empty(trace.Take(roles, until: 4000)); // each change goes to one step
    }

    [Fact]
    public void Changes_of_other_ports_and_of_changes_before_the_run_are_left_out()
    {
        (FakeTrace fake, LabTrace trace, LabRoles roles) = Bed();
        fake.Pending.Add(Change(500, 1, Client, Server, TcpState.Established, TcpState.FinWait1));
        fake.Pending.Add(Change(2000, 2, new Endpoint(Loopback, 5555), new Endpoint(Loopback, 80), TcpState.Established, TcpState.CloseWait));
        fake.Pending.Add(Change(2100, 3, Unbound, new Endpoint(Loopback, 80), TcpState.Close, TcpState.SynSent, Environment.ProcessId));
        fake.Pending.Add(Change(2200, 3, new Endpoint(Loopback, 41000), new Endpoint(Loopback, 80), TcpState.SynSent, TcpState.Established));
        trace.Poll();

        Assert.Empty(trace.Take(roles, until: 9000));
    }

    [Fact]
    public void A_listen_on_the_labs_port_by_another_process_is_not_the_labs_but_one_by_its_helper_is()
    {
        var fake = new FakeTrace();
        var roles = new LabRoles();
        roles.Name(new Endpoint(Loopback, Port), null, "listener");
        int helper = Environment.ProcessId + 7;
        var trace = new LabTrace(fake, Port, start: 1000, helpers: [helper]);
        var listening = new Endpoint(InetAddress.AnyV4, 0);
        // The same loopback port in another namespace: another program's listen() and close().
        fake.Pending.Add(Change(2000, 1, new Endpoint(Loopback, Port), listening, TcpState.Close, TcpState.Listen, Environment.ProcessId + 1));
        fake.Pending.Add(Change(2100, 2, new Endpoint(Loopback, Port), listening, TcpState.Close, TcpState.Listen, Environment.ProcessId));
        fake.Pending.Add(Change(2200, 1, new Endpoint(Loopback, Port), listening, TcpState.Listen, TcpState.Close, Environment.ProcessId + 1));
        // The lab's helper holds the listener and is killed: its exit closes it.
        fake.Pending.Add(Change(2300, 2, new Endpoint(Loopback, Port), listening, TcpState.Listen, TcpState.Close, helper));
        trace.Poll();

        IReadOnlyList<LabTransition> taken = trace.Take(roles, until: 3000);

        Assert.Equal([("listener", TcpState.Close, TcpState.Listen), ("listener", TcpState.Listen, TcpState.Close)],
            taken.Select(t => (t.Role, t.From, t.To)));
    }

    [Fact]
    public void A_freed_sockets_memory_used_again_starts_a_new_life()
    {
        (FakeTrace fake, LabTrace trace, LabRoles roles) = Bed();
        roles.Name(new Endpoint(Loopback, 40001), null, "client 2");
        fake.Pending.Add(Change(2000, 9, Client, Server, TcpState.SynSent, TcpState.Established));
        fake.Pending.Add(Change(2100, 9, Client, Server, TcpState.Established, TcpState.Close));
        fake.Pending.Add(Change(2200, 9, Unbound, Server, TcpState.Close, TcpState.SynSent, Environment.ProcessId));
        fake.Pending.Add(Change(2300, 9, new Endpoint(Loopback, 40001), Server, TcpState.SynSent, TcpState.Established));
        trace.Poll();

        IReadOnlyList<LabTransition> taken = trace.Take(roles, until: 9000);

        Assert.Equal(["client SynSent>Established", "client Established>Close", "client 2 Close>SynSent", "client 2 SynSent>Established"],
            taken.Select(t => $"{t.Role} {t.From}>{t.To}"));
        Assert.Equal(true, trace.Check(LabClaim.Gone("client"), roles, 2150, 2160).Agrees);
        Assert.Equal(true, trace.Check(LabClaim.InState("client 2", TcpState.Established), roles, 2350, 2360).Agrees);
    }

    [Fact]
    public void A_claim_is_checked_against_the_state_at_the_moment_of_the_read()
    {
        (FakeTrace fake, LabTrace trace, LabRoles roles) = Bed();
        fake.Pending.Add(Change(2000, 9, Client, Server, TcpState.SynSent, TcpState.Established));
        fake.Pending.Add(Change(3000, 9, Client, Server, TcpState.Established, TcpState.FinWait1));
        trace.Poll();

        Assert.Equal(true, trace.Check(LabClaim.InState("client", TcpState.Established), roles, 2500, 2600).Agrees);
        LabTraceCheck later = trace.Check(LabClaim.InState("client", TcpState.Established), roles, 3500, 3600);
        Assert.False(later.Agrees);
        Assert.Contains("FIN_WAIT1", later.Why, StringComparison.Ordinal);
        // A change during the read counts: the read may have caught either side of it.
        Assert.Equal(true, trace.Check(LabClaim.InState("client", TcpState.FinWait1), roles, 2900, 3100).Agrees);
        // Before its first change, the socket was in the state that change left.
        Assert.Equal(true, trace.Check(LabClaim.InState("client", TcpState.SynSent), roles, 1900, 2100).Agrees);
    }

    [Fact]
    public void What_the_tracepoint_cannot_see_is_said_and_never_taken_for_a_contradiction()
    {
        (FakeTrace fake, LabTrace trace, LabRoles roles) = Bed();
        fake.Pending.Add(Change(2000, 9, Client, Server, TcpState.FinWait1, TcpState.FinWait2));
        fake.Pending.Add(Change(2001, 9, Client, Server, TcpState.FinWait2, TcpState.Close));
        trace.Poll();

        LabTraceCheck request = trace.Check(LabClaim.InState("server", TcpState.SynRecv), roles, 2500, 2600);
        Assert.Null(request.Agrees);
        Assert.Contains("request socket", request.Why, StringComparison.Ordinal);
        // An orphan handed to a timewait entry: shown in FIN_WAIT2, then TIME_WAIT, by reads; the trace saw the hand-over.
        Assert.Equal(true, trace.Check(LabClaim.InState("client", TcpState.FinWait2), roles, 2500, 2600).Agrees);
        LabTraceCheck timeWait = trace.Check(LabClaim.InState("client", TcpState.TimeWait), roles, 2500, 2600);
        Assert.True(timeWait.Agrees);
        Assert.Contains("timewait entry", timeWait.Why, StringComparison.Ordinal);
        Assert.Null(trace.Check(LabClaim.Waiting("listener", 1), roles, 2500, 2600).Agrees);
        Assert.False(trace.Check(LabClaim.InState("client", TcpState.Established), roles, 2500, 2600).Agrees);
    }
}
