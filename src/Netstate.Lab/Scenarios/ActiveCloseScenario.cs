using Netstate.Core.Model;

namespace Netstate.Lab.Scenarios;

/// <summary>The side that closes first: FIN_WAIT1, FIN_WAIT2, then TIME_WAIT with its 60 s countdown.</summary>
internal sealed class ActiveCloseScenario : LabScenario
{
    public override string Name => "active-close";

    public override IReadOnlyList<string> Aliases => ["time-wait", "fin-wait1", "fin-wait2"];

    public override IReadOnlyList<TcpState> Shows => [TcpState.Established, TcpState.FinWait1, TcpState.FinWait2, TcpState.TimeWait, TcpState.CloseWait];

    public override string Summary => "the side that closes first: FIN_WAIT1, FIN_WAIT2, then TIME_WAIT and its countdown";

    public override string Introduction =>
        "A client and a server are connected; the client closes first (the active close). The lab holds back the server's "
        + "acknowledgement for a moment so that FIN_WAIT1, which lasts microseconds on loopback, can be seen.";

    internal override void Run(LabSession lab)
    {
        (_, LabSocket client, LabSocket server) = lab.Establish();
        lab.Observe("Connected: ESTABLISHED on both sides.",
            LabClaim.InState("client", TcpState.Established), LabClaim.InState("server", TcpState.Established));

        lab.Firewall("drop everything the server sends", ["tcp sport 10050 drop"]);
        lab.Close(client, "client", "the kernel sends FIN");
        lab.Observe("FIN_WAIT1: the client's FIN is out but not acknowledged, so its retransmission timer runs. The server's kernel "
            + "received the FIN and moved to CLOSE_WAIT on its own (the server program has not done anything); Recv-Q 1 there is the FIN, "
            + "which takes one sequence number.",
            LabClaim.InState("client", TcpState.FinWait1), LabClaim.InState("server", TcpState.CloseWait));

        lab.ClearFirewall("the client's next FIN is acknowledged");
        lab.Observe("FIN_WAIT2: the FIN is acknowledged and the client waits for the server's FIN. The client called close(), so "
            + "no process holds this socket any more (no inode): the kernel keeps such an orphan for net.ipv4.tcp_fin_timeout at most.",
            LabClaim.InState("client", TcpState.FinWait2), LabClaim.InState("server", TcpState.CloseWait));

        lab.Close(server, "server", "the kernel sends FIN");
        lab.Observe("The server went through LAST_ACK to CLOSED in microseconds (the client's ACK came straight back). The side that "
            + "closed first holds TIME_WAIT for 60 s (TCP_TIMEWAIT_LEN, fixed in the kernel: tcp_fin_timeout does not shorten it), so "
            + "that a late segment of this connection cannot be taken for part of a new one with the same addresses and ports.",
            LabClaim.InState("client", TcpState.TimeWait), LabClaim.Gone("server"));

        lab.Wait(TimeSpan.FromSeconds(1));
        lab.Observe("A second later: the countdown runs. A TIME_WAIT socket costs a little memory and one four-tuple; tens of thousands "
            + "of them to one server can use up the client's ephemeral ports (net.ipv4.tcp_tw_reuse lets new outgoing connections reuse them).",
            LabClaim.InState("client", TcpState.TimeWait));
    }
}
