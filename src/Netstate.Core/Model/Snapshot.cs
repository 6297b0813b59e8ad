using Netstate.Core.Owners;

namespace Netstate.Core.Model;

/// <summary>
/// What one read of the kernel saw: the sockets in table order, their owners when asked for, and
/// what could not be read. Immutable; watchers diff two snapshots.
/// </summary>
public sealed class Snapshot
{
    /// <summary>A snapshot of <paramref name="entries"/>, with their owners (or null), the source notes and the time of the read.</summary>
    public Snapshot(IReadOnlyList<SocketEntry> entries, OwnerMap? owners, IReadOnlyList<SourceNote> notes, DateTimeOffset takenAt)
    {
        Entries = entries;
        Owners = owners;
        Notes = notes;
        TakenAt = takenAt;
    }

    /// <summary>The sockets, table by table in netstat's order.</summary>
    public IReadOnlyList<SocketEntry> Entries { get; }

    /// <summary>Inode to owning processes; null when owners were not requested.</summary>
    public OwnerMap? Owners { get; }

    /// <summary>Which source served each table and what went wrong while reading.</summary>
    public IReadOnlyList<SourceNote> Notes { get; }

    /// <summary>When the read happened.</summary>
    public DateTimeOffset TakenAt { get; }
}

/// <summary>A fact about how a table was read: where it came from, or a problem met on the way.</summary>
public sealed record SourceNote(SourceNoteKind Kind, string Message);

/// <summary>What a <see cref="SourceNote"/> says.</summary>
public enum SourceNoteKind
{
    /// <summary>Which source served a table (shown with -v).</summary>
    Served,
    /// <summary>A table that does not exist on this kernel (shown with -v).</summary>
    Unavailable,
    /// <summary>Something read but not understood, or not readable (always shown on stderr).</summary>
    Warning,
}
