using Netstate.Core.Model;
using Netstate.Core.Platform;

namespace Netstate.Core.Names;

/// <summary>
/// Network names from the networks database (as netstat -r shows them), cached. The database is
/// local, so there is no deadline to keep.
/// </summary>
internal sealed class NetworkNames(ISystemNames system)
{
    private readonly Dictionary<InetAddress, string?> _cache = [];

    /// <summary>The running system's network names.</summary>
    public NetworkNames()
        : this(Platforms.SystemNames)
    {
    }

    /// <summary>The name of an IPv4 network address, or null.</summary>
    public string? NameOf(InetAddress network)
    {
        if (!_cache.TryGetValue(network, out string? name))
        {
            name = system.NetworkName(network);
            _cache[network] = name;
        }
        return name;
    }
}
