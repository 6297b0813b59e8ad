using Netstate.Core.Model;
using Netstate.Core.Platform.Linux.Sources;
using Netstate.Core.Sources;

namespace Netstate.Core.Platform.Linux.Namespaces;

/// <summary>
/// The socket tables of another network namespace: the usual source (netlink, /proc fallback), made
/// and read on a thread inside that namespace, with /proc/thread-self as its proc tree.
/// </summary>
internal sealed class NamespaceSocketSource : ISocketSource, IDisposable
{
    private readonly NamespaceThread _thread;
    private readonly bool _ownsThread;
    private readonly LinuxSocketSource _inner;

    /// <exception cref="NamespaceException">The namespace cannot be opened or entered.</exception>
    public NamespaceSocketSource(string path, ulong? inode, SourcePolicy policy)
        : this(new NamespaceThread(path, inode), ownsThread: true, policy)
    {
    }

    /// <summary>A source on a thread already inside the namespace; <paramref name="ownsThread"/>: whether disposing this ends it.</summary>
    public NamespaceSocketSource(NamespaceThread thread, bool ownsThread, SourcePolicy policy)
    {
        _thread = thread;
        _ownsThread = ownsThread;
        _inner = _thread.Run(() => new LinuxSocketSource(policy, ProcRoot.ThisThread));
    }

    public string Name => _inner.Name;

    public SourceResult Read(SocketQuery query) => _thread.Run(() => _inner.Read(query));

    public void Dispose()
    {
        _thread.Run(() =>
        {
            _inner.Dispose();
            return 0;
        });
        if (_ownsThread)
            _thread.Dispose();
    }
}
