using Netstate.Core.Model;
using Netstate.Core.Names;
using Netstate.Core.Query;

namespace Netstate.Core.Tests.Query;

/// <summary>Fixed names, so parser tests do not depend on this machine's services, users or interfaces.</summary>
internal sealed class FakeFilterNames : IFilterNames
{
    public ushort? ServicePort(string name, ServiceTable table) => (name, table) switch
    {
        ("ssh", _) => 22,
        ("https", _) => 443,
        ("domain", _) => 53,
        ("split", ServiceTable.Tcp) => 1000,
        ("split", ServiceTable.Udp) => 2000,
        ("tcponly", ServiceTable.Tcp) => 3000,
        _ => null,
    };

    public uint? UserId(string name) => name switch
    {
        "root" => 0,
        "alice" => 1000,
        _ => null,
    };

    public uint? InterfaceIndex(string name) => name switch
    {
        "lo" => 1,
        "eth0" => 2,
        _ => null,
    };

    public ulong? CgroupId(string path) => path == "/system.slice" ? 1234UL : null;

    public IReadOnlyList<InetAddress> HostAddresses(string name) => name == "localhost"
        ? [InetAddress.FromIPAddress(System.Net.IPAddress.Loopback), InetAddress.FromIPAddress(System.Net.IPAddress.IPv6Loopback)]
        : [];

    public (ushort Low, ushort High) EphemeralPorts => (32768, 60999);
}
