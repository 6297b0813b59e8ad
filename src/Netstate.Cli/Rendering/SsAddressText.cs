using Netstate.Core.Model;
using Netstate.Core.Names;
using Netstate.Core.Text;
using Netstate.Core.Vocabulary;

namespace Netstate.Cli.Rendering;

/// <summary>
/// Addresses and ports as ss writes them: IPv6 in brackets, "*" for the unspecified IPv6 address of
/// a dual-stack socket and for port 0, "%ifname" for a socket bound to a device; names unless numeric.
/// </summary>
internal sealed class SsAddressText
{
    private readonly ServiceNames? _services;
    private readonly HostNameResolver? _hosts;
    private readonly InterfaceNames _interfaces = new();

    /// <param name="services">Null for numeric ports.</param>
    /// <param name="hosts">Null for numeric hosts.</param>
    public SsAddressText(ServiceNames? services, HostNameResolver? hosts)
    {
        _services = services;
        _hosts = hosts;
    }

    public void WriteHost(SsTable table, InetAddress address, bool v6Only, uint interfaceIndex)
    {
        if (!address.IsUnspecified && _hosts?.NameOf(address) is { } name)
        {
            // A PTR record is written by whoever controls the reverse zone.
            table.Append(UntrustedText.Escape(name));
        }
        else
        {
            Span<char> text = stackalloc char[EndpointText.MaxLength];
            table.Append(text[..EndpointText.WriteHost(address, Dialect.Ss, text, dualStack: !v6Only)]);
        }
        if (interfaceIndex != 0)
            table.Append('%').Append(UntrustedText.Escape(_interfaces.NameOf(interfaceIndex)));
    }

    public void WritePort(SsTable table, ushort port, Protocol protocol)
    {
        ServiceTable services = protocol switch
        {
            Protocol.Tcp => ServiceTable.Tcp,
            Protocol.Raw => ServiceTable.Raw,
            _ => ServiceTable.Udp,
        };
        if (port != 0 && _services?.Lookup(port, services) is { } name)
        {
            table.Append(name);
            return;
        }
        Span<char> number = stackalloc char[5];
        table.Append(number[..EndpointText.WritePort(port, Dialect.Ss, number)]);
    }
}
