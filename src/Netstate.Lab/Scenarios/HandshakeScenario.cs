using Netstate.Core.Model;

namespace Netstate.Lab.Scenarios;

/// <summary>LISTEN, SYN_SENT and SYN_RECV, then ESTABLISHED on both sides: the handshake held half-way by dropping the SYN-ACK once.</summary>
internal sealed class HandshakeScenario : LabScenario
{
    public override string Name => "handshake";

    public override IReadOnlyList<string> Aliases => ["listen", "established", "three-way-handshake"];

    public override IReadOnlyList<TcpState> Shows => [TcpState.Listen, TcpState.SynSent, TcpState.SynRecv, TcpState.Established];

    public override string Summary => "the three-way handshake: LISTEN, SYN_SENT and SYN_RECV, then ESTABLISHED on both sides";

    public override string Introduction =>
        "A server listens on 127.0.0.1:10050 and a client connects. On loopback the handshake takes microseconds, "
        + "so the lab drops the server's SYN-ACK for a moment to hold both sides half-way and show them.";

    internal override void Run(LabSession lab)
    {
        LabSocket listener = lab.Listen(backlog: 8);
        lab.Observe("A listening socket: no peer, no timer. For a listener Recv-Q counts connections waiting for accept() and Send-Q is the backlog.",
            LabClaim.InState("listener", TcpState.Listen));

        lab.Firewall("drop the server's SYN-ACK", ["tcp sport 10050 tcp flags & (syn | ack) == syn | ack drop"]);
        lab.Connect("client", "server");
        lab.Observe("The client sent SYN and waits for the answer: SYN_SENT, with a retransmission timer. The server answered "
            + "with SYN-ACK (dropped on the way) and keeps a request socket in SYN_RECV: it has no inode and no file descriptor yet, "
            + "it sits in the listener's SYN queue, and the server resends its SYN-ACK when the timer fires (after 1 s).",
            LabClaim.InState("client", TcpState.SynSent), LabClaim.InState("server", TcpState.SynRecv));

        lab.ClearFirewall("the next SYN-ACK gets through");
        lab.Observe(TimeSpan.FromSeconds(5),
            "The resent SYN-ACK arrived: the client is ESTABLISHED and answered with the final ACK, which made the server's side "
            + "ESTABLISHED too. That connection now waits in the listener's accept queue (Recv-Q 1): the handshake is done by the kernel, "
            + "before and without accept().",
            LabClaim.InState("client", TcpState.Established), LabClaim.InState("server", TcpState.Established), LabClaim.Waiting("listener", 1));

        lab.Accept(listener);
        lab.Observe("accept() only takes the finished connection off the queue (Recv-Q back to 0) and gives the server a descriptor for it.",
            LabClaim.InState("server", TcpState.Established), LabClaim.Waiting("listener", 0));
    }
}
