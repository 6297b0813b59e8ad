using System.Globalization;
using Netstate.Core.Kernel;
using Netstate.Core.Model;
using Netstate.Core.Names;
using Netstate.Core.Text;

namespace Netstate.Cli.Rendering;

/// <summary>
/// netstat -M for today's kernels: the NATed entries of the conntrack table in a layout modelled on
/// net-tools' masquerade table (lib/masq_info.c: prot, expire, source, destination, ports), with the
/// translation added at the end (SNAT: the address and port replies come back to; DNAT: the real
/// destination). -e inserts the protocol state, status, mark and zone where netstat put its
/// sequence-number columns; -a lists every tracked connection, translated or not.
/// </summary>
internal sealed class MasqueradeRenderer
{
    public const string NatTitle = "IP masquerading entries";
    public const string AllTitle = "Tracked connections (conntrack)";
    private const string Leading = "prot   expire ";
    private const string ExtendedColumns = "state       status           mark  zone ";
    private const string Trailing = "source               destination          ports          translation";

    private readonly TextWriter _out;
    private readonly bool _extended;
    private readonly Func<InetAddress, string?>? _hostName;
    private readonly ServiceNames? _services;
    private readonly LineBuffer _line = new();

    /// <param name="output">Where the table goes.</param>
    /// <param name="extended">-e: the state, status, mark and zone columns.</param>
    /// <param name="hostName">Host names (null for -n / --numeric-hosts; a null answer prints the number).</param>
    /// <param name="services">Service names (null for -n / --numeric-ports).</param>
    public MasqueradeRenderer(TextWriter output, bool extended, Func<InetAddress, string?>? hostName, ServiceNames? services)
    {
        _out = output;
        _extended = extended;
        _hostName = hostName;
        _services = services;
    }

    public string Header => Leading + (_extended ? ExtendedColumns : "") + Trailing;

    public void WriteHeading(bool all) => _out.Write((all ? AllTitle : NatTitle) + "\n" + Header + "\n");

    public void WriteRow(ConntrackEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        LineBuffer line = _line.Clear();
        // "prot   expire": a protocol column of 6 and an expiry of 7, so 7200:00 (TCP's 5 days) still fits.
        line.Column(UntrustedText.Escape(entry.ProtocolName), 6);
        string expire = entry.TimeoutSeconds is { } s
            ? string.Create(CultureInfo.InvariantCulture, $"{s / 60}:{s % 60:00}")
            : "-";
        line.Spaces(7 - expire.Length).Append(expire).Append(' ');
        if (_extended)
        {
            line.Column(entry.State is null ? "-" : UntrustedText.Escape(entry.State), 11).Append(' ');
            line.Column(StatusText(entry.Status), 10).Append(' ');
            string mark = entry.Mark?.ToString(CultureInfo.InvariantCulture) ?? "-";
            line.Spaces(10 - mark.Length).Append(mark).Append(' ');
            string zone = ZoneText(entry);
            line.Spaces(5 - zone.Length).Append(zone).Append(' ');
        }
        ConntrackTuple original = entry.Original;
        line.Column(Host(original.Source), 20).Append(' ');
        line.Column(Host(original.Destination), 20).Append(' ');
        line.Column(Ports(entry, original), 14).Append(' ');
        AppendTranslation(line, entry);
        line.Append('\n').WriteTo(_out);
    }

    /// <summary>Every address a row may print, to resolve them all at once before the first row.</summary>
    public static IEnumerable<InetAddress> HostLookups(IEnumerable<ConntrackEntry> entries)
    {
        foreach (ConntrackEntry entry in entries)
        {
            yield return entry.Original.Source;
            yield return entry.Original.Destination;
            if (entry.IsSourceNat)
                yield return entry.Reply.Destination;
            if (entry.IsDestinationNat)
                yield return entry.Reply.Source;
        }
    }

