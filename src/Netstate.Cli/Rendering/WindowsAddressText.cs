using System.Globalization;
using System.Net;
using Netstate.Core.Model;
using Netstate.Core.Names;
using Netstate.Core.Text;
using Netstate.Core.Vocabulary;

namespace Netstate.Cli.Rendering;

/// <summary>
/// The Foreign Address column of the Windows layout without -n, as Windows netstat (Vista and later)
/// writes it: the host as a name, the port as its service name when the services file lists it
/// (<c>lhr25s34-in-f14:https</c>), the first label of the name, or with -f the whole name. A peer
/// that is this computer (a listener's <c>0.0.0.0:0</c>, a loopback or own address) is the
/// computer's name (<c>DESKTOP-FSHSTS:55452</c>, <c>DESKTOP-FSHSTS:0</c>); an address the resolver
/// did not name in time stays a number. The Local Address column stays numeric, as in Windows netstat.
/// </summary>
internal sealed class WindowsAddressText
{
    private readonly ServiceNames? _services;
    private readonly HostNameResolver? _hosts;
    private readonly bool _fullNames;
    private readonly ThisComputer _computer;

    /// <param name="services">Null for numeric ports.</param>
    /// <param name="hosts">Null for numeric hosts.</param>
    /// <param name="fullNames">-f: fully qualified names.</param>
    /// <param name="computer">Who "this computer" is.</param>
    public WindowsAddressText(ServiceNames? services, HostNameResolver? hosts, bool fullNames, ThisComputer computer)
    {
        _services = services;
        _hosts = hosts;
        _fullNames = fullNames;
        _computer = computer;
    }

    /// <summary>Whether an address is asked of the resolver: not this computer's, which is named without a lookup.</summary>
    public bool NeedsLookup(InetAddress address) => _hosts is not null && !_computer.Is(address);

    /// <summary>A TCP socket's peer as the Foreign Address column shows it.</summary>
    public string Foreign(Endpoint endpoint)
    {
        string? host = HostName(endpoint.Address);
        string? service = endpoint.Port == 0 ? null : _services?.Lookup(endpoint.Port, ServiceTable.Tcp);
        if (host is null && service is null)
            return EndpointText.Format(endpoint, Dialect.Windows);
        Span<char> numeric = stackalloc char[EndpointText.MaxLength];
        string hostText = host ?? new string(numeric[..EndpointText.WriteHost(endpoint.Address, Dialect.Windows, numeric)]);
        return hostText + ":" + (service ?? endpoint.Port.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The name shown for an address, escaped; null for a number.</summary>
    private string? HostName(InetAddress address)
    {
        if (_hosts is null)
            return null;
        string? name = _computer.Is(address) ? (_fullNames ? _computer.FullName : _computer.Name) : _hosts.NameOf(address);
        // A PTR record is written by whoever controls the reverse zone: escape it like any untrusted text.
        return name is null ? null : UntrustedText.Escape(_fullNames ? name : FirstLabel(name));
    }

    /// <summary>What Windows netstat shows without -f: the name up to its first dot (an address-like answer whole).</summary>
    internal static string FirstLabel(string name)
    {
        int dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot <= 0 || IPAddress.TryParse(name, out _) ? name : name[..dot];
    }
}

/// <summary>
/// This computer as the Windows layout names it. <see cref="Name"/> is the DNS host name
/// (<c>gethostname</c>, <see cref="Dns.GetHostName"/>), which is what Windows' resolver answers for
/// 127.0.0.1 and what Windows netstat shows; it differs from <see cref="Environment.MachineName"/> (the
/// NetBIOS name: upper case, at most 15 characters) when the computer's name is longer or not upper
/// case. <see cref="FullName"/> adds the computer's primary DNS domain, for -f.
/// </summary>
internal sealed record ThisComputer(string Name, string FullName, IReadOnlySet<InetAddress> Addresses)
{
    /// <summary>True for the unspecified address (a listener's peer), loopback (127.0.0.0/8, ::1, and their IPv4-mapped forms) and this computer's own addresses.</summary>
    public bool Is(InetAddress address)
    {
        if (address.IsUnspecified || Addresses.Contains(address))
            return true;
        InetAddress plain = address.IsV4Mapped ? address.MappedV4 : address;
        return Addresses.Contains(plain) || IPAddress.IsLoopback(plain.ToIPAddress());
    }

    /// <summary>The running computer, with the own addresses the platform read; the DNS domain is read only for -f.</summary>
    public static ThisComputer Read(IReadOnlySet<InetAddress> addresses, bool fullName)
    {
        string name;
        try
        {
            name = Dns.GetHostName();
        }
        catch (System.Net.Sockets.SocketException)
        {
            name = "";
        }
        if (name.Length == 0)
            name = Environment.MachineName;
        string domain = fullName && !name.Contains('.', StringComparison.Ordinal) ? DomainName() : "";
        return new ThisComputer(name, domain.Length > 0 ? name + "." + domain : name, addresses);
    }

    /// <summary>The primary DNS domain (GetNetworkParams' DomainName on Windows); empty when there is none or it cannot be read.</summary>
    private static string DomainName()
    {
        try
        {
            string domain = System.Net.NetworkInformation.IPGlobalProperties.GetIPGlobalProperties().DomainName;
            return domain is "(none)" ? "" : domain.Trim('.');
        }
        catch (System.Net.NetworkInformation.NetworkInformationException)
        {
            return "";
        }
    }
}
