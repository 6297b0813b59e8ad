using System.Globalization;
using Netstate.Core.Kernel;
using Netstate.Core.Model;
using Netstate.Core.Text;

namespace Netstate.Cli.Rendering;

/// <summary>Where the names of route addresses come from when -n is not given.</summary>
internal interface IRouteNameLookup
{
    /// <summary>A host name (hosts file, DNS), or null.</summary>
    string? HostName(InetAddress address);

    /// <summary>A network name (/etc/networks), or null.</summary>
    string? NetworkName(InetAddress address);
}

/// <summary>
/// Writes the routing tables exactly as netstat -r prints them (net-tools lib/inet_gr.c and
/// lib/inet6_gr.c): fixed printf columns, names cut to 15 characters in the IPv4 table.
/// </summary>
internal sealed class RouteTableRenderer
{
    private const int Ipv4NameLength = 15;
    private readonly TextWriter _out;
    private readonly IRouteNameLookup? _names;
    private readonly LineBuffer _line = new();

    /// <param name="names">Null for -n: every address printed as a number.</param>
    public RouteTableRenderer(TextWriter output, IRouteNameLookup? names)
    {
        _out = output;
        _names = names;
    }

    /// <summary>
    /// netstat's layout for a count of -e: none gives MSS/Window/irtt, one gives Metric/Ref/Use, two
    /// give both. netstat masks its counter with 3 after swapping 1 and 2, so -eee prints no rows.
    /// </summary>
    public static int Ipv4LayoutFor(int extend)
    {
        int level = extend + 1;
        level = level == 2 ? 1 : level == 1 ? 2 : level;
        return level & 3;
    }

    /// <summary>The addresses whose host names the IPv4 table will ask for (to resolve them all at once first).</summary>
    public static IEnumerable<InetAddress> HostLookups(IEnumerable<Ipv4Route> routes)
    {
        foreach (Ipv4Route route in routes)
        {
            if (!route.Flags.HasFlag(RouteFlags.Up))
                continue;
            if (!route.Destination.IsUnspecified && (route.Flags.HasFlag(RouteFlags.Host) || route.HasHostBits))
                yield return route.Destination;
            if (!route.Gateway.IsUnspecified && !route.Flags.HasFlag(RouteFlags.Reject))
                yield return route.Gateway;
        }
    }

    /// <summary>The addresses whose host names the IPv6 table will ask for.</summary>
    public static IEnumerable<InetAddress> HostLookups(IEnumerable<Ipv6Route> routes)
    {
        foreach (Ipv6Route route in routes)
        {
            if (route.Flags.HasFlag(RouteFlags.Cache))
                continue;
            if (!route.Destination.IsUnspecified)
                yield return route.Destination;
            if (!route.NextHop.IsUnspecified)
                yield return route.NextHop;
        }
    }

    public void WriteIpv4(IReadOnlyList<Ipv4Route> routes, int layout)
    {
        ArgumentNullException.ThrowIfNull(routes);
        _out.Write("Kernel IP routing table\n");
        _out.Write(layout switch
        {
            1 => "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n",
            2 => "Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n",
            3 => "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface    MSS   Window irtt\n",
            _ => "",
        });
        if (layout == 0)
            return;
        foreach (Ipv4Route route in routes)
        {
            // netstat shows only routes that are up (the kernel marks every main-table route up).
            if (!route.Flags.HasFlag(RouteFlags.Up))
                continue;
            WriteIpv4Row(route, layout);
        }
    }

