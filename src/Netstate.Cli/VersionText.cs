using System.Reflection;

namespace Netstate.Cli;

/// <summary>
/// What <c>netstate --version</c> prints: the version and the commit the binary was built from. The
/// SDK writes the commit into the informational version ("0.1.0+&lt;sha&gt;") when it builds from a git
/// checkout; a build from a plain source tree has none and says so.
/// </summary>
internal static class VersionText
{
    public static string Version { get; } = typeof(VersionText).Assembly.GetName().Version?.ToString(3) ?? "unknown";

    /// <summary>The full commit id, or null when the build did not come from a git checkout.</summary>
    public static string? Commit { get; } = ReadCommit();

    public static string Full =>
        $"netstate {Version} ({(Commit is null ? "commit unknown" : "commit " + Commit[..Math.Min(12, Commit.Length)])})\n"
        + "A modern netstat: netstat-compatible socket tables for Linux.\n";

    private static string? ReadCommit()
    {
        string? informational = typeof(VersionText).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        int plus = informational?.IndexOf('+', StringComparison.Ordinal) ?? -1;
        return plus < 0 ? null : informational![(plus + 1)..];
    }
}
