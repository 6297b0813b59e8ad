using Netstate.Core.Model;
using Netstate.Core.Tracing;
using static Netstate.Core.Diagnosis.SocketGroups;

namespace Netstate.Core.Diagnosis.Rules;

/// <summary>
/// tcp_max_tw_buckets caps how many TIME_WAIT sockets exist; beyond it the kernel skips TIME_WAIT
/// and closes at once, which loses TIME_WAIT's protection against stray old segments.
/// </summary>
internal sealed class TimeWaitBucketsRule : IDiagnosisRule
{
    public string Id => "time-wait-buckets";

    public IEnumerable<Finding> Evaluate(DiagnosisInput input)
    {
        KernelFigures kernel = input.Kernel;
        int timeWait = input.Snapshot.Entries.Count(e => IsTcp(e) && e.TcpState == TcpState.TimeWait);
        long? overflowGrowth = input.Growth(k => k.TimeWaitOverflows);
        long overflows = kernel.TimeWaitOverflows ?? 0;
        double share = kernel.MaxTimeWaitBuckets is long max && max > 0 ? (double)timeWait / max : 0;
        if (overflows == 0 && share < input.Thresholds.TimeWaitBucketShare)
            yield break;

        Severity severity = overflowGrowth > 0 ? Severity.Critical : Severity.Warning;
        var evidence = new List<string>
        {
            $"{Count(timeWait)} sockets in TIME_WAIT; net.ipv4.tcp_max_tw_buckets = {(kernel.MaxTimeWaitBuckets is long m ? Count(m) : "unknown")}",
        };
        if (overflows > 0)
            evidence.Add($"TcpExt TCPTimeWaitOverflow = {Count(overflows)}: connections closed without TIME_WAIT"
                + (overflowGrowth > 0 ? $", {Count(overflowGrowth.Value)} of them in the last {input.Window.TotalSeconds:0.#} s" : " since the network namespace started"));
        StateGrowth? growth = input.Recording?.Growth(TcpState.TimeWait);
        if (growth is not null)
            evidence.Add($"the recording {input.Recording!.Where} shows: {growth.Describe()}");
        evidence.Add("busiest peers: " + List(Top(input.Snapshot.Entries.Where(e => IsTcp(e) && e.TcpState == TcpState.TimeWait).Select(e => Address(e.Remote)), 5)));
        yield return new Finding(
            Id,
            severity,
            overflows > 0 ? "the TIME_WAIT table overflowed: the kernel closed connections without TIME_WAIT"
                          : $"TIME_WAIT sockets fill {Percent(share)} of net.ipv4.tcp_max_tw_buckets",
            evidence,
            "TIME_WAIT is normal on the side that closes first and lasts 60 s on Linux (a compile-time constant, "
            + "not tcp_fin_timeout). Fewer short connections (keep-alive, pooling) is the real fix; letting the "
            + "client close first moves TIME_WAIT off the server. Raise tcp_max_tw_buckets if memory allows "
            + "(each TIME_WAIT socket costs a few hundred bytes).",
            new Dictionary<string, long?> { ["time_wait"] = timeWait, ["max_tw_buckets"] = kernel.MaxTimeWaitBuckets, ["overflows"] = overflows,
                ["recorded_growth_from"] = growth?.From, ["recorded_growth_to"] = growth?.To,
                ["recorded_growth_seconds"] = growth is null ? null : (long)growth.Duration.TotalSeconds,
            });
    }
}
