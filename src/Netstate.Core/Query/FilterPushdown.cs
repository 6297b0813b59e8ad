using Netstate.Core.Model;

namespace Netstate.Core.Query;

/// <summary>
/// What a filter lets the source skip: the tables and TCP states outside which no socket can pass.
/// Each node gets an over-approximation of the sockets it accepts, as (tables, TCP states);
/// 'and' intersects, 'or' unites, 'not' is pushed down to the predicates, and every predicate that
/// is not about protocol, family or state admits everything. So the result is never narrower than
/// the expression: pushing it down cannot drop a socket the expression would accept.
/// </summary>
internal static class FilterPushdown
{
    /// <summary>Every state bit a TCP socket can report.</summary>
    private const uint AllStates = StateNames.Everything;

    public static (SocketTables Tables, TcpStateSet TcpStates) Analyse(FilterNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        Bound bound = Of(root, negated: false);
        return (bound.Tables, new TcpStateSet(bound.States));
    }

    private readonly record struct Bound(SocketTables Tables, uint States)
    {
        public static Bound Everything => new(SocketTables.All, AllStates);

        /// <summary>No TCP table left: the state set no longer constrains anything, so it stops widening unions.</summary>
        public Bound Normalised => (Tables & SocketTables.Tcp) == 0 ? this with { States = 0 } : this;
    }

    private static Bound Of(FilterNode node, bool negated)
    {
        switch (node)
        {
            case NotNode not:
                return Of(not.Operand, !negated);
            case AndNode and:
                return negated ? Union(Of(and.Left, true), Of(and.Right, true)) : Intersect(Of(and.Left, false), Of(and.Right, false));
            case OrNode or:
                return negated ? Intersect(Of(or.Left, true), Of(or.Right, true)) : Union(Of(or.Left, false), Of(or.Right, false));
            case ProtocolPredicate protocol:
                return Tables(TablesOf(protocol.Protocol), negated);
            case FamilyPredicate family:
                return Tables(TablesOf(family.Family), negated);
            case StatePredicate state:
                return new Bound(SocketTables.All, negated ? AllStates & ~state.Mask : state.Mask & AllStates);
            default:
                return Bound.Everything;
        }
    }

    private static Bound Tables(SocketTables tables, bool negated) =>
        new Bound(negated ? SocketTables.All & ~tables : tables, AllStates).Normalised;

    private static Bound Intersect(Bound a, Bound b) => new Bound(a.Tables & b.Tables, a.States & b.States).Normalised;

    private static Bound Union(Bound a, Bound b)
    {
        a = a.Normalised;
        b = b.Normalised;
        return new Bound(a.Tables | b.Tables, a.States | b.States).Normalised;
    }

    private static SocketTables TablesOf(Protocol protocol) => protocol switch
    {
        Protocol.Tcp => SocketTables.Tcp,
        Protocol.Udp => SocketTables.Udp,
        Protocol.UdpLite => SocketTables.UdpLite,
        Protocol.Raw => SocketTables.Raw,
        _ => SocketTables.Unix,
    };

    private static SocketTables TablesOf(Family family) => family switch
    {
        Family.Inet => SocketTables.Inet4,
        Family.Inet6 => SocketTables.Inet6,
        _ => SocketTables.Unix,
    };
}
