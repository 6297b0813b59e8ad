using System.Globalization;
using Netstate.Core.Kernel;
using Netstate.Core.Model;
using Netstate.Core.Names;
using Netstate.Core.Text;

namespace Netstate.Cli.Rendering;

/// <summary>netstat -g's table: "%-15s %-6d %s" per membership (interface, users, group).</summary>
internal sealed class GroupTableRenderer
{
    public const string Header = "IPv6/IPv4 Group Memberships\nInterface       RefCnt Group\n--------------- ------ ---------------------\n";

    private readonly TextWriter _out;
    private readonly HostNameResolver? _names;
    private readonly LineBuffer _line = new();

    /// <param name="output">Where the table goes.</param>
    /// <param name="names">Null for numeric group addresses (-n).</param>
    public GroupTableRenderer(TextWriter output, HostNameResolver? names)
    {
        _out = output;
        _names = names;
    }

    public void WriteHeader() => _out.Write(Header);

    public void WriteRow(MulticastMembership membership)
    {
        ArgumentNullException.ThrowIfNull(membership);
        LineBuffer line = _line.Clear();
        line.Column(UntrustedText.Escape(membership.Device), 15).Append(' ')
            .Column(membership.RefCount.ToString(CultureInfo.InvariantCulture), 6).Append(' ')
            .Append(GroupText(membership.Group))
            .Append('\n').WriteTo(_out);
    }

    /// <summary>
    /// Whether netstat would look this group up: IPv4 with host bits under a /24 mask (net-tools asks
    /// getnetbyaddr, i.e. /etc/networks, for the others, which netstate leaves numeric), and every IPv6 group.
    /// </summary>
    public static bool NeedsLookup(InetAddress group)
    {
        if (group.IsV6)
            return !group.IsUnspecified;
        Span<byte> bytes = stackalloc byte[4];
        group.WriteBytes(bytes);
        return bytes[3] != 0;
    }

    private string GroupText(InetAddress group)
    {
        if (_names is not null && NeedsLookup(group) && _names.NameOf(group) is { } name)
            return UntrustedText.Escape(name);
        return InetAddressFormatter.Format(group);
    }
}
