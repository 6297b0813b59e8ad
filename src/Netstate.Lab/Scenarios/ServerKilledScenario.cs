using Netstate.Core.Model;

namespace Netstate.Lab.Scenarios;

/// <summary>
/// The source articles' experiment: the server process dies while the client keeps its socket.
/// The server's connection becomes an orphan in FIN_WAIT2 that times out; the client sits in CLOSE_WAIT.
/// </summary>
internal sealed class ServerKilledScenario : LabScenario
{
    private const int FinTimeout = 3;

    public override string Name => "server-killed";

    public override IReadOnlyList<string> Aliases => ["kill", "orphan"];

    public override IReadOnlyList<TcpState> Shows => [TcpState.Listen, TcpState.Established, TcpState.FinWait2, TcpState.CloseWait];

    public override string Summary => "the server process is killed, the client never closes: orphaned FIN_WAIT2 (times out) and CLOSE_WAIT";

    public override string Introduction =>
        "The classic experiment: a server process on port 10050 and a connected client. The server is killed; the client program "
        + "keeps its socket and never closes it. tcp_fin_timeout is set to 3 s inside the namespace to watch the orphan time out.";

    internal override bool UsesFirewall => false;

    internal override void Run(LabSession lab)
    {
        lab.Sysctl("tcp_fin_timeout", FinTimeout, "how long an orphaned FIN_WAIT2 may wait for the peer's FIN");
        (LabSocket listener, LabSocket client, LabSocket server) = lab.Establish();
        LabHolder process = lab.HandOver("server", "the listener and the accepted connection", listener, server);
        lab.Observe("A server process holds the listener and its connection; the client holds the other end.",
            LabClaim.InState("listener", TcpState.Listen), LabClaim.InState("client", TcpState.Established),
            LabClaim.InState("server", TcpState.Established));

        lab.Kill(process, "server");
        lab.Observe("Dying, the server closed its sockets: the listener is gone, and its connection sent FIN, which the client's kernel "
            + "acknowledged: FIN_WAIT2. No process holds that socket any more (no inode): it is an orphan, and the timer is its "
            + "tcp_fin_timeout countdown. The client is in CLOSE_WAIT (Recv-Q 1: the FIN) because its program has not called close(): "
            + "it has sent no FIN. (It is not, as some articles say, that the client sent a FIN the dead server cannot receive.)",
            LabClaim.Gone("listener"), LabClaim.InState("server", TcpState.FinWait2), LabClaim.InState("client", TcpState.CloseWait));

        lab.Observe(TimeSpan.FromSeconds(FinTimeout + 3),
            $"tcp_fin_timeout ({FinTimeout} s here, 60 s by default) later the orphaned FIN_WAIT2 is gone: it does time out. "
            + "The client's CLOSE_WAIT stays, with no timer, for as long as its program keeps the socket open.",
            LabClaim.Gone("server"), LabClaim.InState("client", TcpState.CloseWait));

        lab.Close(client, "client", "at last; its FIN finds no socket on the other side, which answers RST");
        lab.Observe("The client's FIN was answered with a reset: nothing is left of the connection.",
            LabClaim.Gone("client"));
    }
}
