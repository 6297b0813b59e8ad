using Netstate.Core.Kernel;
using Netstate.Core.Model;
using static Netstate.Core.Diagnosis.SocketGroups;

namespace Netstate.Core.Diagnosis.Rules;

/// <summary>
/// Outgoing connections to one destination (address and port) each need a different local port
/// from ip_local_port_range, and a port stays taken while its connection sits in TIME_WAIT. When
/// one destination uses most of the range, the next connect() fails with EADDRNOTAVAIL.
/// </summary>
internal sealed class PortExhaustionRule : IDiagnosisRule
{
    public string Id => "ephemeral-port-exhaustion";

    public IEnumerable<Finding> Evaluate(DiagnosisInput input)
    {
        if (input.Kernel.LocalPortRange is not PortRange range || range.Count == 0)
            yield break;
        DoctorThresholds limits = input.Thresholds;
        // Counted while the table streamed past (doctor), or here over the snapshot (serve, tests).
        Dictionary<(InetAddress Local, Endpoint Remote), (int Total, int TimeWait)> byDestination =
            (input.Destinations ?? PortExhaustionCounts.Of(input.Snapshot.Entries, range)).ByDestination;
        foreach (((InetAddress local, Endpoint remote), (int total, int timeWait)) in byDestination.OrderByDescending(d => d.Value.Total))
        {
            double share = (double)total / range.Count;
            if (share < limits.PortRangeShare)
                break;
            yield return new Finding(
                Id,
                share >= limits.PortRangeShareCritical ? Severity.Critical : Severity.Warning,
                $"connections from {local} to {Address(remote)} use {Percent(share)} of the ephemeral port range",
                [
                    $"{Count(total)} local ports taken towards {Address(remote)}, {Count(timeWait)} of them by sockets in TIME_WAIT",
                    $"net.ipv4.ip_local_port_range = {range.First} {range.Last} ({Count(range.Count)} ports)",
                    $"net.ipv4.tcp_tw_reuse = {input.Kernel.TimeWaitReuse?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}",
                ],
                "Reuse connections instead of opening one per request (HTTP keep-alive, a connection pool). "
                + "Widening net.ipv4.ip_local_port_range gives more ports; net.ipv4.tcp_tw_reuse = 1 lets new outgoing "
                + "connections take ports held by TIME_WAIT (it needs TCP timestamps). Spreading over several "
                + "destination addresses or source addresses multiplies the room. Do not look for tcp_tw_recycle: it "
                + "broke clients behind NAT and was removed in Linux 4.12.",
                new Dictionary<string, long?> { ["ports_in_use"] = total, ["time_wait"] = timeWait, ["port_range"] = range.Count })
            {
                Subject = new FindingSubject(Local: new Endpoint(local, 0), Remote: remote),
            };
        }
    }
}
