using System.Globalization;
using Netstate.Core.Model;
using Netstate.Core.Owners;

namespace Netstate.Core.Query;

/// <summary>Which end of a socket a predicate looks at.</summary>
internal enum EndpointSide
{
    /// <summary>src, sport: the local end.</summary>
    Local,
    /// <summary>dst, dport: the remote end.</summary>
    Remote,
    /// <summary>addr, port: either end.</summary>
    Either,
}

/// <summary><c>sport</c>, <c>dport</c>, <c>port</c> compared with a port number; <see cref="Port"/> -1 is <c>*</c> (any port).</summary>
internal sealed record PortPredicate(EndpointSide Side, Comparison Comparison, int Port) : FilterNode
{
    public override bool Matches(SocketEntry entry, OwnerMap? owners)
    {
        if (Port < 0)
            return Comparison == Comparison.Equal;
        return Side switch
        {
            EndpointSide.Local => Comparisons.Holds(Comparison, entry.Local.Port, (ulong)Port),
            EndpointSide.Remote => Comparisons.Holds(Comparison, entry.Remote.Port, (ulong)Port),
            _ => Comparisons.Holds(Comparison, entry.Local.Port, (ulong)Port) || Comparisons.Holds(Comparison, entry.Remote.Port, (ulong)Port),
        };
    }

    public override string ToString() =>
        $"({SideName(Side, "sport", "dport", "port")} {Comparisons.Symbol(Comparison)} {(Port < 0 ? "*" : Port.ToString(CultureInfo.InvariantCulture))})";

    internal static string SideName(EndpointSide side, string local, string remote, string either) =>
        side switch { EndpointSide.Local => local, EndpointSide.Remote => remote, _ => either };
}

/// <summary>
/// <c>src</c>, <c>dst</c>, <c>addr</c>: an address (any of <see cref="Addresses"/>, or any at all when
/// null), optionally a port (-1: any), optionally a family; or, with <c>unix:</c>, a unix path pattern.
/// </summary>
internal sealed record AddressPredicate(EndpointSide Side, IReadOnlyList<AddressPattern>? Addresses, int Port, Family? Family, GlobPattern? UnixPath) : FilterNode
{
    public override bool Matches(SocketEntry entry, OwnerMap? owners) => Side switch
    {
        EndpointSide.Local => MatchesEnd(entry, entry.Local, remote: false),
        EndpointSide.Remote => MatchesEnd(entry, entry.Remote, remote: true),
        _ => MatchesEnd(entry, entry.Local, remote: false) || MatchesEnd(entry, entry.Remote, remote: true),
    };

    private bool MatchesEnd(SocketEntry entry, Endpoint end, bool remote)
    {
        if (UnixPath is not null)
        {
            // The peer's path is not in the model; only the local one can be compared.
            return entry.Unix is { } unix && !remote && UnixPath.Matches((unix.Path ?? "").AsSpan());
        }
        if (Port >= 0 && end.Port != Port)
            return false;
        if (Family is { } family && entry.Family != family
            && !(family == Model.Family.Inet && entry.Family == Model.Family.Inet6 && end.Address.IsV4Mapped))
            return false;
        if (Addresses is null)
            return true;
        if (entry.Unix is not null)
            return false;
        for (int i = 0; i < Addresses.Count; i++)
        {
            if (Addresses[i].Matches(end.Address))
                return true;
        }
        return false;
    }

    public override string ToString()
    {
        string keyword = PortPredicate.SideName(Side, "src", "dst", "addr");
        if (UnixPath is not null)
            return $"({keyword} unix:{UnixPath})";
        string family = Family switch { Model.Family.Inet => "inet:", Model.Family.Inet6 => "inet6:", _ => "" };
        string address = Addresses is null ? "*" : string.Join(',', Addresses.Select(a => a.Address.IsV6 ? $"[{a}]" : a.ToString()));
        string port = Port < 0 ? "" : ":" + Port.ToString(CultureInfo.InvariantCulture);
        return $"({keyword} {family}{address}{port})";
    }
}

/// <summary>
/// <c>autobound</c>: the local port is in the kernel's ephemeral range (what ss checks without the
/// kernel filter); a unix socket is unnamed or has an autobind name (@ and five hex digits).
/// </summary>
internal sealed record AutoboundPredicate(ushort Low, ushort High) : FilterNode
{
    public override bool Matches(SocketEntry entry, OwnerMap? owners)
    {
        if (entry.Unix is { } unix)
            return unix.Path is null || (unix.Path.Length == 6 && unix.Path[0] == '@' && unix.Path.AsSpan(1).IndexOfAnyExcept(HexDigits) < 0);
        return entry.Local.Port >= Low && entry.Local.Port <= High;
    }

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdef");

    public override string ToString() => "(autobound)";
}
