using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace Netstate.Benchmarks;

/// <summary>
/// One short job for the whole suite (3 warm-ups, 7 measured iterations, one process per case), so
/// every benchmark here finishes in a few minutes on two cores, with Min and Median beside the Mean:
/// on a busy machine noise only adds time, so Min is the steadier figure. Allocations are exact.
/// For a careful timing use <c>--job default</c> on a quiet machine.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class BenchJobAttribute : Attribute, IConfigSource
{
    public BenchJobAttribute()
    {
        Config = ManualConfig.CreateEmpty()
            .AddJob(Job.Default.WithId("Short").WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(7))
            .AddColumn(StatisticColumn.Min, StatisticColumn.Median);
    }

    public IConfig Config { get; }
}
