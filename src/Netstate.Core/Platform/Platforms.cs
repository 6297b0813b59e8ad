using Netstate.Core.Platform.Linux;
using Netstate.Core.Platform.Linux.Names;
using Netstate.Core.Names;
using Netstate.Core.Platform.Windows;
using Netstate.Core.Query;

namespace Netstate.Core.Platform;

/// <summary>Picks the platform netstate runs on, at run time (no conditional compilation).</summary>
internal static class Platforms
{
    /// <summary>
    /// The running system's platform. On Linux <paramref name="procRoot"/> names a captured proc
    /// tree to replay instead of /proc (else the NETSTATE_PROC_ROOT environment variable does);
    /// a root that does not exist is reported, not read as empty.
    /// </summary>
    public static IPlatform Open(string? procRoot = null) => Open(procRoot, OperatingSystem.IsLinux(), OperatingSystem.IsWindows());

    /// <summary><see cref="Open(string?)"/> with the operating system given, so every branch can be tested.</summary>
    internal static IPlatform Open(string? procRoot, bool isLinux, bool isWindows = false)
    {
        if (isWindows)
        {
            return procRoot is null
                ? WindowsPlatform.Open()
                : throw new PlatformUnavailableException("--proc-root replays a Linux proc tree; Windows has none", "leave --proc-root out on Windows");
        }
        if (!isLinux)
            throw new PlatformUnavailableException($"netstate cannot read sockets on {Environment.OSVersion.Platform} yet", "it reads the kernel's tables on Linux and IP Helper's on Windows");
        return LinuxPlatform.Open(procRoot);
    }

    /// <summary>The running system's name databases (users, interfaces, networks, resolver, services).</summary>
    public static ISystemNames SystemNames => OperatingSystem.IsLinux()
        ? LibcSystemNames.Instance
        : OperatingSystem.IsWindows()
        ? WindowsSystemNames.Instance
        : throw new PlatformUnavailableException($"netstate cannot look up names on {Environment.OSVersion.Platform} yet");

    /// <summary>
    /// Makes sure the first local time does not read a hostile time zone file (TZ=/dev/zero, a FIFO);
    /// returns the warning to print when the zone was replaced by UTC, else null. Call it once at start.
    /// </summary>
    public static string? GuardTimeZone() => OperatingSystem.IsLinux() ? TimeZoneGuard.Apply() : null;

    /// <summary>
    /// The running system's answers to a filter's names: services, users, interfaces, cgroups, host
    /// names and the live kernel's ephemeral port range.
    /// </summary>
    /// <param name="hostLookupLimit">How long a host name may take to resolve (--resolve-timeout); 2 s when null.</param>
    public static IFilterNames FilterNames(TimeSpan? hostLookupLimit = null) => OperatingSystem.IsLinux()
        ? hostLookupLimit is { } limit ? new SystemFilterNames { HostLookupLimit = limit } : new SystemFilterNames()
        : OperatingSystem.IsWindows()
        ? hostLookupLimit is { } windowsLimit ? new WindowsFilterNames { HostLookupLimit = windowsLimit } : new WindowsFilterNames()
        : throw new PlatformUnavailableException($"netstate cannot resolve filter names on {Environment.OSVersion.Platform} yet");
}
