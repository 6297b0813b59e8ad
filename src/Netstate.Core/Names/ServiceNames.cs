using Netstate.Core.Platform;

namespace Netstate.Core.Names;

/// <summary>
/// Port-to-service names from the services file (/etc/services), and protocol numbers (what a raw
/// socket's "port" is) from the protocols file (/etc/protocols). When a port is listed twice, the later line wins, as in netstat.
/// </summary>
internal sealed class ServiceNames
{
    private readonly Dictionary<ushort, string> _tcp = [];
    private readonly Dictionary<ushort, string> _udp = [];
    private readonly Dictionary<ushort, string> _raw = [];
    private readonly Dictionary<string, ushort> _tcpByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ushort> _udpByName = new(StringComparer.Ordinal);

    private ServiceNames()
    {
    }

    /// <summary>
    /// Loads the running system's services and protocols files, or the files at the paths given; a
    /// missing or unreadable file just leaves its names out.
    /// </summary>
    public static ServiceNames Load(string? servicesPath = null, string? protocolsPath = null)
    {
        (string? services, string? protocols) = Platforms.SystemNames.ReadServiceFiles(servicesPath, protocolsPath);
        var names = new ServiceNames();
        names.AddServices(services);
        names.AddProtocols(protocols);
        return names;
    }

    /// <summary>Builds the tables from file contents (for tests).</summary>
    public static ServiceNames Parse(string services, string protocols)
    {
        var names = new ServiceNames();
        names.AddServices(services);
        names.AddProtocols(protocols);
        return names;
    }

    /// <summary>The service name for a port, or null. <paramref name="table"/> is "tcp", "udp" or "raw".</summary>
    public string? Lookup(ushort port, ServiceTable table) =>
        (table switch { ServiceTable.Tcp => _tcp, ServiceTable.Udp => _udp, _ => _raw }).GetValueOrDefault(port);

    /// <summary>The port of a service name or alias ("https", "domain"), or null; the first line naming it wins, as in getservbyname.</summary>
    public ushort? PortOf(string name, ServiceTable table) =>
        (table == ServiceTable.Udp ? _udpByName : _tcpByName).TryGetValue(name, out ushort port) ? port : null;

    private void AddServices(string? text)
    {
        foreach (string[] fields in Records(text))
        {
            // name port/proto [aliases]
            if (fields.Length < 2)
                continue;
            int slash = fields[1].IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0 || !ushort.TryParse(fields[1].AsSpan(0, slash), out ushort port))
                continue;
            Dictionary<ushort, string>? target = fields[1][(slash + 1)..] switch
            {
                "tcp" => _tcp,
                "udp" => _udp,
                "raw" => _raw,
                _ => null,
            };
            if (target is not null)
                target[port] = fields[0];
            Dictionary<string, ushort>? byName = target == _tcp ? _tcpByName : target == _udp ? _udpByName : null;
            for (int i = 0; byName is not null && i < fields.Length; i = i == 0 ? 2 : i + 1)
                byName.TryAdd(fields[i], port);
        }
    }

    private void AddProtocols(string? text)
    {
        foreach (string[] fields in Records(text))
        {
            // name number [aliases]
            if (fields.Length >= 2 && ushort.TryParse(fields[1], out ushort number))
                _raw[number] = fields[0];
        }
    }

    private static IEnumerable<string[]> Records(string? text)
    {
        if (text is null)
            yield break;
        foreach (string rawLine in text.Split('\n'))
        {
            int hash = rawLine.IndexOf('#', StringComparison.Ordinal);
            string line = hash >= 0 ? rawLine[..hash] : rawLine;
            string[] fields = line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 0)
                yield return fields;
        }
    }
}

/// <summary>Which name table a port belongs to.</summary>
internal enum ServiceTable
{
    Tcp,
    Udp,
    Raw,
}
