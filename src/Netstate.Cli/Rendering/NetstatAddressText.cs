using Netstate.Core.Model;
using Netstate.Core.Names;
using Netstate.Core.Text;

namespace Netstate.Cli.Rendering;

/// <summary>
/// "address:port" exactly as netstat writes it: names unless numeric, "*" for port 0, "[::]" and
/// "0.0.0.0" for unbound addresses, IPv4-mapped IPv6 shown as IPv4, and without -W the text cut to
/// 22 characters, keeping the port.
/// </summary>
internal sealed class NetstatAddressText
{
    /// <summary>netstat's budget for address, colon and port without -W.</summary>
    private const int ShortLength = 22;

    private readonly ServiceNames? _services;
    private readonly HostNameResolver? _hosts;
    private readonly bool _wide;

    /// <param name="services">Null for numeric ports.</param>
    /// <param name="hosts">Null for numeric hosts.</param>
    /// <param name="wide">-W: never truncate.</param>
    public NetstatAddressText(ServiceNames? services, HostNameResolver? hosts, bool wide)
    {
        _services = services;
        _hosts = hosts;
        _wide = wide;
    }

    /// <summary>Whether an address would be looked up (so the resolver can batch exactly those).</summary>
    public bool NeedsLookup(InetAddress address) => _hosts is not null && !address.IsUnspecified;

    public string Format(Endpoint endpoint, ServiceTable table)
    {
        string host = HostText(endpoint.Address);
        string port = PortText(endpoint.Port, table);
        if (_wide || host.Length + port.Length <= ShortLength)
            return string.Concat(host, ":", port);
        int portLength = Math.Min(port.Length, ShortLength - 4);
        int hostLength = Math.Min(host.Length, ShortLength - portLength);
        return string.Concat(host.AsSpan(0, hostLength), ":", port.AsSpan(0, portLength));
    }

    private string HostText(InetAddress address)
    {
        if (_hosts is null)
            return Numeric(address);
        if (address.IsUnspecified)
            return address.IsV6 ? "[::]" : "0.0.0.0";
        // A PTR record is written by whoever controls the reverse zone: escape it like any untrusted text.
        return _hosts.NameOf(address) is { } name ? UntrustedText.Escape(name) : Numeric(address);
    }

    private static string Numeric(InetAddress address) =>
        address.IsV4Mapped ? address.MappedV4.ToString() : address.ToString();

    private string PortText(ushort port, ServiceTable table)
    {
        if (port == 0)
            return "*";
        return _services?.Lookup(port, table) ?? port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
