using Netstate.Core.Model;
using Netstate.Core.Owners;
using Netstate.Core.Platform.Linux;
using Netstate.Core.Platform.Linux.Owners;
using Netstate.Core.Sources;

namespace Netstate.Core;

/// <summary>Takes one snapshot: the requested tables from a source, plus owners when asked for.</summary>
public sealed class SocketSnapshotReader
{
    private readonly ISocketSource _source;
    private readonly ProcRoot _procRoot;

    public SocketSnapshotReader(ISocketSource source, ProcRoot procRoot)
    {
        _source = source;
        _procRoot = procRoot;
    }

    public Snapshot Read(SocketQuery query, bool withOwners)
    {
        // Owners first, like netstat: a socket opened between the two reads shows as unowned
        // rather than a just-closed socket being attributed to a process that reused its fd.
        OwnerMap? owners = withOwners ? ProcessOwnerScanner.Scan(_procRoot) : null;
        SourceResult result = _source.Read(query);
        return new Snapshot(result.Entries, owners, result.Notes, DateTimeOffset.Now);
    }
}
