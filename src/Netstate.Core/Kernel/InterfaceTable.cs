namespace Netstate.Core.Kernel;

/// <summary>One row of netstat -i: an interface (or an address label such as eth0:1) with its flags, MTU and counters.</summary>
/// <param name="Name">As the kernel spells it (untrusted: escape before printing).</param>
/// <param name="Flags">The IFF_* flags (SIOCGIFFLAGS).</param>
/// <param name="Mtu">The MTU (SIOCGIFMTU), 0 when it could not be read.</param>
/// <param name="Counters">Null for an address label, which /proc/net/dev does not list.</param>
internal sealed record InterfaceRow(string Name, InterfaceState Flags, int Mtu, InterfaceCounters? Counters);

/// <summary>The interface table: rows in netstat's order, and what could not be read.</summary>
internal sealed record InterfaceTable(IReadOnlyList<InterfaceRow> Rows, IReadOnlyList<string> Problems);
