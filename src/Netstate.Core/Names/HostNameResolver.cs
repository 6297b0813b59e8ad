using System.Collections.Concurrent;
using Netstate.Core.Model;
using Netstate.Core.Platform;

namespace Netstate.Core.Names;

/// <summary>
/// Reverse lookups through the system resolver (on Linux getnameinfo: /etc/hosts, then DNS), all at once on
/// a few threads, with one deadline for the lot. An address not answered by then keeps its numeric
/// form, so a dead DNS server delays a listing by the deadline at most, never by minutes.
/// </summary>
internal sealed class HostNameResolver
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);
    private const int MaxThreads = 32;

    private readonly TimeSpan _timeout;
    private readonly ConcurrentDictionary<InetAddress, string?> _cache = new();

    private readonly ISystemNames _system;

    /// <summary>Lookups through the running system's resolver.</summary>
    public HostNameResolver(TimeSpan? timeout = null)
        : this(Platforms.SystemNames, timeout)
    {
    }

    public HostNameResolver(ISystemNames system, TimeSpan? timeout = null)
    {
        _system = system;
        _timeout = timeout ?? DefaultTimeout;
    }

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
                    _cache[address] = _system.HostName(address);
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
}
