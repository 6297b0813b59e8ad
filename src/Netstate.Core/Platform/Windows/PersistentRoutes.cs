using System.Runtime.Versioning;
using Microsoft.Win32;

namespace Netstate.Core.Platform.Windows;

/// <summary>A persistent IPv4 route (route -p add) as the registry keeps it: "destination,netmask,gateway,metric".</summary>
internal sealed record PersistentRoute(string Destination, string Netmask, string Gateway, string Metric)
{
    /// <summary>A value name of the PersistentRoutes key; null when it has not four comma-separated parts.</summary>
    public static PersistentRoute? Parse(string valueName)
    {
        string[] parts = (valueName ?? "").Split(',');
        return parts.Length == 4 ? new PersistentRoute(parts[0], parts[1], parts[2], parts[3]) : null;
    }
}

/// <summary>Where Windows keeps persistent IPv4 routes: value names under Tcpip\Parameters\PersistentRoutes.</summary>
internal static class PersistentRoutes
{
    private const string KeyPath = @"SYSTEM\CurrentControlSet\Services\Tcpip\Parameters\PersistentRoutes";

    /// <summary>The persistent IPv4 routes; empty when the key does not exist (no route -p was ever added).</summary>
    [SupportedOSPlatform("windows")]
    public static List<PersistentRoute> ReadIpv4()
    {
        using RegistryKey? key = Registry.LocalMachine.OpenSubKey(KeyPath);
        return key is null ? [] : key.GetValueNames().Select(PersistentRoute.Parse).OfType<PersistentRoute>().ToList();
    }
}
