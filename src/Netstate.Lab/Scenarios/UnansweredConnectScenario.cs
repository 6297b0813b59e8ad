using System.Globalization;
using System.Runtime.InteropServices;
using Netstate.Core.Model;
using Netstate.Core.Platform.Linux.Interop;

namespace Netstate.Lab.Scenarios;

/// <summary>A connect whose SYNs are silently dropped: SYN_SENT with growing retransmissions, then ETIMEDOUT.</summary>
internal sealed class UnansweredConnectScenario : LabScenario
{
    private const int SynRetries = 2;

    public override string Name => "unanswered-connect";

    public override IReadOnlyList<string> Aliases => ["syn-sent", "timeout"];

    public override IReadOnlyList<TcpState> Shows => [TcpState.SynSent];

    public override string Summary => "connect to an address that never answers: SYN_SENT, SYN resent with backoff, then ETIMEDOUT";

    public override string Introduction =>
        "A closed port answers a SYN with a reset at once (connection refused). A filter that drops SYNs silently, or a host "
        + "that is down, does not answer at all: the client stays in SYN_SENT and resends its SYN until it gives up. "
        + "tcp_syn_retries is set to 2 in the namespace (6 by default: about 127 s) to see the end within seconds.";

    private static string Backoff(int? linear) => linear is > 0
        ? $"Resent again one second later: this kernel keeps the wait at 1 s for the first {linear} resends "
            + "(net.ipv4.tcp_syn_linear_timeouts, new in Linux 6.5), and doubles it after that."
        : "Resent again; the wait doubles each time (1 s, 2 s, 4 s, ...).";

    internal override void Run(LabSession lab)
    {
        (LabSocket first, int refused) = lab.Connect("first client", "server", "nothing listens on the port");
        if (refused == 0)
            refused = first.PendingError();
        lab.Do("first client", $"connect() fails: {Marshal.GetPInvokeErrorMessage(refused)}");
        lab.Observe("Nothing listens on 10050: the kernel answered the SYN with RST and connect() failed at once. No socket is left.",
            LabClaim.Gone("first client"));

        lab.Sysctl("tcp_syn_retries", SynRetries, "how often a SYN is resent before connect() gives up");
        lab.Firewall("drop every SYN to port 10050", ["tcp dport 10050 tcp flags & (syn | ack) == syn drop"]);
        (LabSocket client, _) = lab.Connect("client", "server");
        LabStep sent = lab.Observe("SYN_SENT: the SYN vanished and the client waits; its retransmission timer fires after 1 s.",
            LabClaim.InState("client", TcpState.SynSent));

        lab.Observe(TimeSpan.FromSeconds(3), "The SYN was resent once, and the timer armed again.",
            LabClaim.Resent("client", TcpState.SynSent, 1));

        lab.Observe(TimeSpan.FromSeconds(3), Backoff(LabSession.ReadSysctl("tcp_syn_linear_timeouts")),
            LabClaim.Resent("client", TcpState.SynSent, 2));

        LabStep gaveUp = lab.Observe(TimeSpan.FromSeconds(15),
            "The kernel gave up: the socket left SYN_SENT without ever being answered.",
            LabClaim.Gone("client"));
        int error = client.PendingError();
        lab.Do("client", string.Create(CultureInfo.InvariantCulture,
            $"connect() fails: {(error == 0 ? "no error reported" : Marshal.GetPInvokeErrorMessage(error))}, {gaveUp.Seconds - sent.Seconds:0.0} s after the first SYN"));
        lab.Observe("With the default tcp_syn_retries (6) the wait lasts much longer. Many sockets in SYN_SENT mean connection attempts "
            + "nobody answers: a firewall dropping SYNs, a host that is down, or a wrong address.");
    }
}
