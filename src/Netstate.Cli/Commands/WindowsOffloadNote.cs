using Netstate.Core.Model;
using Netstate.Core.Platform.Windows;

namespace Netstate.Cli.Commands;

/// <summary>
/// What -t says on stderr about TCP rows shown without an offload state (their column is blank, never
/// a guessed InHost): the call failed, or the rows came or went between the two reads.
/// </summary>
internal static class WindowsOffloadNote
{
    /// <summary>The one line for stderr, or null when every shown TCP row has its state.</summary>
    public static string? Note(TcpOffloadStates states, IEnumerable<SocketEntry> shown)
    {
        ArgumentNullException.ThrowIfNull(states);
        int blank = shown.Count(e => e.Protocol == Protocol.Tcp && states.Of(e) is null);
        if (blank == 0)
            return null;
        string rows = blank == 1 ? "1 TCP row" : $"{blank} TCP rows";
        return states.Failures.Count > 0
            ? $"netstate: the offload state could not be read ({string.Join("; ", states.Failures)}); the Offload State of {rows} is left blank"
            : $"netstate: {rows} {(blank == 1 ? "was" : "were")} not in the offload table read just after (opened or closed in between); the Offload State is left blank";
    }
}
