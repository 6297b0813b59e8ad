using System.Globalization;
using System.Text;
using Netstate.Core.Kernel;
using Netstate.Core.Model;
using Netstate.Core.Text;

namespace Netstate.Cli.Rendering;

/// <summary>
/// netstat -ie: one ifconfig-style block per interface, as net-tools 2.10 ife_print_long writes it
/// (flags line, inet, inet6 lines from /proc/net/if_inet6, link line, counters, device resources,
/// then a blank line). Addresses are always numeric there, so -n changes nothing.
/// </summary>
internal sealed class IfconfigRenderer
{
    private const string Indent = "        ";

    private static readonly (InterfaceState Flag, string Name)[] FlagNames =
    [
        (InterfaceState.Up, "UP"), (InterfaceState.Broadcast, "BROADCAST"), (InterfaceState.Debug, "DEBUG"),
        (InterfaceState.Loopback, "LOOPBACK"), (InterfaceState.PointToPoint, "POINTOPOINT"),
        (InterfaceState.NoTrailers, "NOTRAILERS"), (InterfaceState.Running, "RUNNING"), (InterfaceState.NoArp, "NOARP"),
        (InterfaceState.Promiscuous, "PROMISC"), (InterfaceState.AllMulticast, "ALLMULTI"), (InterfaceState.Slave, "SLAVE"),
        (InterfaceState.Master, "MASTER"), (InterfaceState.Multicast, "MULTICAST"), (InterfaceState.Dynamic, "DYNAMIC"),
    ];

    private static readonly string[] PortNames = ["unknown", "10base2", "10baseT", "AUI", "100baseT", "100baseTX", "100baseFX"];

    private readonly TextWriter _out;
    private readonly StringBuilder _text = new();

    public IfconfigRenderer(TextWriter output) => _out = output;

    /// <summary>One interface's block; <paramref name="ipv6"/> are its lines of /proc/net/if_inet6 in file order.</summary>
    public void WriteBlock(InterfaceRow row, InterfaceConfiguration configuration, IReadOnlyList<Ipv6InterfaceAddress> ipv6)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(ipv6);
        StringBuilder text = _text.Clear();
        CultureInfo c = CultureInfo.InvariantCulture;
        // net-tools keeps the flags in a short, so IFF_DYNAMIC (0x8000) shows as a negative number.
        text.Append(UntrustedText.Escape(row.Name)).Append(c, $": flags={(short)row.Flags}<");
        AppendFlagNames(text, row.Flags);
        text.Append(c, $"  mtu {row.Mtu}\n");

        if (configuration.Ipv4 is { } v4)
        {
            text.Append(c, $"{Indent}inet {v4.Address}  netmask {NoneSet(v4.Netmask)}");
            if ((row.Flags & InterfaceState.Broadcast) != 0)
                text.Append(c, $"  broadcast {NoneSet(v4.Broadcast)}");
            if ((row.Flags & InterfaceState.PointToPoint) != 0)
                text.Append(c, $"  destination {NoneSet(v4.Destination)}");
            text.Append('\n');
        }
        foreach (Ipv6InterfaceAddress address in ipv6)
            AppendIpv6(text, address);

        text.Append(Indent);
        string title = HardwareTypeText.AppendAddress(text, configuration.HardwareType, configuration.HardwareAddress);
        if (configuration.TxQueueLength != -1)
            text.Append(c, $"  txqueuelen {configuration.TxQueueLength}");
        text.Append(c, $"  ({title})\n");

