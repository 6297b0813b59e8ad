using Netstate.Core.Model;

namespace Netstate.Core.Tracing;

/// <summary>
/// What a recording saw of one state over a span ending at its last record: the changes into it by
/// the state they came from, the changes out of it by the state they went to, and how long the
/// sockets that left it had stayed.
/// </summary>
/// <param name="State">The state.</param>
/// <param name="From">The start of the span.</param>
/// <param name="Until">The end of the span (the recording's last record).</param>
/// <param name="Into">Changes into the state, by the state they came from, most first.</param>
/// <param name="OutOf">Changes out of the state, by the state they went to, most first.</param>
/// <param name="Stays">How many of the changes out of it knew how long the socket had been in it.</param>
/// <param name="MedianStay">The median time in the state of those; null when there were none.</param>
/// <param name="LongStay">The 90th percentile of the same; null when there were none.</param>
internal sealed record StateActivity(
    TcpState State,
    DateTimeOffset From,
    DateTimeOffset Until,
    IReadOnlyList<(TcpState State, long Count)> Into,
    IReadOnlyList<(TcpState State, long Count)> OutOf,
    long Stays,
    TimeSpan? MedianStay,
    TimeSpan? LongStay);
