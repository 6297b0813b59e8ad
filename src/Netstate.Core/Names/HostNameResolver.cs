using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text;
using Netstate.Core.Interop;
using Netstate.Core.Model;

namespace Netstate.Core.Names;

/// <summary>
/// Reverse lookups through the system resolver (getnameinfo: /etc/hosts, then DNS), all at once on
/// a few threads, with one deadline for the lot. An address not answered by then keeps its numeric
/// form, so a dead DNS server delays a listing by the deadline at most, never by minutes.
/// </summary>
internal sealed class HostNameResolver
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);
    private const int MaxThreads = 32;

    private readonly TimeSpan _timeout;
    private readonly ConcurrentDictionary<InetAddress, string?> _cache = new();

    public HostNameResolver(TimeSpan? timeout = null) => _timeout = timeout ?? DefaultTimeout;

    /// <summary>How many lookups missed their deadline so far (netstate -v reports it).</summary>
    public int TimedOut { get; private set; }

    /// <summary>Resolves every address not yet cached; returns when all are answered or the deadline passes.</summary>
    public void ResolveAll(IEnumerable<InetAddress> addresses)
    {
        // An address enters the cache as "no name yet" when queued, so a lookup still running from an
        // earlier listing (-c) is not started again; its answer replaces the placeholder when it comes.
        var pending = new ConcurrentQueue<InetAddress>(addresses.Where(a => _cache.TryAdd(a, null)));
        int count = pending.Count;
        if (count == 0)
            return;

        // Not disposed: threads stuck in the resolver signal it after we stop waiting.
        var done = new CountdownEvent(count);
        int threads = Math.Min(MaxThreads, count);
        for (int i = 0; i < threads; i++)
        {
            // Background threads: a lookup stuck in the resolver must not keep the process alive.
            var thread = new Thread(() =>
            {
                while (pending.TryDequeue(out InetAddress address))
                {
                    _cache[address] = LookUp(address);
                    done.Signal();
                }
            })
            { IsBackground = true, Name = "netstate-resolve" };
            thread.Start();
        }
        if (!done.Wait(_timeout))
            TimedOut += done.CurrentCount;
    }

    /// <summary>The name found for an address, or null (not found, not asked, or not answered yet).</summary>
    public string? NameOf(InetAddress address) => _cache.GetValueOrDefault(address);

    private static unsafe string? LookUp(InetAddress address)
    {
        // struct sockaddr_in (16 bytes) or sockaddr_in6 (28 bytes), port 0.
        byte* socketAddress = stackalloc byte[28];
        new Span<byte>(socketAddress, 28).Clear();
        uint length;
        if (address.IsV6)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(new Span<byte>(socketAddress, 2), 10); // AF_INET6
            address.WriteBytes(new Span<byte>(socketAddress + 8, 16));
            length = 28;
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(new Span<byte>(socketAddress, 2), 2); // AF_INET
            address.WriteBytes(new Span<byte>(socketAddress + 4, 4));
            length = 16;
        }
        const int HostLength = 1025;
        byte* host = stackalloc byte[HostLength];
        int result = Libc.GetNameInfo(socketAddress, length, host, HostLength, null, 0, Libc.NI_NAMEREQD);
        if (result != 0)
            return null;
        var name = new ReadOnlySpan<byte>(host, HostLength);
        return Encoding.UTF8.GetString(name[..name.IndexOf((byte)0)]);
    }
}
