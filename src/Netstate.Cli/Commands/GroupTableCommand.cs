using Netstate.Core.Text;
using Netstate.Cli.Arguments;
using Netstate.Cli.Rendering;
using Netstate.Core.Kernel;
using Netstate.Core.Model;
using Netstate.Core.Names;
using Netstate.Core.Platform;

namespace Netstate.Cli.Commands;

/// <summary>
/// netstat -g, multicast group memberships from /proc/net/igmp and /proc/net/igmp6 (-4 or -6 keeps
/// one). As in netstat, socket selectors given with -g (-t, -4, -x ...) print their socket tables
/// too: the internet sockets before the groups, the unix sockets after them.
/// </summary>
internal sealed class GroupTableCommand
{
    private readonly NetstatOptions _options;
    private readonly TextWriter _out;
    private readonly TextWriter _err;
    private readonly NoteReporter _notes;

    public GroupTableCommand(NetstatOptions options, TextWriter stdout, TextWriter stderr)
    {
        _options = options;
        _out = stdout;
        _err = stderr;
        _notes = new NoteReporter(stderr, options.Verbose);
    }

    private bool AnyInetProtocol => _options.Tcp || _options.Udp || _options.UdpLite || _options.Raw;

    public ReturnCode Run()
    {
        IPlatform platform = Platforms.Open(_options.ProcRoot);
        HostNameResolver? names = _options.NumericHosts ? null : new HostNameResolver(_options.ResolveTimeout);
        var renderer = new GroupTableRenderer(_out, names);
        // The socket tables run once per round here: this loop owns -c, and sleeps every round.
        return Repetition.Run(_options, _out, () =>
        {
            if (AnyInetProtocol)
                RunSockets(inet: true);
            ReturnCode code = WriteGroups(platform, renderer, names);
            if (code == ReturnCode.Success && _options.Unix)
                RunSockets(inet: false);
            return code;
        });
    }

    private ReturnCode WriteGroups(IPlatform platform, GroupTableRenderer renderer, HostNameResolver? names)
    {
        // Neither -4 nor -6 means both, as netstat sets both families for -g.
        bool v4 = _options.Inet || !_options.Inet6;
        bool v6 = _options.Inet6 || !_options.Inet;
        renderer.WriteHeader();
        // netstat fails when the IPv4 table is missing (no IPv4 support), and passes over a missing IPv6 one.
        MulticastGroupTable groups = platform.ReadMulticastGroups(v4, v6);
        foreach (SourceNote note in groups.Notes)
            _notes.Once(note.Message, $"netstate: {note.Message}");
        if (groups.Ipv4Failure is { } failure)
            throw new UserFacingException($"cannot read {groups.Ipv4File} ({failure})", "this kernel shows no IPv4 multicast groups");
        if (names is not null)
            names.ResolveAll(groups.Memberships.Select(m => m.Group).Where(GroupTableRenderer.NeedsLookup).Distinct());
        foreach (MulticastMembership membership in groups.Memberships)
            renderer.WriteRow(membership);
        return ReturnCode.Success;
    }

    /// <summary>The socket part of a combined run: inet tables only, or the unix table only, once (this loop owns -c).</summary>
    private void RunSockets(bool inet)
    {
        NetstatOptions part = inet
            ? _options with { Unix = false, Continuous = false }
            : _options with { Tcp = false, Udp = false, UdpLite = false, Raw = false, Continuous = false };
        ReturnCode code = new SocketListCommand(part, _out, _err).Run();
        if (code != ReturnCode.Success)
            throw new UserFacingException("the socket tables could not be listed");
    }
}
