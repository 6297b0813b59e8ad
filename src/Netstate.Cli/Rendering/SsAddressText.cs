using Netstate.Core.Model;
using Netstate.Core.Names;
using Netstate.Core.Text;

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
        if (address.IsV6 && !v6Only && address.IsUnspecified)
        {
            table.Append('*');
        }
        else if (!address.IsUnspecified && _hosts?.NameOf(address) is { } name)
        {
            // A PTR record is written by whoever controls the reverse zone.
            table.Append(UntrustedText.Escape(name));
        }
        else
        {
            Span<char> text = stackalloc char[46];
            int length = InetAddressFormatter.Format(address, text);
            if (address.IsV6)
                table.Append('[').Append(text[..length]).Append(']');
            else
                table.Append(text[..length]);
        }
        if (interfaceIndex != 0)
            table.Append('%').Append(UntrustedText.Escape(_interfaces.NameOf(interfaceIndex)));
    }

    public void WritePort(SsTable table, ushort port, Protocol protocol)
    {
        if (port == 0)
        {
            table.Append('*');
            return;
        }
        ServiceTable services = protocol switch
        {
            Protocol.Tcp => ServiceTable.Tcp,
            Protocol.Raw => ServiceTable.Raw,
            _ => ServiceTable.Udp,
        };
        if (_services?.Lookup(port, services) is { } name)
            table.Append(name);
        else
            table.Append((ulong)port);
    }
}
