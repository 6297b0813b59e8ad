using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Netstate.Core.Model;
using Netstate.Core.Platform.Linux.Interop;

namespace Netstate.Core.Names;

/// <summary>
/// Network names from the networks database (/etc/networks, via getnetbyaddr as netstat -r does),
/// cached. The file is local, so there is no deadline to keep.
/// </summary>
internal sealed class NetworkNames
{
    private static readonly Lock s_libcLock = new();
    private readonly Dictionary<InetAddress, string?> _cache = [];

    /// <summary>The name of an IPv4 network address, or null.</summary>
    public string? NameOf(InetAddress network)
    {
        if (network.IsV6)
            return null;
        if (_cache.TryGetValue(network, out string? cached))
            return cached;
        Span<byte> bytes = stackalloc byte[4];
        network.WriteBytes(bytes);
        string? name = LookUp(BinaryPrimitives.ReadUInt32BigEndian(bytes));
        _cache[network] = name;
        return name;
    }

    private static unsafe string? LookUp(uint hostOrder)
    {
        // getnetbyaddr returns static storage: one caller at a time.
        lock (s_libcLock)
        {
            Libc.NetEntry* entry = Libc.GetNetworkByAddress(hostOrder, Libc.AF_INET);
            return entry is null || entry->n_name is null ? null : Marshal.PtrToStringUTF8((nint)entry->n_name);
        }
    }
}
