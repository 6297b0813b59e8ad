using System.Collections.Concurrent;
using Netstate.Core.Model;
using Netstate.Core.Names;
using Netstate.Core.Text;
using Netstate.Core.Vocabulary;

namespace Netstate.Cli.Watch;

/// <summary>
/// Endpoints as the view shows them: numbers, or (after the n key) host and service names. Host
/// names are looked up on a background thread and shown once they arrive, so a slow resolver never
/// stalls the screen; an address whose lookup failed stays a number.
/// </summary>
internal sealed class EndpointNames
{
    private readonly ServiceNames? _services;
    private readonly TimeSpan? _lookupLimit;
    private readonly ConcurrentDictionary<InetAddress, string?> _hosts = new();
    private readonly ConcurrentQueue<InetAddress> _wanted = new();
    private int _lookupRunning;

    /// <param name="services">Port names; null when names are never shown (tests, or no /etc/services).</param>
    /// <param name="lookupLimit">How long one batch of reverse lookups may take (--resolve-timeout).</param>
    public EndpointNames(ServiceNames? services, TimeSpan? lookupLimit)
    {
        _services = services;
        _lookupLimit = lookupLimit;
    }

    /// <summary>How addresses, protocols and states are spelled: netstat's, or on Windows Windows netstat's ([::]:135, LISTENING, TCP).</summary>
    public Dialect Dialect { get; init; } = Dialect.Netstat;

    /// <summary>Names are shown (toggled with n).</summary>
    public bool Enabled { get; set; }

    /// <summary>Whether names can be shown at all.</summary>
    public bool Available => _services is not null;

    public string Local(SocketEntry entry) => Text(entry, entry.Local, local: true);

    public string Remote(SocketEntry entry) => Text(entry, entry.Remote, local: false);

    private string Text(SocketEntry entry, Endpoint endpoint, bool local)
    {
        if (entry.Unix is { } unix)
            return local && unix.Path is { } path ? UntrustedText.Escape(path) : "*";
        // Windows netstat shows a UDP socket's peer as *:* (it has none in the table).
        if (!local && Dialect == Dialect.Windows && entry.Protocol == Protocol.Udp)
            return "*:*";
        if (!Enabled || _services is null)
            return EndpointText.Format(endpoint, Dialect);
        string host = endpoint.Address.IsUnspecified ? EndpointText.Address(endpoint.Address, Dialect)
            : HostName(endpoint.Address) ?? EndpointText.Address(endpoint.Address, Dialect);
        ServiceTable table = entry.Protocol == Protocol.Tcp ? ServiceTable.Tcp : entry.Protocol == Protocol.Raw ? ServiceTable.Raw : ServiceTable.Udp;
        string port = endpoint.Port == 0 ? (Dialect == Dialect.Windows ? "0" : "*") : _services.Lookup(endpoint.Port, table) ?? endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"{host}:{port}";
    }

    /// <summary>The name when known; else null, and the address is queued for the background lookup.</summary>
    private string? HostName(InetAddress address)
    {
        if (_hosts.TryGetValue(address, out string? name))
            return name is null ? null : UntrustedText.Escape(name);
        _hosts[address] = null;
        _wanted.Enqueue(address);
        if (Interlocked.Exchange(ref _lookupRunning, 1) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(_ => LookUp(), null);
        return null;
    }

    private void LookUp()
    {
        try
        {
            while (!_wanted.IsEmpty)
            {
                var batch = new List<InetAddress>();
                while (batch.Count < 256 && _wanted.TryDequeue(out InetAddress address))
                    batch.Add(address);
                var resolver = new HostNameResolver(_lookupLimit);
                resolver.ResolveAll(batch);
                foreach (InetAddress address in batch)
                    _hosts[address] = resolver.NameOf(address);
            }
        }
        finally
        {
            Volatile.Write(ref _lookupRunning, 0);
        }
    }
}
