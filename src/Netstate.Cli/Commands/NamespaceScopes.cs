using Netstate.Core.Model;
using Netstate.Core.Platform;

namespace Netstate.Cli.Commands;

/// <summary>
/// The network namespaces a command that reads more than sockets (who, doctor, explain, -s,
/// --summary) works in: its own when no flag was given, the one --net names, or every one
/// (--all-namespaces), each as a platform seen from inside it (kernel tables, counters and net.*
/// settings of that namespace; processes of the host). One that cannot be entered, or is gone
/// by then, becomes a note and the others are still read; --net's one is an error.
/// </summary>
internal sealed class NamespaceScopes : IDisposable
{
    private readonly List<NamespaceScope> _scopes = [];

    private NamespaceScopes()
    {
    }

    /// <summary>The scopes, in the order <see cref="IPlatform.ListNetworkNamespaces"/> gave them (netstate's own first).</summary>
    public IReadOnlyList<NamespaceScope> Scopes => _scopes;

    /// <summary>Whether namespaces were asked for: output then names the namespace of each part.</summary>
    public bool Named { get; private init; }

    /// <summary>Enters what <paramref name="spec"/> (--net) or <paramref name="all"/> (--all-namespaces) name; skipped namespaces become <paramref name="notes"/>.</summary>
    /// <exception cref="PlatformUnavailableException">--net's namespace does not exist or cannot be entered.</exception>
    public static NamespaceScopes Open(IPlatform platform, string? spec, bool all, List<SourceNote> notes)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(notes);
        var result = new NamespaceScopes { Named = all || spec is not null };
        if (!result.Named)
        {
            result._scopes.Add(new NamespaceScope(null, platform, ownsPlatform: false));
            return result;
        }
        if (!all)
        {
            NetworkNamespace space = platform.FindNetworkNamespace(spec!);
            result._scopes.Add(space.IsOwn
                ? new NamespaceScope(space, platform, ownsPlatform: false)
                : new NamespaceScope(space, platform.EnterNetworkNamespace(space), ownsPlatform: true));
            return result;
        }
        foreach (NetworkNamespace space in platform.ListNetworkNamespaces(notes))
        {
            if (space.IsOwn)
            {
                result._scopes.Add(new NamespaceScope(space, platform, ownsPlatform: false));
                continue;
            }
            try
            {
                result._scopes.Add(new NamespaceScope(space, platform.EnterNetworkNamespace(space), ownsPlatform: true));
            }
            catch (PlatformUnavailableException e)
            {
                notes.Add(new SourceNote(SourceNoteKind.Warning, $"{space.Label} skipped: {e.Message}"));
            }
        }
        return result;
    }

    public void Dispose()
    {
        foreach (NamespaceScope scope in _scopes)
            scope.Dispose();
        _scopes.Clear();
    }
}

/// <summary>One namespace and the platform seen from inside it; <see cref="Space"/> is null when no namespace was asked for.</summary>
internal sealed class NamespaceScope(NetworkNamespace? space, IPlatform platform, bool ownsPlatform) : IDisposable
{
    public NetworkNamespace? Space { get; } = space;

    public IPlatform Platform { get; } = platform;

    public void Dispose()
    {
        if (ownsPlatform)
            (Platform as IDisposable)?.Dispose();
    }
}