        InterfaceMap map = configuration.Map;
        if ((row.Flags & InterfaceState.PortSelect) != 0)
        {
            text.Append(Indent).Append("media ").Append(map.Port < PortNames.Length ? PortNames[map.Port] : "(null)");
            if ((row.Flags & InterfaceState.AutoMedia) != 0)
                text.Append("autoselect");
            text.Append('\n');
        }
        if (row.Counters is { } s)
            AppendCounters(text, s);
        if (map.Irq != 0 || map.MemoryStart != 0 || map.Dma != 0 || map.BaseAddress >= 0x100)
        {
            text.Append(Indent).Append("device ");
            if (map.Irq != 0)
                text.Append(c, $"interrupt {map.Irq}  ");
            if (map.BaseAddress >= 0x100)
                text.Append(c, $"base 0x{map.BaseAddress:x}  ");
            if (map.MemoryStart != 0)
                text.Append(c, $"memory 0x{map.MemoryStart:x}-{map.MemoryEnd:x}  ");
            if (map.Dma != 0)
                text.Append(c, $"  dma 0x{map.Dma:x}");
            text.Append('\n');
        }
        text.Append('\n');
        _out.Write(text);
    }

    /// <summary>"flags=N&lt;UP,...&gt;" ends with '&gt;', or with nothing at all when no flag has a name (net-tools cuts the last character).</summary>
    private static void AppendFlagNames(StringBuilder text, InterfaceState flags)
    {
        if (flags == InterfaceState.None)
            text.Append('>');
        foreach ((InterfaceState flag, string name) in FlagNames)
        {
            if ((flags & flag) != 0)
                text.Append(name).Append(',');
        }
        if (text[^1] == ',')
            text[^1] = '>';
        else
            text.Length--;
    }

    private static void AppendIpv6(StringBuilder text, Ipv6InterfaceAddress address)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        // net-tools prints a v4-mapped address as its dotted tail.
        InetAddress shown = address.Address.IsV4Mapped ? address.Address.MappedV4 : address.Address;
        text.Append(c, $"{Indent}inet6 {shown}  prefixlen {address.PrefixLength}  scopeid 0x{address.Scope:x}");
        int start = text.Length;
        text.Append('<');
        int scope = address.Scope;
        if ((scope & 0x80) != 0)
        {
            text.Append("compat,");
            scope -= 0x80;
        }
        if (scope == 0)
            text.Append("global,");
        if ((scope & 0x20) != 0)
            text.Append("link,");
        if ((scope & 0x40) != 0)
            text.Append("site,");
        if ((scope & 0x10) != 0)
            text.Append("host,");
        if (text[^1] == ',')
            text[^1] = '>';
        else
            text.Length = start;
        text.Append('\n');
    }

    private static void AppendCounters(StringBuilder text, InterfaceCounters s)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        text.Append(c, $"{Indent}RX packets {s.RxPackets}  bytes {s.RxBytes} ({HumanBytes(s.RxBytes)})\n");
        text.Append(c, $"{Indent}RX errors {s.RxErrors}  dropped {s.RxDropped}  overruns {s.RxFifoErrors}  frame {s.RxFrameErrors}\n");
        text.Append(c, $"{Indent}TX packets {s.TxPackets}  bytes {s.TxBytes} ({HumanBytes(s.TxBytes)})\n");
        // Debian's 2.10 has a single blank before "overruns" on this line (fixed upstream since).
        text.Append(c, $"{Indent}TX errors {s.TxErrors}  dropped {s.TxDropped} overruns {s.TxFifoErrors}  carrier {s.TxCarrierErrors}  collisions {s.Collisions}\n");
    }

    /// <summary>net-tools' "(1.3 KiB)": tenths, truncated, in the largest binary unit the value exceeds.</summary>
    internal static string HumanBytes(ulong value)
    {
        ReadOnlySpan<(ulong Limit, string Unit)> units =
        [
            (1UL << 60, "EiB"), (1UL << 50, "PiB"), (1UL << 40, "TiB"), (1UL << 30, "GiB"), (1UL << 20, "MiB"), (1UL << 10, "KiB"),
        ];
        ulong tenths = unchecked(value * 10);
        string unit = "B";
        foreach ((ulong limit, string name) in units)
        {
            if (value > limit)
            {
                // For EiB net-tools divides the value by 2^60 / 10, as value * 10 would overflow.
                tenths = limit == 1UL << 60 ? value / 115292150460684697UL : tenths / limit;
                unit = name;
                break;
            }
        }
        return string.Create(CultureInfo.InvariantCulture, $"{tenths / 10}.{tenths % 10} {unit}");
    }

    private static string NoneSet(InetAddress? address) => address?.ToString() ?? "[NONE SET]";
}