    private void WriteIpv4Row(Ipv4Route route, int layout)
    {
        string destination = Cut(Ipv4Destination(route));
        string gateway = Cut(Ipv4Gateway(route.Gateway));
        string mask = route.Mask.ToString();
        string flags = Ipv4FlagText(route.Flags);
        string iface = UntrustedText.Escape(route.Interface);
        bool reject = route.Flags.HasFlag(RouteFlags.Reject);
        LineBuffer line = _line.Clear();
        line.Column(destination, 15).Append(' ');
        if (reject)
            line.Append("-               ");
        else
            line.Column(gateway, 15).Append(' ');
        line.Column(mask, 15).Append(' ').Column(flags, 5).Append(' ');
        switch (layout)
        {
            case 1 when reject:
                // "%-6u -  %7d -"
                Left(line, route.Metric, 6).Append(" -  ");
                Right(line, route.Use, 7).Append(" -");
                break;
            case 1:
                // "%-6u %-2d %7d %s"
                Left(line, route.Metric, 6).Append(' ');
                Left(line, route.RefCount, 2).Append(' ');
                Right(line, route.Use, 7).Append(' ').Append(iface);
                break;
            case 2 when reject:
                line.Append("    - -          - -");
                break;
            case 2:
                // "%5d %-5d %6d %s"
                Right(line, route.Mtu, 5).Append(' ');
                Left(line, route.Window, 5).Append(' ');
                Right(line, route.InitialRtt, 6).Append(' ').Append(iface);
                break;
            case 3 when reject:
                // "%-6u -  %7d -        -     -      -"
                Left(line, route.Metric, 6).Append(" -  ");
                Right(line, route.Use, 7).Append(" -        -     -      -");
                break;
            default:
                // "%-6u %-3d %6d %-6.6s   %-5d %-6d %d"
                Left(line, route.Metric, 6).Append(' ');
                Left(line, route.RefCount, 3).Append(' ');
                Right(line, route.Use, 6).Append(' ');
                line.Column(iface.AsSpan(0, Math.Min(6, iface.Length)), 6).Append("   ");
                Left(line, route.Mtu, 5).Append(' ');
                Left(line, route.Window, 6).Append(' ');
                Left(line, route.InitialRtt, 0);
                break;
        }
        line.Append('\n').WriteTo(_out);
    }

    public void WriteIpv6(IReadOnlyList<Ipv6Route> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        _out.Write("Kernel IPv6 routing table\n");
        _out.Write("Destination                    Next Hop                   Flag Met Ref  Use If\n");
        foreach (Ipv6Route route in routes)
        {
            // Cache entries belong to -C (netstat -rC), which netstate does not show.
            if (route.Flags.HasFlag(RouteFlags.Cache))
                continue;
            LineBuffer line = _line.Clear();
            int start = line.Length;
            line.Append(Ipv6Text(route.Destination)).Append('/').Append((ulong)route.PrefixLength).PadFrom(start, 30).Append(' ');
            line.Column(Ipv6Text(route.NextHop), 26).Append(' ');
            line.Column(Ipv6FlagText(route.Flags), 4).Append(' ');
            // "%-3d %-1d %6d %s": the kernel's %08x counters read back as signed ints.
            Left(line, unchecked((int)route.Metric), 3).Append(' ');
            Left(line, unchecked((int)route.RefCount), 1).Append(' ');
            Right(line, unchecked((int)route.Use), 6).Append(' ');
            line.Append(UntrustedText.Escape(route.Interface)).Append('\n').WriteTo(_out);
        }
    }

    /// <summary>
    /// netstat's INET_rresolve for a destination: 0.0.0.0/0 is "default", 0.0.0.0 under any other
    /// mask stays a number; a host route or an address with host bits gets a host name, a network
    /// a name from /etc/networks.
    /// </summary>
    private string Ipv4Destination(Ipv4Route route)
    {
        if (_names is null)
            return route.Destination.ToString();
        if (route.Destination.IsUnspecified)
            return route.Mask.IsUnspecified ? "default" : "0.0.0.0";
        bool host = route.Flags.HasFlag(RouteFlags.Host) || route.HasHostBits;
        string? name = host ? _names.HostName(route.Destination) : _names.NetworkName(route.Destination);
        return name is null ? route.Destination.ToString() : UntrustedText.Escape(name);
    }

    /// <summary>A gateway is always looked up as a host; 0.0.0.0 (no gateway) stays a number.</summary>
    private string Ipv4Gateway(InetAddress gateway)
    {
        if (_names is null || gateway.IsUnspecified)
            return gateway.ToString();
        string? name = _names.HostName(gateway);
        return name is null ? gateway.ToString() : UntrustedText.Escape(name);
    }

