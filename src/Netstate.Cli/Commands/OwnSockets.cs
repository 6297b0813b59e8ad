using Netstate.Core.Model;

namespace Netstate.Cli.Commands;

/// <summary>Sockets netstate opens itself, which no listing of the system should show.</summary>
internal static class OwnSockets
{
    /// <summary>
    /// The .NET runtime opens a diagnostics listener (dotnet-diagnostic-PID-N-socket) before any of
    /// our code runs, and runtimeconfig cannot turn it off. It is netstate observing itself, not the
    /// system, so it is left out, as netstat has no such socket to show.
    /// </summary>
    public static bool IsOwnDiagnosticsSocket(SocketEntry entry) =>
        entry.Unix?.Path is { } path
        && path.Contains(OwnDiagnosticsPrefix, StringComparison.Ordinal)
        && path.EndsWith("-socket", StringComparison.Ordinal);

    private static readonly string OwnDiagnosticsPrefix = $"/dotnet-diagnostic-{Environment.ProcessId}-";
}
