using System.Globalization;
using Netstate.Core.Model;
using Netstate.Core.Owners;

namespace Netstate.Core.Query;

/// <summary><c>pid</c>: some process holding the socket has a pid satisfying the comparison. Needs the owner scan.</summary>
internal sealed record PidPredicate(Comparison Comparison, int Pid) : FilterNode
{
    public override bool Matches(SocketEntry entry, OwnerMap? owners)
    {
        if (owners is null)
            return false;
        foreach (SocketOwner owner in owners.Get(entry.Inode))
        {
            if (Comparisons.Holds(Comparison, (ulong)owner.Process.Pid, (ulong)Pid))
                return true;
        }
        return false;
    }

    public override string ToString() => $"(pid {Comparisons.Symbol(Comparison)} {Pid.ToString(CultureInfo.InvariantCulture)})";
}

/// <summary>
/// <c>comm</c> / <c>process</c>: some process holding the socket has a name matching the pattern: its
/// kernel comm, its executable's file name, or its argv[0] (see <see cref="ProcessInfo.AnyName"/>).
/// Needs the owner scan.
/// </summary>
internal sealed record ProcessNamePredicate(GlobPattern Pattern) : FilterNode
{
    public override bool Matches(SocketEntry entry, OwnerMap? owners)
    {
        if (owners is null)
            return false;
        foreach (SocketOwner owner in owners.Get(entry.Inode))
        {
            if (owner.Process.AnyName(name => Pattern.Matches(name)))
                return true;
        }
        return false;
    }

    public override string ToString() => $"(comm {Pattern})";
}
