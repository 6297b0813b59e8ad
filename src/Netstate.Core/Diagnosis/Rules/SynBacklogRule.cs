using Netstate.Core.Model;
using static Netstate.Core.Diagnosis.SocketGroups;

namespace Netstate.Core.Diagnosis.Rules;

/// <summary>
/// Half-open connections (SYN_RECV) wait for the client's final ACK. Many of them, or SYN cookies
/// being sent, mean the SYN queue filled: a SYN flood, clients whose ACKs get lost, or a burst.
/// </summary>
internal sealed class SynBacklogRule : IDiagnosisRule
{
    public string Id => "syn-backlog";

    public IEnumerable<Finding> Evaluate(DiagnosisInput input)
    {
        KernelFigures kernel = input.Kernel;
        List<SocketEntry> synRecv = input.Snapshot.Entries.Where(e => IsTcp(e) && e.TcpState is TcpState.SynRecv or TcpState.NewSynRecv).ToList();
        long cookies = kernel.SyncookiesSent ?? 0;
        long? cookieGrowth = input.Growth(k => k.SyncookiesSent);
        bool piling = synRecv.Count >= input.Thresholds.SynRecv;
        if (!piling && cookies == 0)
            yield break;

        var evidence = new List<string>();
        if (synRecv.Count > 0)
        {
            evidence.Add($"{Count(synRecv.Count)} connections in SYN_RECV; net.ipv4.tcp_max_syn_backlog = {Known(kernel.MaxSynBacklog)}");
            evidence.Add("listening ports: " + List(Top(synRecv.Select(s => s.Local.Port), 5)));
            evidence.Add("clients: " + List(Top(synRecv.Select(s => s.Remote.Address.ToString()), 5)));
        }
        if (cookies > 0)
            evidence.Add($"TcpExt SyncookiesSent = {Count(cookies)}"
                + (cookieGrowth > 0 ? $", {Count(cookieGrowth.Value)} in the last {input.Window.TotalSeconds:0.#} s" : " since the network namespace started")
                + $"; net.ipv4.tcp_syncookies = {Known(kernel.Syncookies)}");
        Severity severity = cookieGrowth > 0 || (piling && synRecv.Count >= 10 * input.Thresholds.SynRecv) ? Severity.Critical : Severity.Warning;
        yield return new Finding(
            Id,
            severity,
            piling ? $"half-open connections are piling up ({Count(synRecv.Count)} in SYN_RECV)"
                   : "the SYN queue overflowed: the kernel answered with SYN cookies",
            evidence,
            "Check where the SYNs come from: many clients or addresses that never complete the handshake is a "
            + "SYN flood, and tcp_syncookies = 1 keeps the service reachable through it. Lost final ACKs point "
            + "at the network or a firewall between client and server. For a legitimate burst, raise "
            + "net.ipv4.tcp_max_syn_backlog and the listen() backlog. tcp_synack_retries sets how long a "
            + "half-open connection is kept.",
            new Dictionary<string, long> { ["syn_recv"] = synRecv.Count, ["syncookies_sent"] = cookies });
    }

    private static string Known(long? value) => value is long v ? Count(v) : "unknown";
}
