using Netstate.Core.Model;
using Netstate.Core.Names;
using Netstate.Core.Text;
using Netstate.Core.Vocabulary;

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

    public string Format(Endpoint endpoint, ServiceTable table) =>
        Write(new LineBuffer(), endpoint, table).ToString();

    /// <summary>Appends the endpoint's text to <paramref name="line"/> without allocating for numeric addresses.</summary>
    public LineBuffer Write(LineBuffer line, Endpoint endpoint, ServiceTable table)
    {
        Span<char> numeric = stackalloc char[EndpointText.MaxLength];
        ReadOnlySpan<char> host = HostText(endpoint.Address, numeric);
        Span<char> number = stackalloc char[5];
        ReadOnlySpan<char> port = PortText(endpoint.Port, table, number);
        if (_wide || host.Length + port.Length <= ShortLength)
            return line.Append(host).Append(':').Append(port);
        int portLength = Math.Min(port.Length, ShortLength - 4);
        int hostLength = Math.Min(host.Length, ShortLength - portLength);
        return line.Append(host[..hostLength]).Append(':').Append(port[..portLength]);
    }

    private ReadOnlySpan<char> HostText(InetAddress address, Span<char> numeric)
    {
        if (_hosts is null)
            return Numeric(address, numeric);
        if (address.IsUnspecified)
            return address.IsV6 ? "[::]" : "0.0.0.0";
        // A PTR record is written by whoever controls the reverse zone: escape it like any untrusted text.
        return _hosts.NameOf(address) is { } name ? UntrustedText.Escape(name) : Numeric(address, numeric);
    }

    private static ReadOnlySpan<char> Numeric(InetAddress address, Span<char> destination) =>
        destination[..EndpointText.WriteHost(address, Dialect.Netstat, destination)];

    private ReadOnlySpan<char> PortText(ushort port, ServiceTable table, Span<char> number)
    {
        if (port != 0 && _services?.Lookup(port, table) is { } name)
            return name;
        return number[..EndpointText.WritePort(port, Dialect.Netstat, number)];
    }
}
