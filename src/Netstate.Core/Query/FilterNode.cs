using Netstate.Core.Model;
using Netstate.Core.Owners;

namespace Netstate.Core.Query;

/// <summary>
/// A node of a parsed filter: a logical operator or a predicate over one socket. Nodes are immutable
/// and hold their values already resolved (masks, prefixes, patterns), so evaluating one is a few
/// comparisons with no allocation. <see cref="object.ToString"/> writes a canonical prefix form,
/// <c>(and (state established) (dport = 443))</c>, used by tests and --debug.
/// </summary>
internal abstract record FilterNode
{
    /// <summary>Whether the socket passes; <paramref name="owners"/> is needed only by pid and comm.</summary>
    public abstract bool Matches(SocketEntry entry, OwnerMap? owners);

    /// <summary>This node and every node below it, depth first.</summary>
    public virtual IEnumerable<FilterNode> DescendantsAndSelf()
    {
        yield return this;
    }
}

internal sealed record AndNode(FilterNode Left, FilterNode Right) : FilterNode
{
    public override bool Matches(SocketEntry entry, OwnerMap? owners) => Left.Matches(entry, owners) && Right.Matches(entry, owners);

    public override IEnumerable<FilterNode> DescendantsAndSelf() => [this, .. Left.DescendantsAndSelf(), .. Right.DescendantsAndSelf()];

    public override string ToString() => $"(and {Left} {Right})";
}

internal sealed record OrNode(FilterNode Left, FilterNode Right) : FilterNode
{
    public override bool Matches(SocketEntry entry, OwnerMap? owners) => Left.Matches(entry, owners) || Right.Matches(entry, owners);

    public override IEnumerable<FilterNode> DescendantsAndSelf() => [this, .. Left.DescendantsAndSelf(), .. Right.DescendantsAndSelf()];

    public override string ToString() => $"(or {Left} {Right})";
}

internal sealed record NotNode(FilterNode Operand) : FilterNode
{
    public override bool Matches(SocketEntry entry, OwnerMap? owners) => !Operand.Matches(entry, owners);

    public override IEnumerable<FilterNode> DescendantsAndSelf() => [this, .. Operand.DescendantsAndSelf()];

    public override string ToString() => $"(not {Operand})";
}