    private void AppendTranslation(LineBuffer line, ConntrackEntry entry)
    {
        ConntrackTuple reply = entry.Reply;
        bool snat = entry.IsSourceNat;
        bool dnat = entry.IsDestinationNat;
        if (!snat && !dnat)
        {
            line.Append('-');
            return;
        }
        if (snat)
        {
            line.Append("SNAT ");
            // Replies come back to the translated source: the reply tuple's destination (ICMP: its echo id).
            AppendEndpoint(line, entry, reply.Destination, entry.IsIcmp ? reply.SourcePort : reply.DestinationPort);
        }
        if (dnat)
        {
            line.Append(snat ? " DNAT " : "DNAT ");
            AppendEndpoint(line, entry, reply.Source, reply.SourcePort);
        }
    }

    private void AppendEndpoint(LineBuffer line, ConntrackEntry entry, InetAddress address, ushort port)
    {
        string host = Host(address);
        if (entry.IsIcmp)
        {
            line.Append(host).Append(" id ").Append(port);
            return;
        }
        if (!HasPorts(entry))
        {
            line.Append(host);
            return;
        }
        bool bracket = address.IsV6 && host.Contains(':', StringComparison.Ordinal);
        if (bracket)
            line.Append('[');
        line.Append(host);
        if (bracket)
            line.Append(']');
        line.Append(':').Append(Port(entry, port));
    }

    private string Ports(ConntrackEntry entry, ConntrackTuple tuple)
    {
        if (entry.IsIcmp)
            return string.Create(CultureInfo.InvariantCulture, $"type {tuple.IcmpType} id {tuple.SourcePort}");
        if (entry.ProtocolNumber == 47)
            return string.Create(CultureInfo.InvariantCulture, $"key 0x{tuple.SourcePort:x} -> 0x{tuple.DestinationPort:x}");
        if (!HasPorts(entry))
            return "-";
        return Port(entry, tuple.SourcePort) + " -> " + Port(entry, tuple.DestinationPort);
    }

    private string Port(ConntrackEntry entry, ushort port)
    {
        ServiceTable? table = entry.ProtocolNumber switch
        {
            6 => ServiceTable.Tcp,
            17 or 136 => ServiceTable.Udp,
            _ => null,
        };
        string? name = table is { } t ? _services?.Lookup(port, t) : null;
        return name is null ? port.ToString(CultureInfo.InvariantCulture) : UntrustedText.Escape(name);
    }

    private string Host(InetAddress address)
    {
        string? name = _hostName?.Invoke(address);
        return name is null ? address.ToString() : UntrustedText.Escape(name);
    }

    /// <summary>TCP, UDP, UDP-Lite, SCTP and DCCP have ports.</summary>
    private static bool HasPorts(ConntrackEntry entry) => entry.ProtocolNumber is 6 or 17 or 136 or 132 or 33;

    private static string StatusText(ConntrackStatus status) => status switch
    {
        _ when (status & ConntrackStatus.HardwareOffload) != 0 => "HW_OFFLOAD",
        _ when (status & ConntrackStatus.Offload) != 0 => "OFFLOAD",
        _ when (status & ConntrackStatus.Unreplied) != 0 => "UNREPLIED",
        _ when (status & ConntrackStatus.Assured) != 0 => "ASSURED",
        _ => "-",
    };

    private static string ZoneText(ConntrackEntry entry)
    {
        if (entry.Zone is { } zone)
            return zone.ToString(CultureInfo.InvariantCulture);
        if (entry.OriginalZone is null && entry.ReplyZone is null)
            return "-";
        // Per-direction zones: original/reply, "-" for the direction without one.
        return string.Create(CultureInfo.InvariantCulture, $"{entry.OriginalZone?.ToString(CultureInfo.InvariantCulture) ?? "-"}/{entry.ReplyZone?.ToString(CultureInfo.InvariantCulture) ?? "-"}");
    }
}
