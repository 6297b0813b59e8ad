using Netstate.Core.Model;

namespace Netstate.Core.Kernel;

/// <summary>
/// What was read of the counter files: the counters, the files that do not exist (IPv6 disabled,
/// no sctp module) or could not be read, and notes for stderr.
/// </summary>
internal sealed record KernelCounterRead(KernelCounters Counters, CounterFiles Missing, IReadOnlyList<SourceNote> Notes)
{
    /// <summary>The path of each file this read looked for.</summary>
    public required IReadOnlyDictionary<CounterFiles, string> Paths { get; init; }
}
