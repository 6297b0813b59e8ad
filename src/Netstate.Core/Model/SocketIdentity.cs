namespace Netstate.Core.Model;

/// <summary>
/// What recognises one socket across two reads: the kernel cookie alone when the source gives one
/// (netlink); else protocol, both endpoints and inode (and the unix path), as /proc allows.
/// <see cref="SnapshotDiff"/> matches sockets by it; a live view keeps per-socket state under it.
/// </summary>
public readonly record struct SocketIdentity(ulong Cookie, Protocol Protocol, Endpoint Local, Endpoint Remote, ulong Inode, string? Path)
{
    /// <summary>The identity of <paramref name="entry"/>.</summary>
    public static SocketIdentity Of(SocketEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Cookie != 0
            ? new SocketIdentity(entry.Cookie, entry.Protocol, default, default, 0, null)
            : new SocketIdentity(0, entry.Protocol, entry.Local, entry.Remote, entry.Inode, entry.Unix?.Path);
    }
}
