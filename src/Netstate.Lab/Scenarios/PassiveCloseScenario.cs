using Netstate.Core.Model;

namespace Netstate.Lab.Scenarios;

/// <summary>The side that closes second: CLOSE_WAIT until the program calls close(), then LAST_ACK until the last ACK.</summary>
internal sealed class PassiveCloseScenario : LabScenario
{
    public override string Name => "passive-close";

    public override IReadOnlyList<string> Aliases => ["close-wait", "last-ack"];

    public override IReadOnlyList<TcpState> Shows => [TcpState.CloseWait, TcpState.LastAck, TcpState.FinWait2, TcpState.TimeWait];

    public override string Summary => "the side that closes second: CLOSE_WAIT until the program closes, then LAST_ACK";

    public override string Introduction =>
        "The client closes first; the server is the passive closer. The server's socket waits in CLOSE_WAIT for its program "
        + "to call close(), then in LAST_ACK for the acknowledgement of its own FIN, which the lab holds back for a moment.";

    internal override void Run(LabSession lab)
    {
        (_, LabSocket client, LabSocket server) = lab.Establish();
        lab.Close(client, "client", "the kernel sends FIN");
        lab.Observe("The server's kernel acknowledged the client's FIN at once: the client is in FIN_WAIT2 and the server in CLOSE_WAIT "
            + "(Recv-Q 1: the FIN). CLOSE_WAIT has no timer: it lasts until the server program calls close(). A program that never "
            + "does is the classic CLOSE_WAIT leak; the fix is in that program, not in a kernel setting.",
            LabClaim.InState("client", TcpState.FinWait2), LabClaim.InState("server", TcpState.CloseWait));

        lab.Wait(TimeSpan.FromSeconds(1));
        lab.Observe("A second later, nothing has changed on the server's side, and nothing will until its program acts.",
            LabClaim.InState("server", TcpState.CloseWait));

        lab.Firewall("drop everything the client sends", ["tcp dport 10050 drop"]);
        lab.Close(server, "server", "the kernel sends FIN");
        lab.Observe("LAST_ACK: the server's FIN waits for its acknowledgement, resent by the retransmission timer. The client got "
            + "the FIN and went from FIN_WAIT2 to TIME_WAIT; its ACK was dropped.",
            LabClaim.InState("server", TcpState.LastAck), LabClaim.InState("client", TcpState.TimeWait));

        lab.ClearFirewall("the next FIN is acknowledged");
        lab.Observe(TimeSpan.FromSeconds(5),
            "The resent FIN reached the client's TIME_WAIT socket, which acknowledged it again: the server's socket is freed (CLOSED). "
            + "Only the active closer keeps TIME_WAIT.",
            LabClaim.Gone("server"), LabClaim.InState("client", TcpState.TimeWait));
    }
}
