using System.Globalization;
using System.Text;
using Netstate.Core.Model;
using Netstate.Core.Platform.Windows;
using Netstate.Core.Text;

namespace Netstate.Cli.Rendering;

/// <summary>
/// Windows netstat -r (route print): the Interface List, the IPv4 Route Table (Network Destination,
/// Netmask, Gateway, Interface, Metric; On-link for a route without a next hop) and the IPv6 Route
/// Table (If, Metric, Network Destination, Gateway), each with its Persistent Routes; and -e's
/// Interface Statistics.
/// </summary>
internal sealed class WindowsRouteRenderer
{
    internal static readonly string Rule = new('=', 75);

    private readonly TextWriter _out;

    public WindowsRouteRenderer(TextWriter output) => _out = output;

    /// <summary>" 12...00 15 5d 01 02 03 ......Description": the index right-aligned in 3, dots, the hardware address, dots to column 30.</summary>
    internal static string InterfaceLine(WindowsInterface row)
    {
        var line = new StringBuilder(80);
        line.Append(row.Index.ToString(CultureInfo.InvariantCulture).PadLeft(3)).Append("...");
        foreach (byte b in row.PhysicalAddress)
            line.Append(b.ToString("x2", CultureInfo.InvariantCulture)).Append(' ');
        if (line.Length < 30)
            line.Append('.', 30 - line.Length);
        return line.Append(UntrustedText.Escape(row.Description)).ToString();
    }

    public void WriteInterfaceList(IEnumerable<WindowsInterface> interfaces)
    {
        _out.WriteLine(Rule);
        _out.WriteLine("Interface List");
        foreach (WindowsInterface row in interfaces.Where(i => !i.Filter))
            _out.WriteLine(InterfaceLine(row));
        _out.WriteLine(Rule);
    }

    /// <summary>The IPv4 table. <paramref name="interfaceMetrics"/> null: the interface metrics could not be read, so the Metric column says '-' rather than a part of the sum.</summary>
    public void WriteIpv4(IReadOnlyList<WindowsRoute> routes, IReadOnlyList<WindowsAddress> addresses, IReadOnlyDictionary<uint, uint>? interfaceMetrics, IReadOnlyList<PersistentRoute>? persistent)
    {
        _out.WriteLine();
        _out.WriteLine("IPv4 Route Table");
        _out.WriteLine(Rule);
        _out.WriteLine("Active Routes:");
        _out.WriteLine("Network Destination        Netmask          Gateway       Interface  Metric");
        foreach (WindowsRoute route in routes.Where(r => !r.Destination.IsV6).OrderBy(r => Key(r.Destination)).ThenBy(r => r.PrefixLength).ThenBy(r => r.Metric))
        {
            string gateway = route.OnLink ? "On-link" : route.NextHop.ToString();
            string local = InterfaceAddress(route, addresses) ?? "-";
            _out.WriteLine(route.Destination.ToString().PadLeft(17) + Netmask(route.PrefixLength).PadLeft(17) + gateway.PadLeft(17)
                + local.PadLeft(16) + Metric(route, interfaceMetrics).PadLeft(7));
        }
        _out.WriteLine(Rule);
        _out.WriteLine("Persistent Routes:");
        if (persistent is null)
            _out.WriteLine("  (not read: they are kept in the Windows registry)");
        else if (persistent.Count == 0)
            _out.WriteLine("  None");
        else
        {
            _out.WriteLine("  Network Address          Netmask  Gateway Address  Metric");
            foreach (PersistentRoute route in persistent)
            {
                _out.WriteLine(UntrustedText.Escape(route.Destination).PadLeft(17) + UntrustedText.Escape(route.Netmask).PadLeft(17)
                    + UntrustedText.Escape(route.Gateway).PadLeft(17) + UntrustedText.Escape(route.Metric).PadLeft(8));
            }
        }
    }

