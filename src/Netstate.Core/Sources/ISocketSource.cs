using Netstate.Core.Model;

namespace Netstate.Core.Sources;

/// <summary>Reads the kernel's socket tables into model objects. A source never prints.</summary>
public interface ISocketSource
{
    /// <summary>A short name for -v output ("proc", "netlink", "auto").</summary>
    string Name { get; }

    /// <summary>Reads the requested tables, in <see cref="SocketTableInfo.Ordered"/> order.</summary>
    SourceResult Read(SocketQuery query);
}

/// <summary>The entries of one read and the notes on how it went.</summary>
public sealed record SourceResult(IReadOnlyList<SocketEntry> Entries, IReadOnlyList<SourceNote> Notes);
