using Netstate.Core.Model;

namespace Netstate.Lab.Scenarios;

/// <summary>A listener that never accepts: its accept queue fills up and further SYNs are dropped and counted.</summary>
internal sealed class AcceptQueueOverflowScenario : LabScenario
{
    public override string Name => "accept-queue-overflow";

    public override IReadOnlyList<string> Aliases => ["backlog", "listen-overflow"];

    public override IReadOnlyList<TcpState> Shows => [TcpState.Listen, TcpState.Established, TcpState.SynSent];

    public override string Summary => "a listener with backlog 1 that never accepts: full accept queue, dropped SYNs, ListenOverflows";

    public override string Introduction =>
        "A server listens with backlog 1 and does not call accept(). Clients connect one after another. For a listener, "
        + "Recv-Q is the number of connections waiting in the accept queue and Send-Q the backlog.";

    internal override bool UsesFirewall => false;

    internal override void Run(LabSession lab)
    {
        lab.FollowCounters("ListenOverflows", "ListenDrops");
        LabSocket listener = lab.Listen(backlog: 1);
        lab.Connect("client 1", "server 1");
        lab.Connect("client 2", "server 2");
        lab.Observe("Two handshakes completed in the kernel: both clients are ESTABLISHED, and so are both server sides, waiting "
            + "in the accept queue (Recv-Q 2). The queue is full when it holds more than the backlog: 2 with backlog 1.",
            LabClaim.InState("client 1", TcpState.Established), LabClaim.InState("client 2", TcpState.Established),
            LabClaim.Waiting("listener", 2));

        lab.Connect("client 3", "server 3");
        lab.Observe("The queue is full: the listener dropped client 3's SYN without an answer (ListenOverflows and ListenDrops "
            + "count it). Client 3 stays in SYN_SENT, as if the server were down; no SYN_RECV is even created.",
            LabClaim.InState("client 3", TcpState.SynSent), LabClaim.Gone("server 3"), LabClaim.CounterRose("ListenOverflows"),
            LabClaim.CounterRose("ListenDrops"));

        lab.Observe(TimeSpan.FromSeconds(3), "One second later client 3 resent its SYN; dropped again, counted again.",
            LabClaim.Resent("client 3", TcpState.SynSent, 1));

        lab.Accept(listener);
        lab.Observe(TimeSpan.FromSeconds(4),
            "accept() made room for one: client 3's next resent SYN got in and its connection now waits in "
            + "the queue, which is full again. A listener whose Recv-Q stays at its Send-Q, with ListenOverflows rising, has a "
            + "program that accepts too slowly (or a backlog too small: listen()'s argument, capped by net.core.somaxconn).",
            LabClaim.InState("client 3", TcpState.Established), LabClaim.InState("server 3", TcpState.Established),
            LabClaim.Waiting("listener", 2));
    }
}
