using Netstate.Core.Model;

namespace Netstate.Lab.Scenarios;

/// <summary>
/// Both sides close at once and their FINs cross: CLOSING on both sides, then TIME_WAIT on both.
/// </summary>
/// <remarks>
/// On loopback a FIN arrives before the other side's close() runs, so the FINs never cross by
/// themselves. The lab drops each side's first FIN (a dynamic nft set remembers who has sent one):
/// both sockets stay in FIN_WAIT1 with retransmission timers armed in the same instant, the timers
/// fire in the same tick and the two resent FINs are in flight together. Pure ACKs are dropped as
/// well, so both sides stay in CLOSING long enough to be seen. Should the timers fire in different
/// ticks (a busy machine), one side goes straight to TIME_WAIT; the lab then tries again.
/// </remarks>
internal sealed class SimultaneousCloseScenario : LabScenario
{
    private const int Attempts = 3;

    private const string Sets = "  set fin_sent { type ipv4_addr . inet_service; flags dynamic; }";

    private static readonly string[] Rules =
    [
        "tcp flags & fin == fin ip saddr . tcp sport != @fin_sent add @fin_sent { ip saddr . tcp sport } drop",
        "tcp flags & (fin | syn | rst) == 0 drop",
    ];

    public override string Name => "simultaneous-close";

    public override IReadOnlyList<string> Aliases => ["closing"];

    public override IReadOnlyList<TcpState> Shows => [TcpState.FinWait1, TcpState.Closing, TcpState.TimeWait];

    public override string Summary => "both sides close at the same moment, the FINs cross: CLOSING on both sides, then TIME_WAIT on both";

    public override string Introduction =>
        "Client and server call close() at the same time. Each FIN must be on its way before the other side's FIN arrives; "
        + "on loopback that needs help: the lab drops each side's first FIN, so the two retransmissions leave together and cross.";

    internal override void Run(LabSession lab)
    {
        LabSocket listener = lab.Listen(backlog: 8);
        for (int attempt = 1; attempt <= Attempts; attempt++)
        {
            string suffix = attempt == 1 ? "" : $" (try {attempt})";
            string client = "client" + suffix, server = "server" + suffix;
            (LabSocket clientSocket, _) = lab.Connect(client, server);
            LabSocket serverSocket = lab.Accept(listener);
            lab.Firewall("drop each side's first FIN, and every pure ACK", Rules, Sets);
            lab.Close(clientSocket, "client", "FIN sent (and dropped)");
            lab.Close(serverSocket, "server", "at the same moment: FIN sent (and dropped)");
            lab.Observe(TimeSpan.FromSeconds(0.15),
                "Both sides sent FIN and neither got an acknowledgement: FIN_WAIT1 on both sides, each retransmission timer armed.",
                LabClaim.InState(client, TcpState.FinWait1).Optional(), LabClaim.InState(server, TcpState.FinWait1).Optional());

            LabStep crossed = lab.Observe(TimeSpan.FromSeconds(2),
                "Both timers fired together and the resent FINs crossed: each side received the other's FIN while its own was still "
                + "unacknowledged. That is CLOSING, on both sides at once. (Their ACKs are being dropped, so they stay there for now.)",
                Claims(attempt, LabClaim.InState(client, TcpState.Closing), LabClaim.InState(server, TcpState.Closing)));
            if (crossed.Claims.All(claim => claim.Seen))
            {
                lab.ClearFirewall("the next FINs, which acknowledge the other side's, get through");
                lab.Observe(TimeSpan.FromSeconds(5),
                    "Each side's FIN is acknowledged: both go to TIME_WAIT. In a simultaneous close both sides are active closers, "
                    + "so both keep the 60 s TIME_WAIT.",
                    LabClaim.InState(client, TcpState.TimeWait), LabClaim.InState(server, TcpState.TimeWait));
                return;
            }
            lab.ClearFirewall("the FINs did not cross this time (the timers fired in different ticks); trying again");
        }
    }

    /// <summary>Earlier attempts may miss; the last one must show CLOSING.</summary>
    private static LabClaim[] Claims(int attempt, params LabClaim[] claims) =>
        attempt < Attempts ? [.. claims.Select(claim => claim.Optional())] : claims;
}
