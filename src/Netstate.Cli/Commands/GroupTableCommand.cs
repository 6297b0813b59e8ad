using Netstate.Core.IO;
using Netstate.Core.Text;
using Netstate.Cli.Arguments;
using Netstate.Cli.Rendering;
using Netstate.Core.Kernel;
using Netstate.Core.Model;
using Netstate.Core.Names;
using Netstate.Core.Sources.Linux;

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
        ProcRoot procRoot = ProcRoot.FromEnvironment(_options.ProcRoot);
        HostNameResolver? names = _options.NumericHosts ? null : new HostNameResolver(_options.ResolveTimeout);
        var renderer = new GroupTableRenderer(_out, names);
        // The socket tables run once per round here: this loop owns -c, and sleeps every round.
        return Repetition.Run(_options, _out, () =>
        {
            if (AnyInetProtocol)
                RunSockets(inet: true);
            ReturnCode code = WriteGroups(procRoot, renderer, names);
            if (code == ReturnCode.Success && _options.Unix)
                RunSockets(inet: false);
            return code;
        });
    }

    private ReturnCode WriteGroups(ProcRoot procRoot, GroupTableRenderer renderer, HostNameResolver? names)
    {
        // Neither -4 nor -6 means both, as netstat sets both families for -g.
        bool v4 = _options.Inet || !_options.Inet6;
        bool v6 = _options.Inet6 || !_options.Inet;
        renderer.WriteHeader();
        var memberships = new List<MulticastMembership>();
        if (v4)
        {
            // netstat fails when the IPv4 table is missing (no IPv4 support) ...
            if (!TryRead(procRoot.NetIgmp, (t, f, p) => ProcNetIgmpParser.ParseIgmp(t, f, p), memberships, out string? failure))
            {
                throw new UserFacingException($"cannot read {procRoot.NetIgmp} ({failure})", "this kernel shows no IPv4 multicast groups");
            }
        }
        // ... and passes over a missing IPv6 one.
        if (v6)
            _ = TryRead(procRoot.NetIgmp6, (t, f, p) => ProcNetIgmpParser.ParseIgmp6(t, f, p), memberships, out _);
        if (names is not null)
            names.ResolveAll(memberships.Select(m => m.Group).Where(GroupTableRenderer.NeedsLookup).Distinct());
        foreach (MulticastMembership membership in memberships)
            renderer.WriteRow(membership);
        return ReturnCode.Success;
    }

    private bool TryRead(string path, Func<byte[], string, ParseProblems, List<MulticastMembership>> parse,
        List<MulticastMembership> into, out string? failure)
    {
        byte[] text;
        try
        {
            text = BoundedFile.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            failure = e is FileNotFoundException or DirectoryNotFoundException ? "No such file or directory" : ErrorText.Of(e);
            return false;
        }
        var problems = new ParseProblems();
        into.AddRange(parse(text, path, problems));
        foreach (SourceNote note in problems.ToNotes(path))
            _notes.Once(note.Message, $"netstate: {note.Message}");
        failure = null;
        return true;
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
