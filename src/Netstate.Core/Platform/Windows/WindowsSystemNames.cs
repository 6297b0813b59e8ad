using System.Net;
using System.Net.Sockets;
using Netstate.Core.Model;
using Netstate.Core.Names;

namespace Netstate.Core.Platform.Windows;

/// <summary>
/// Windows' name databases as far as netstate reads them: host names through the system resolver,
/// and the services and protocols files under %SystemRoot%\System32\drivers\etc (the same format as
/// /etc/services). Users are SIDs, not uids, and interfaces have no Linux index: those lookups
/// answer null, so callers show numbers.
/// </summary>
internal sealed class WindowsSystemNames : ISystemNames
{
    public static WindowsSystemNames Instance { get; } = new();

    public string? UserName(uint uid) => null;

    public uint? UserId(string name) => null;

    public string? InterfaceName(uint index) => null;

    public string? NetworkName(InetAddress network) => null;

    public string? HostName(InetAddress address)
    {
        try
        {
            string name = Dns.GetHostEntry(address.ToIPAddress()).HostName;
            return string.IsNullOrEmpty(name) || name == address.ToString() ? null : name;
        }
        catch (Exception e) when (e is SocketException or ArgumentException)
        {
            return null;
        }
    }

    public (string? Services, string? Protocols) ReadServiceFiles(string? servicesPath, string? protocolsPath)
    {
        string etc = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.System), "drivers", "etc");
        return (Read(servicesPath ?? Path.Combine(etc, "services")), Read(protocolsPath ?? Path.Combine(etc, "protocol")));
    }

    /// <summary>A small text file's contents; null when missing, unreadable or larger than any services file.</summary>
    private static string? Read(string path)
    {
        try
        {
            var file = new FileInfo(path);
            return file.Exists && file.Length <= 4 << 20 ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
