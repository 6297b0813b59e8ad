using Netstate.Core.Model;
using Netstate.Core.Platform.Linux.Tracing;
using Netstate.Core.Tracing;

namespace Netstate.Core.Tests.Tracing;

/// <summary>The rise at the end of a series of recorded counts, and the tracer's saved task records.</summary>
public sealed class StateGrowthTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    private static List<(DateTimeOffset, long)> Series(params long[] counts) =>
        [.. counts.Select((c, i) => (Start.AddMinutes(i), c))];

    [Fact]
    public void A_rise_starts_at_the_last_sample_at_its_low_point_and_ends_at_the_last_sample()
    {
        StateGrowth growth = StateGrowth.Of(TcpState.CloseWait, 5432, Series(7, 2, 0, 0, 4, 4, 8, 12))!;
        Assert.Equal(0, growth.From);
        Assert.Equal(12, growth.To);
        Assert.Equal(Start.AddMinutes(3), growth.Since);
        Assert.Equal(Start.AddMinutes(7), growth.Until);
        Assert.Equal(5, growth.Samples);
        Assert.Equal("CLOSE_WAIT on :5432 has grown for 4 min, from 0 to 12 sockets (since 2026-12-02 09:03:00 UTC)", growth.Describe());
    }

    [Theory]
    [InlineData(new long[] { })]
    [InlineData(new long[] { 5 })]
    [InlineData(new long[] { 3, 3, 3 })]
    [InlineData(new long[] { 1, 9, 4 })]
    public void No_rise_at_the_end_is_no_growth(long[] counts) =>
        Assert.Null(StateGrowth.Of(TcpState.CloseWait, null, Series(counts)));

    [Theory]
    [InlineData(0.5, "less than a second")]
    [InlineData(45, "45 s")]
    [InlineData(600, "10 min")]
    [InlineData(7800, "2 h 10 min")]
    [InlineData(7200, "2 h")]
    [InlineData(3 * 86400, "3 days")]
    public void Durations_are_spoken(double seconds, string expected) =>
        Assert.Equal(expected, StateGrowth.Spoken(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Saved_task_lines_that_do_not_fit_are_skipped()
    {
        (int, string)[] parsed = [.. SavedTasks.Parse(["24824 24821", "1 systemd", "x 12", "", " 5 a", "-3 b", "99999999999 c", "7 <...>"])];
        Assert.Equal([(24824, "24821"), (1, "systemd"), (7, "<...>")], parsed);
    }
}
