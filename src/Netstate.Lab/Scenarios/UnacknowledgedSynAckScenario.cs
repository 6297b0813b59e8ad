using System.Runtime.InteropServices;
using Netstate.Core.Model;
using Netstate.Core.Platform.Linux.Interop;

namespace Netstate.Lab.Scenarios;

/// <summary>A client whose final ACK never arrives: SYN_RECV on the server, SYN-ACK resent with backoff, then dropped.</summary>
internal sealed class UnacknowledgedSynAckScenario : LabScenario
{
    private const int SynAckRetries = 2;

    public override string Name => "unacknowledged-synack";

    public override IReadOnlyList<string> Aliases => ["syn-recv", "half-open"];

    public override IReadOnlyList<TcpState> Shows => [TcpState.SynRecv, TcpState.Established];

    public override string Summary => "a client that never acknowledges the SYN-ACK: SYN_RECV on the server, SYN-ACK retransmissions";

    public override string Introduction =>
        "The server answers the client's SYN, but the client's last ACK of the handshake never arrives (the lab drops it), as "
        + "with a SYN flood from forged addresses or a lossy path. tcp_synack_retries is set to 2 in the namespace (5 by default: "
        + "about 63 s).";

    internal override void Run(LabSession lab)
    {
        lab.Sysctl("tcp_synack_retries", SynAckRetries, "how often the server resends a SYN-ACK");
        lab.Listen(backlog: 8);
        lab.Firewall("drop everything the client sends except its SYN", ["tcp dport 10050 tcp flags & syn == 0 drop"]);
        (LabSocket client, _) = lab.Connect("client", "server");
        lab.Observe("The client got the SYN-ACK: for it the connection is ESTABLISHED (connect() succeeded). Its ACK was dropped, so "
            + "the server only has a request socket in SYN_RECV, which resends the SYN-ACK when its timer fires.",
            LabClaim.InState("client", TcpState.Established), LabClaim.InState("server", TcpState.SynRecv));

        lab.Observe(TimeSpan.FromSeconds(3), "After 1 s the server resent the SYN-ACK (the client acknowledged it again; dropped again).",
            LabClaim.Resent("server", TcpState.SynRecv, 1));

        lab.Observe(TimeSpan.FromSeconds(4), "2 s later, the second and last resend: the timer doubles each time.",
            LabClaim.Resent("server", TcpState.SynRecv, 2));

        lab.Observe(TimeSpan.FromSeconds(8),
            "After tcp_synack_retries resends the server dropped the request: no trace of the connection on its side, while the "
            + "client still believes it is connected. A half-open connection.",
            LabClaim.Gone("server"), LabClaim.InState("client", TcpState.Established));

        lab.ClearFirewall();
        int error = client.Send("hello"u8);
        lab.Do("client", error == 0 ? "send(\"hello\")" : $"send() fails: {Marshal.GetPInvokeErrorMessage(error)}");
        lab.Observe("The server has no such connection and answers the data with RST: the client's socket is closed, and its next "
            + "read or write fails with ECONNRESET. Many SYN_RECV entries on a server mean handshakes that do not finish: a SYN "
            + "flood (SYN cookies help: net.ipv4.tcp_syncookies) or clients behind a path that loses packets.",
            LabClaim.Gone("client"));
    }
}