    public void WriteIpv6(IReadOnlyList<WindowsRoute> routes, IReadOnlyDictionary<uint, uint>? interfaceMetrics)
    {
        _out.WriteLine();
        _out.WriteLine("IPv6 Route Table");
        _out.WriteLine(Rule);
        _out.WriteLine("Active Routes:");
        _out.WriteLine(" If Metric Network Destination      Gateway");
        foreach (WindowsRoute route in routes.Where(r => r.Destination.IsV6))
        {
            string destination = $"{route.Destination}/{route.PrefixLength.ToString(CultureInfo.InvariantCulture)}";
            string gateway = route.OnLink ? "On-link" : route.NextHop.ToString();
            _out.WriteLine(route.InterfaceIndex.ToString(CultureInfo.InvariantCulture).PadLeft(3) + Metric(route, interfaceMetrics).PadLeft(7)
                + " " + destination.PadRight(24) + " " + gateway);
        }
        _out.WriteLine(Rule);
        _out.WriteLine("Persistent Routes:");
        // IPv6 persistent routes live in the NSI store, which no documented call reads.
        _out.WriteLine("  (not read: Windows keeps them where no documented call reads them)");
    }

    /// <summary>-e: the counters of every interface Windows lists, added up, Received and Sent.</summary>
    public void WriteInterfaceStatistics(IEnumerable<WindowsInterface> interfaces)
    {
        ulong[] sums = new ulong[11];
        foreach (WindowsInterface i in interfaces.Where(i => !i.Filter))
        {
            ulong[] values = [i.InOctets, i.InUcastPkts, i.InNUcastPkts, i.InDiscards, i.InErrors, i.InUnknownProtos, i.OutOctets, i.OutUcastPkts, i.OutNUcastPkts, i.OutDiscards, i.OutErrors];
            for (int k = 0; k < sums.Length; k++)
                sums[k] = unchecked(sums[k] + values[k]);
        }
        _out.WriteLine("Interface Statistics");
        _out.WriteLine();
        _out.WriteLine("Received".PadLeft(35) + "Sent".PadLeft(16));
        _out.WriteLine();
        Pair("Bytes", sums[0], sums[6]);
        Pair("Unicast packets", sums[1], sums[7]);
        Pair("Non-unicast packets", sums[2], sums[8]);
        Pair("Discards", sums[3], sums[9]);
        Pair("Errors", sums[4], sums[10]);
        _out.WriteLine("Unknown protocols" + Number(sums[5]).PadLeft(35 - "Unknown protocols".Length));
    }

    private void Pair(string label, ulong received, ulong sent) =>
        _out.WriteLine(label + Number(received).PadLeft(35 - label.Length) + Number(sent).PadLeft(15));

    /// <summary>The route's metric plus its interface's, as Windows shows it; '-' when the interface metric is unknown.</summary>
    private static string Metric(WindowsRoute route, IReadOnlyDictionary<uint, uint>? interfaceMetrics) =>
        interfaceMetrics is not null && interfaceMetrics.TryGetValue(route.InterfaceIndex, out uint metric)
            ? ((ulong)route.Metric + metric).ToString(CultureInfo.InvariantCulture)
            : "-";

    /// <summary>The interface's IPv4 address in the route's network, else its first one; null when it has none.</summary>
    private static string? InterfaceAddress(WindowsRoute route, IReadOnlyList<WindowsAddress> addresses)
    {
        WindowsAddress? first = null;
        foreach (WindowsAddress address in addresses)
        {
            if (address.InterfaceIndex != route.InterfaceIndex || address.Address.IsV6)
                continue;
            first ??= address;
            if (Key(address.Address) >> (32 - Math.Min(route.PrefixLength, 32)) == Key(route.Destination) >> (32 - Math.Min(route.PrefixLength, 32)) && route.PrefixLength > 0)
                return address.Address.ToString();
        }
        return first?.Address.ToString();
    }

    internal static string Netmask(int prefixLength)
    {
        uint mask = prefixLength <= 0 ? 0 : uint.MaxValue << (32 - Math.Min(prefixLength, 32));
        return string.Join('.', (mask >> 24).ToString(CultureInfo.InvariantCulture), ((mask >> 16) & 255).ToString(CultureInfo.InvariantCulture),
            ((mask >> 8) & 255).ToString(CultureInfo.InvariantCulture), (mask & 255).ToString(CultureInfo.InvariantCulture));
    }

    private static ulong Key(InetAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        int length = address.WriteBytes(bytes);
        return length == 4 ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes) : 0;
    }

    private static string Number(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
