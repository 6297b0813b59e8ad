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
/// <c>comm</c> / <c>process</c>: some process holding the socket has a program name (the name netstat
/// -p shows) matching the pattern. Needs the owner scan.
/// </summary>
internal sealed record ProcessNamePredicate(GlobPattern Pattern) : FilterNode
{
    public override bool Matches(SocketEntry entry, OwnerMap? owners)
    {
        if (owners is null)
            return false;
        foreach (SocketOwner owner in owners.Get(entry.Inode))
        {
            if (Pattern.Matches(owner.Process.ProgramName.AsSpan()))
                return true;
        }
        return false;
    }

    public override string ToString() => $"(comm {Pattern})";
}
