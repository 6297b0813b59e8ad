using Netstate.Core.Platform.Linux.IO;

namespace Netstate.Core.Platform.Linux;

/// <summary>
/// .NET reads the time zone file (TZ, else /etc/localtime) whole, the first time a local time is
/// needed: TZ=/dev/zero would eat memory and a FIFO would hang the listing. Checked once at start;
/// a zone file that is no regular file, or too large to be one, is replaced by UTC with a warning.
/// </summary>
internal static class TimeZoneGuard
{
    /// <summary>Real zone files are a few kilobytes.</summary>
    private const long Limit = BoundedFile.SmallLimit;

    /// <summary>Returns the warning to print when the zone file was refused; null when it is fine.</summary>
    public static string? Apply()
    {
        string? tz = Environment.GetEnvironmentVariable("TZ");
        string path = string.IsNullOrEmpty(tz)
            ? "/etc/localtime"
            : tz.TrimStart(':') is var name && Path.IsPathRooted(name)
                ? name
                : Path.Combine(Environment.GetEnvironmentVariable("TZDIR") ?? "/usr/share/zoneinfo", name);
        string? problem = BoundedFile.NotRegular(path) is { } kind
            ? $"{path} is {kind}"
            : File.Exists(path) && new FileInfo(path).Length > Limit ? $"{path} is larger than any time zone file" : null;
        if (problem is null)
            return null;
        Environment.SetEnvironmentVariable("TZ", "UTC");
        string source = string.IsNullOrEmpty(tz) ? "the local time zone" : "TZ";
        return $"netstate: warning: {source}: {problem}, not a time zone file; times are shown in UTC";
    }
}
