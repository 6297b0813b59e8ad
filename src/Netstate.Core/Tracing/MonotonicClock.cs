using System.Diagnostics;

namespace Netstate.Core.Tracing;

/// <summary>
/// The monotonic clock in nanoseconds (CLOCK_MONOTONIC on Linux, the clock a trace's time stamps
/// use), and its mapping to wall-clock time for display.
/// </summary>
public static class MonotonicClock
{
    /// <summary>Now, in monotonic nanoseconds.</summary>
    public static ulong Now() => (ulong)((UInt128)(ulong)Stopwatch.GetTimestamp() * 1_000_000_000 / (ulong)Stopwatch.Frequency);

    /// <summary>The wall-clock time of a monotonic time stamp, mapped through the present moment.</summary>
    public static DateTimeOffset ToWallClock(ulong timestamp) =>
        DateTimeOffset.UtcNow - TimeSpan.FromTicks(((long)Now() - (long)timestamp) / 100);
}
