using Netstate.Core.Model;
using Netstate.Core.Owners;
using Netstate.Core.Platform;

namespace Netstate.Core.Query;

/// <summary>
/// A parsed filter expression: the tree, what it needs from the source, and what can be pushed
/// down into the <see cref="SocketQuery"/>. Parse once, then call <see cref="Matches"/> per socket.
/// </summary>
public sealed class SocketFilter
{
    private SocketFilter(string text, FilterNode root)
    {
        Text = text;
        Root = root;
        (Tables, TcpStates) = FilterPushdown.Analyse(root);
        foreach (FilterNode node in root.DescendantsAndSelf())
        {
            switch (node)
            {
                case PidPredicate or ProcessNamePredicate:
                    NeedsOwners = true;
                    break;
                case MarkPredicate or CgroupPredicate:
                    Details |= SocketDetail.Extras;
                    break;
                case StatePredicate:
                    MentionsStates = true;
                    break;
                case NamespacePredicate:
                    MentionsNamespaces = true;
                    break;
            }
        }
    }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FilterSyntaxException"/> pointing at the mistake.</summary>
    public static SocketFilter Parse(string text) => Parse(text, null);

    /// <summary>As <see cref="Parse(string)"/>, with user, service and interface names looked up in <paramref name="names"/>.</summary>
    internal static SocketFilter Parse(string text, IFilterNames? names) =>
        new(text, FilterParser.Parse(text, names ?? Platforms.FilterNames()));

    /// <summary>A filter built from a tree made in code (netstate who), described by the tree's canonical text.</summary>
    internal static SocketFilter Of(FilterNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return new(root.ToString(), root);
    }

    /// <summary>The expression as given.</summary>
    public string Text { get; }

    internal FilterNode Root { get; }

    /// <summary>No socket outside these tables can pass: the source need not read them.</summary>
    public SocketTables Tables { get; }

    /// <summary>No TCP socket outside these states can pass: safe to hand to the kernel.</summary>
    public TcpStateSet TcpStates { get; }

    /// <summary>pid or comm appear: the owner scan must run even without -p.</summary>
    public bool NeedsOwners { get; }

    /// <summary>Details the predicates read (fwmark, cgroup need the netlink extras).</summary>
    public SocketDetail Details { get; }

    /// <summary>The expression says which states it wants, which overrides netstat's -l/-a default (as ss's state filter does).</summary>
    public bool MentionsStates { get; }

    /// <summary>netns appears: sockets must be read with their namespaces (every namespace unless one is named).</summary>
    public bool MentionsNamespaces { get; }

    /// <summary>True when <paramref name="entry"/> passes; <paramref name="owners"/> is needed when <see cref="NeedsOwners"/> is true.</summary>
    public bool Matches(SocketEntry entry, OwnerMap? owners) => Root.Matches(entry, owners);

    /// <summary>The parsed expression in canonical form, fully parenthesised.</summary>
    public override string ToString() => Root.ToString();
}
