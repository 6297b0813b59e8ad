namespace Netstate.Cli;

/// <summary>
/// What <c>netstate --version</c> prints: the version and the commit the binary was built from, both
/// written as constants at build time (<c>BuildInfo</c>, the csproj's WriteBuildInfo target). A build
/// from a plain source tree has no commit and says so.
/// </summary>
internal static class VersionText
{
    public const string Version = BuildInfo.Version;

    /// <summary>The full commit id, or null when the build did not come from a git checkout.</summary>
    public static string? Commit => BuildInfo.Commit.Length == 0 ? null : BuildInfo.Commit;

    public static string Full =>
        $"netstate {Version} ({(Commit is null ? "commit unknown" : "commit " + Commit[..Math.Min(12, Commit.Length)])})\n"
        + "A modern netstat: netstat-compatible socket tables for Linux.\n";
}
