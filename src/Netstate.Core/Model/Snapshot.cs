using System.Collections.Immutable;
using Netstate.Core.Owners;

namespace Netstate.Core.Model;

/// <summary>
/// What one read of the kernel saw: the sockets in table order, their owners when asked for, and
/// what could not be read. Immutable (entries, owners and notes cannot change once taken), so any
/// number of readers can share it and two of them compare with <see cref="SnapshotDiff"/>.
/// </summary>
public sealed class Snapshot
{
    /// <summary>A snapshot of <paramref name="entries"/> (copied: later changes to the caller's list do not reach it).</summary>
    public Snapshot(IEnumerable<SocketEntry> entries, OwnerMap? owners, IEnumerable<SourceNote> notes, DateTimeOffset takenAt)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(notes);
        Entries = entries.ToImmutableArray();
        Owners = owners;
        Notes = notes.ToImmutableArray();
        TakenAt = takenAt;
    }

    /// <summary>The sockets, in the order the source's tables gave them.</summary>
    public IReadOnlyList<SocketEntry> Entries { get; }

    /// <summary>Inode to owning processes; null when owners were not requested.</summary>
    public OwnerMap? Owners { get; }

    /// <summary>Which source served each table and what went wrong while reading.</summary>
    public IReadOnlyList<SourceNote> Notes { get; }

    /// <summary>When the kernel was read.</summary>
    public DateTimeOffset TakenAt { get; }

    /// <summary>The network namespaces read, in order; empty when the reader's own namespace was read without naming it.</summary>
    public IReadOnlyList<NetworkNamespace> Namespaces { get; init; } = [];
}

/// <summary>A fact about how a table was read: where it came from, or a problem met on the way.</summary>
public sealed record SourceNote(SourceNoteKind Kind, string Message);

/// <summary>What a <see cref="SourceNote"/> tells.</summary>
public enum SourceNoteKind
{
    /// <summary>Which source served a table (shown with -v).</summary>
    Served,
    /// <summary>A table that does not exist on this kernel (shown with -v).</summary>
    Unavailable,
    /// <summary>Something read but not understood, or not readable (always shown on stderr).</summary>
    Warning,
}