    /// <summary>netstat's INET6_rresolve: "::" is "[::]" unless numeric; otherwise the host name or the number.</summary>
    private string Ipv6Text(InetAddress address)
    {
        string text;
        if (_names is null)
            text = address.ToString();
        else if (address.IsUnspecified)
            return "[::]";
        else
            text = _names.HostName(address) is { } name ? UntrustedText.Escape(name) : address.ToString();
        return ShortenV4Mapped(text, address);
    }

    /// <summary>netstat's fix_v4_address: a v4-mapped address loses everything up to the last colon before its first dot.</summary>
    private static string ShortenV4Mapped(string text, InetAddress address)
    {
        if (!address.IsV4Mapped)
            return text;
        int dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
            return text;
        int colon = text.LastIndexOf(':', dot);
        return colon < 0 ? text : text[(colon + 1)..];
    }

    private static string Cut(string text) => text.Length > Ipv4NameLength ? text[..Ipv4NameLength] : text;

    internal static string Ipv4FlagText(RouteFlags flags)
    {
        Span<char> text = stackalloc char[32];
        int n = 0;
        if (flags.HasFlag(RouteFlags.Up))
            text[n++] = 'U';
        if (flags.HasFlag(RouteFlags.Gateway))
            text[n++] = 'G';
        // A reject route replaces what came before with "!" (netstat copies, not appends, here).
        if (flags.HasFlag(RouteFlags.Reject))
        {
            n = 0;
            text[n++] = '!';
        }
        ReadOnlySpan<(RouteFlags Flag, char Letter)> rest =
        [
            (RouteFlags.Host, 'H'), (RouteFlags.Reinstate, 'R'), (RouteFlags.Dynamic, 'D'), (RouteFlags.Modified, 'M'),
            (RouteFlags.Default, 'd'), (RouteFlags.AllOnLink, 'a'), (RouteFlags.AddrConf, 'c'), (RouteFlags.NoNextHop, 'o'),
            (RouteFlags.Expires, 'e'), (RouteFlags.Cache, 'c'), (RouteFlags.Flow, 'f'), (RouteFlags.Policy, 'p'),
            (RouteFlags.Local, 'l'), (RouteFlags.Mtu, 'u'), (RouteFlags.Window, 'w'), (RouteFlags.InitialRtt, 'i'),
            (RouteFlags.NotCached, 'n'),
        ];
        foreach ((RouteFlags flag, char letter) in rest)
        {
            if ((flags & flag) != 0)
                text[n++] = letter;
        }
        return new string(text[..n]);
    }

    internal static string Ipv6FlagText(RouteFlags flags)
    {
        Span<char> text = stackalloc char[16];
        int n = 0;
        ReadOnlySpan<(RouteFlags Flag, char Letter)> letters =
        [
            (RouteFlags.Up, 'U'), (RouteFlags.Reject, '!'), (RouteFlags.Gateway, 'G'), (RouteFlags.Host, 'H'),
            (RouteFlags.Default, 'D'), (RouteFlags.AddrConf, 'A'), (RouteFlags.Cache, 'C'), (RouteFlags.AllOnLink, 'a'),
            (RouteFlags.Expires, 'e'), (RouteFlags.Modified, 'm'), (RouteFlags.NoNextHop, 'n'), (RouteFlags.Flow, 'f'),
        ];
        foreach ((RouteFlags flag, char letter) in letters)
        {
            if ((flags & flag) != 0)
                text[n++] = letter;
        }
        return new string(text[..n]);
    }

    /// <summary>printf "%-Nd" (or "%-Nu" for an unsigned value).</summary>
    private static LineBuffer Left(LineBuffer line, long value, int width)
    {
        Span<char> digits = stackalloc char[21];
        value.TryFormat(digits, out int written, default, CultureInfo.InvariantCulture);
        return line.Column(digits[..written], width);
    }

    /// <summary>printf "%Nd".</summary>
    private static LineBuffer Right(LineBuffer line, long value, int width)
    {
        Span<char> digits = stackalloc char[21];
        value.TryFormat(digits, out int written, default, CultureInfo.InvariantCulture);
        return line.Spaces(width - written).Append(digits[..written]);
    }
}
