using Netstate.Core.Model;
using Netstate.Core.Tcp;
using static Netstate.Core.Diagnosis.SocketGroups;

namespace Netstate.Core.Diagnosis.Rules;

/// <summary>
/// An orphan is a closing TCP socket that no process holds any more (inode 0 in FIN_WAIT1, FIN_WAIT2,
/// CLOSING or LAST_ACK). The kernel finishes the close alone; many of them mean peers that stop
/// answering, and past tcp_max_orphans the kernel resets them ("too many orphaned sockets").
/// </summary>
internal sealed class OrphanRule : IDiagnosisRule
{
    public string Id => "orphans";

    public IEnumerable<Finding> Evaluate(DiagnosisInput input)
    {
        KernelFigures kernel = input.Kernel;
        List<SocketEntry> orphans = input.Snapshot.Entries
            .Where(e => IsTcp(e) && e.Inode == 0 && e.TcpState is TcpState.FinWait1 or TcpState.FinWait2 or TcpState.Closing or TcpState.LastAck)
            .ToList();
        double share = kernel.OrphanedSockets is long all && kernel.MaxOrphans is long max && max > 0 ? (double)all / max : 0;
        bool many = orphans.Count >= input.Thresholds.Orphans;
        bool nearLimit = share >= input.Thresholds.OrphanShare;
        if (!many && !nearLimit)
            yield break;

        var evidence = new List<string>
        {
            $"{Count(orphans.Count)} orphaned sockets here: " + List(Top(orphans.Select(o => TcpStateCatalogue.Of(o.TcpState).NetstatName), 4)),
            "peers: " + List(Top(orphans.Select(o => o.Remote.Address.ToString()), 5)),
        };
        if (kernel.OrphanedSockets is long total)
            evidence.Add($"sockstat: {Count(total)} orphans in the whole kernel; net.ipv4.tcp_max_orphans = {(kernel.MaxOrphans is long m ? Count(m) : "unknown")}");
        evidence.Add($"net.ipv4.tcp_fin_timeout = {(kernel.FinTimeout is long f ? f + " s" : "unknown")}");
        yield return new Finding(
            Id,
            nearLimit ? Severity.Critical : Severity.Warning,
            nearLimit ? $"orphaned sockets use {Percent(share)} of net.ipv4.tcp_max_orphans"
                      : $"many connections are closing with no process left to hold them ({Count(orphans.Count)} orphans)",
            evidence,
            "FIN_WAIT2 orphans wait for the peer's FIN and are dropped after tcp_fin_timeout; FIN_WAIT1 and "
            + "LAST_ACK orphans wait for the peer to acknowledge and give up after tcp_orphan_retries "
            + "retransmissions. Many of them mean peers that vanished or stopped reading. Lowering "
            + "tcp_fin_timeout shortens FIN_WAIT2; past tcp_max_orphans the kernel resets orphans and logs "
            + "\"too many orphaned sockets\".",
            new Dictionary<string, long> { ["orphans"] = orphans.Count, ["kernel_orphans"] = kernel.OrphanedSockets ?? -1, ["max_orphans"] = kernel.MaxOrphans ?? -1 });
    }
}
