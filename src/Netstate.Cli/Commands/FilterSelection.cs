using Netstate.Cli.Arguments;
using Netstate.Core.Model;
using Netstate.Core.Owners;
using Netstate.Core.Query;

namespace Netstate.Cli.Commands;

/// <summary>
/// netstat's -a/-l selection combined with the user's filter. The rule, as in ss: a filter that
/// names states (state, exclude) decides the states itself and replaces the -l/-a default;
/// any other filter narrows what -l/-a would show.
/// </summary>
internal sealed class FilterSelection
{
    private readonly NetstatOptions _options;
    private readonly SocketFilter? _filter;

    public FilterSelection(NetstatOptions options)
    {
        _options = options;
        _filter = options.Filter;
    }

    /// <summary>The owner scan runs for -p, and for a filter that asks about pid or comm.</summary>
    public bool NeedsOwners => _options.Programs || _filter is { NeedsOwners: true };

    /// <summary>The tables to read: netstat's selection, less the ones the filter rules out.</summary>
    public SocketTables Tables => _options.Tables & (_filter?.Tables ?? SocketTables.All);

    /// <summary>The filter names namespaces (netns): read every one, unless --net named one.</summary>
    public bool ReadsAllNamespaces => _options.AllNamespaces || (_options.NetworkNamespace is null && _filter is { MentionsNamespaces: true });

    /// <summary>The filter names states, so -a/-l no longer decide which rows are listed (nor the header that says so).</summary>
    public bool FilterDecidesStates => _filter is { MentionsStates: true };

    /// <summary>The filter selects exactly one state (ss then drops its State column: every row would say the same).</summary>
    public bool SelectsOneState => _filter is { MentionsStates: true } filter
        && System.Numerics.BitOperations.PopCount(filter.TcpStates.Mask & TcpStateSet.All.Mask) == 1;

    /// <summary>The request for the source, with the filter's tables, TCP states and details pushed down.</summary>
    public SocketQuery Query(SocketDetail details)
    {
        TcpStateSet listen = TcpStateSet.Of(TcpState.Listen);
        TcpStateSet states = FilterDecidesStates || _options.All ? TcpStateSet.All
            : _options.Listening ? listen
            : TcpStateSet.All.Except(listen);
        if (_filter is not null)
            states = new TcpStateSet(states.Mask & _filter.TcpStates.Mask);
        return new SocketQuery(Tables) { TcpStates = states, Details = details | (_filter?.Details ?? SocketDetail.None) };
    }

    /// <summary>Whether a socket is listed.</summary>
    public bool Keeps(SocketEntry entry, OwnerMap? owners) =>
        (FilterDecidesStates || NetstatSelection.Shows(entry, _options.All, _options.Listening))
        && (_filter is null || _filter.Matches(entry, owners));
}
