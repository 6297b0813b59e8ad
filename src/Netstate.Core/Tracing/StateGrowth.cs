using System.Globalization;
using Netstate.Core.Model;
using Netstate.Core.Vocabulary;

namespace Netstate.Core.Tracing;

/// <summary>
/// A count of sockets in one state that rose, sample after sample, without falling back, up to the
/// recording's last sample: from <paramref name="From"/> at <paramref name="Since"/> to
/// <paramref name="To"/> at <paramref name="Until"/>.
/// </summary>
/// <param name="State">The state counted.</param>
/// <param name="LocalPort">The local port counted; null for every socket in the state.</param>
/// <param name="From">The count when the rise began (the last sample at the low point).</param>
/// <param name="To">The count at the last sample.</param>
/// <param name="Since">When the rise began.</param>
/// <param name="Until">The last sample.</param>
/// <param name="Samples">How many samples the rise spans (at least two).</param>
internal sealed record StateGrowth(TcpState State, ushort? LocalPort, long From, long To, DateTimeOffset Since, DateTimeOffset Until, int Samples)
{
    public TimeSpan Duration => Until - Since;

    /// <summary>
    /// The growing run at the end of a series of counts, one per sample (ascending times); null when
    /// the last sample is not above the one before the run, or there are fewer than two samples.
    /// </summary>
    public static StateGrowth? Of(TcpState state, ushort? port, IReadOnlyList<(DateTimeOffset Time, long Count)> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        int last = series.Count - 1;
        if (last < 1)
            return null;
        int start = last;
        while (start > 0 && series[start - 1].Count <= series[start].Count)
            start--;
        // A flat beginning is not growth: the rise starts at the last sample still at the low point.
        while (start < last && series[start + 1].Count == series[start].Count)
            start++;
        return series[start].Count < series[last].Count
            ? new StateGrowth(state, port, series[start].Count, series[last].Count, series[start].Time, series[last].Time, last - start + 1)
            : null;
    }

    /// <summary>"CLOSE_WAIT on :5432 has grown for 2 h 10 min, from 3 to 250 sockets (since 2026-12-02 09:20:00 UTC)".</summary>
    public string Describe()
    {
        string on = LocalPort is { } port ? $" on :{port.ToString(CultureInfo.InvariantCulture)}" : "";
        return $"{TcpStateText.Name(State, Dialect.Netstat)}{on} has grown for {Spoken(Duration)}, from {Count(From)} to {Count(To)} "
            + $"sockets (since {Since.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC)";
    }

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>"2 h 10 min", "45 s": how long, in words a sentence can carry.</summary>
    public static string Spoken(TimeSpan span) => span.TotalSeconds switch
    {
        < 1 => "less than a second",
        < 120 => $"{span.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s",
        < 7200 => $"{((int)span.TotalMinutes).ToString(CultureInfo.InvariantCulture)} min",
        < 172_800 => span.Minutes == 0
            ? $"{((int)span.TotalHours).ToString(CultureInfo.InvariantCulture)} h"
            : $"{((int)span.TotalHours).ToString(CultureInfo.InvariantCulture)} h {span.Minutes.ToString(CultureInfo.InvariantCulture)} min",
        _ => $"{((int)span.TotalDays).ToString(CultureInfo.InvariantCulture)} days",
    };
}
