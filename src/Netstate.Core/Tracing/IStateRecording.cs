using Netstate.Core.Model;

namespace Netstate.Core.Tracing;

/// <summary>
/// What a recording (<c>netstate record</c>) remembers about the TCP states, asked by explain and
/// doctor. Read-only; every answer is null or empty when the recording does not know (no samples,
/// a damaged or locked file): a recording adds evidence, it never stops a diagnosis.
/// </summary>
internal interface IStateRecording
{
    /// <summary>Where the recording is (its file), for the sentences that cite it.</summary>
    string Where { get; }

    /// <summary>
    /// How the number of sockets in <paramref name="state"/> (on one local port, or all of them when
    /// <paramref name="localPort"/> is null) rose up to the recording's last sample; null when it is
    /// not rising at the end, or there are fewer than two samples.
    /// </summary>
    StateGrowth? Growth(TcpState state, ushort? localPort = null);

    /// <summary>The local ports with the most sockets in <paramref name="state"/> at the last sample, most first.</summary>
    IReadOnlyList<ushort> BusiestPorts(TcpState state, int top);

    /// <summary>The changes into and out of <paramref name="state"/> and the time spent in it, over the recording's last <paramref name="span"/>.</summary>
    StateActivity? Activity(TcpState state, TimeSpan span);
}
