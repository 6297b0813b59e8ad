using Netstate.Core.Model;
using static Netstate.Core.Diagnosis.SocketGroups;

namespace Netstate.Core.Diagnosis.Rules;

/// <summary>
/// The share of sent segments that were retransmissions: loss or congestion on the path (or a
/// peer that stopped answering). Judged over the observation window when it saw enough traffic,
/// otherwise over everything since the network namespace started.
/// </summary>
internal sealed class RetransmissionRule : IDiagnosisRule
{
    public string Id => "retransmissions";

    public IEnumerable<Finding> Evaluate(DiagnosisInput input)
    {
        DoctorThresholds limits = input.Thresholds;
        long? windowSent = input.Growth(k => k.SentSegments);
        long? windowRetrans = input.Growth(k => k.RetransmittedSegments);
        long sent, retransmitted;
        string period;
        if (windowSent >= limits.RetransmitMinimumSegments && windowRetrans is long wr)
        {
            (sent, retransmitted, period) = (windowSent.Value, wr, $"in the last {input.Window.TotalSeconds:0.#} s");
        }
        else if (input.Kernel.SentSegments is long s && input.Kernel.RetransmittedSegments is long r && s >= limits.RetransmitMinimumSegments)
        {
            (sent, retransmitted, period) = (s, r, "since the network namespace started");
        }
        else
        {
            yield break;
        }
        double share = (double)retransmitted / sent;
        if (share < limits.RetransmitShare)
            yield break;

        List<SocketEntry> retrying = input.Snapshot.Entries.Where(e => IsTcp(e) && e.Retransmits > 0).ToList();
        var evidence = new List<string>
        {
            $"{Count(retransmitted)} of {Count(sent)} segments sent {period} were retransmissions ({Percent(share)})",
        };
        if (retrying.Count > 0)
            evidence.Add($"{Count(retrying.Count)} connections are retransmitting now; peers: " + List(Top(retrying.Select(e => e.Remote.Address.ToString()), 5)));
        yield return new Finding(
            Id,
            share >= limits.RetransmitShareCritical ? Severity.Critical : Severity.Warning,
            $"{Percent(share)} of TCP segments are retransmitted",
            evidence,
            "Retransmissions mean segments or their acknowledgements are lost: a congested or faulty link, a "
            + "full queue on a router, a firewall dropping packets, or peers that disappeared. Check the "
            + "interfaces' error and drop counters (netstate -i), compare peers (netstate --format ss -ti shows "
            + "retrans per connection) and look at the path with mtr.",
            new Dictionary<string, long> { ["retransmitted_segments"] = retransmitted, ["sent_segments"] = sent });
    }
}
