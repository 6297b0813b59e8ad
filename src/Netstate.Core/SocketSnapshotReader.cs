using Netstate.Core.Model;
using Netstate.Core.Owners;
using Netstate.Core.Sources;
using Netstate.Core.Sources.Linux;

namespace Netstate.Core;

/// <summary>Takes one snapshot: the requested tables from a source, plus owners when asked for.</summary>
public sealed class SocketSnapshotReader
{
    private readonly ISocketSource _source;
    private readonly ProcRoot _procRoot;

    /// <summary>A reader of <paramref name="source"/>, finding owners under <paramref name="procRoot"/>.</summary>
    public SocketSnapshotReader(ISocketSource source, ProcRoot procRoot)
    {
        _source = source;
        _procRoot = procRoot;
    }

    /// <summary>Reads the sockets <paramref name="query"/> asks for, with their owning processes when <paramref name="withOwners"/> is true.</summary>
    public Snapshot Read(SocketQuery query, bool withOwners)
    {
        // Owners first, like netstat: a socket opened between the two reads shows as unowned
        // rather than a just-closed socket being attributed to a process that reused its fd.
        OwnerMap? owners = withOwners ? ProcessOwnerScanner.Scan(_procRoot) : null;
        SourceResult result = _source.Read(query);
        return new Snapshot(result.Entries, owners, result.Notes, DateTimeOffset.Now);
    }
}
