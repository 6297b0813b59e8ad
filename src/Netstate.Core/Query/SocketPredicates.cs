using System.Globalization;
using Netstate.Core.Model;
using Netstate.Core.Owners;
using Netstate.Core.Vocabulary;

namespace Netstate.Core.Query;

/// <summary><c>state</c> / <c>exclude</c>: the socket's state is in the mask (bit N = state N; see <see cref="StateNames"/>).</summary>
internal sealed record StatePredicate(uint Mask) : FilterNode
{
    public override bool Matches(SocketEntry entry, OwnerMap? owners)
    {
        int state = (int)SocketStateText.TcpEquivalent(entry);
        return state < 32 && (Mask & (1u << state)) != 0;
    }

    public override string ToString()
    {
        if ((Mask & StateNames.Everything) == StateNames.Everything)
            return "(state all)";
        var names = new List<string>();
        for (int state = 0; state < 14; state++)
        {
            if ((Mask & (1u << state)) != 0)
                names.Add(TcpStateText.Name((TcpState)state, Dialect.Filter));
        }
        return names.Count == 0 ? "(state none)" : $"(state {string.Join(',', names)})";
    }
}

/// <summary><c>proto tcp|udp|udplite|raw|unix</c>.</summary>
internal sealed record ProtocolPredicate(Protocol Protocol) : FilterNode
{
    public override bool Matches(SocketEntry entry, OwnerMap? owners) => entry.Protocol == Protocol;

    public override string ToString() => $"(proto {Protocol.ToString().ToLowerInvariant()})";
}

/// <summary><c>family inet|inet6|unix</c>.</summary>
internal sealed record FamilyPredicate(Family Family) : FilterNode
{
    public override bool Matches(SocketEntry entry, OwnerMap? owners) => entry.Family == Family;

    public override string ToString() => $"(family {Family.ToString().ToLowerInvariant()})";
}

/// <summary>The numeric socket fields a filter can compare.</summary>
internal enum NumericField
{
    Uid,
    Inode,
    /// <summary>Receive plus send queue: "anything queued at all".</summary>
    Queue,
    RecvQueue,
    SendQueue,
}

/// <summary>
/// <c>uid</c>, <c>inode</c>, <c>queue</c>, <c>recvq</c>, <c>sendq</c> compared with a number. A socket
/// whose source has no such figure (a unix socket read from /proc/net/unix has no uid or queues)
/// matches no comparison: an unknown value is not 0.
/// </summary>
internal sealed record NumberPredicate(NumericField Field, Comparison Comparison, ulong Value) : FilterNode
{
    public override bool Matches(SocketEntry entry, OwnerMap? owners) => Field switch
    {
        NumericField.Uid => entry.Uid,
        NumericField.Inode => entry.Inode,
        NumericField.Queue => entry.RecvQueue + entry.SendQueue,
        NumericField.RecvQueue => entry.RecvQueue,
        _ => entry.SendQueue,
    } is ulong known && Comparisons.Holds(Comparison, known, Value);

    public override string ToString() =>
        $"({Keyword} {Comparisons.Symbol(Comparison)} {Value.ToString(CultureInfo.InvariantCulture)})";

    private string Keyword => Field switch
    {
        NumericField.RecvQueue => "recvq",
        NumericField.SendQueue => "sendq",
        _ => Field.ToString().ToLowerInvariant(),
    };
}

/// <summary><c>fwmark = MARK[/MASK]</c>: (SO_MARK &amp; mask) == mark, as the kernel's filter tests it. Needs netlink extras.</summary>
internal sealed record MarkPredicate(uint Mark, uint Mask) : FilterNode
{
    public override bool Matches(SocketEntry entry, OwnerMap? owners) => ((entry.Details?.Mark ?? 0) & Mask) == Mark;

    public override string ToString() => FormattableString.Invariant($"(fwmark 0x{Mark:x}/0x{Mask:x})");
}

/// <summary><c>cgroup = PATH</c>: the socket was created in that cgroup (v2 id). Needs netlink extras.</summary>
internal sealed record CgroupPredicate(ulong Id, string Path) : FilterNode
{
    public override bool Matches(SocketEntry entry, OwnerMap? owners) => entry.Details?.CgroupId == Id;

    public override string ToString() => $"(cgroup {Path})";
}

/// <summary><c>dev = NAME</c>: the socket is bound to that interface (SO_BINDTODEVICE); netlink only.</summary>
internal sealed record DevicePredicate(uint Index, string Name) : FilterNode
{
    public override bool Matches(SocketEntry entry, OwnerMap? owners) => entry.Interface == Index;

    public override string ToString() => $"(dev {Name})";
}

/// <summary>
/// <c>netns GLOB</c>: the socket was read in a namespace whose name, container (runtime:id12 or the
/// full id) or kernel name (net:[INODE]) matches. Sockets read without --net or --all-namespaces
/// carry no namespace, so the filter word makes the command read every namespace.
/// </summary>
internal sealed record NamespacePredicate(GlobPattern Pattern) : FilterNode
{
    public override bool Matches(SocketEntry entry, OwnerMap? owners) =>
        entry.Namespace is { } space
        && (Pattern.Matches(space.Label) || Pattern.Matches(space.KernelName)
            || (space.Name is { } name && Pattern.Matches(name))
            || (space.Container is { } container && (Pattern.Matches(container.ToString()) || Pattern.Matches(container.Id))));

    public override string ToString() => $"(netns {Pattern})";
}
