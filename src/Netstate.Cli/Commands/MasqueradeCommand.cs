using Netstate.Cli.Arguments;
using Netstate.Cli.Rendering;
using Netstate.Core.Kernel;
using Netstate.Core.Names;
using Netstate.Core.Platform;

namespace Netstate.Cli.Commands;

/// <summary>
/// netstat -M: the NATed connections of this network namespace, read from /proc/net/nf_conntrack
/// (net-tools reads /proc/net/ip_masquerade, gone since Linux 2.4). -a lists every tracked
/// connection; -4/-6 and -t/-u/-U/-w narrow the listing; -c repeats it.
/// </summary>
internal sealed class MasqueradeCommand
{
    private readonly NetstatOptions _options;
    private readonly TextWriter _out;
    private readonly NoteReporter _notes;

    public MasqueradeCommand(NetstatOptions options, TextWriter stdout, TextWriter stderr)
    {
        _options = options;
        _out = stdout;
        _notes = new NoteReporter(stderr, options.Verbose);
    }

    public ReturnCode Run()
    {
        IPlatform platform = Platforms.Open(_options.ProcRoot);
        HostNameResolver? hosts = _options.NumericHosts ? null : new HostNameResolver(_options.ResolveTimeout);
        ServiceNames? services = _options.NumericPorts ? null : ServiceNames.Load();
        var renderer = new MasqueradeRenderer(_out, _options.Extend >= 1, hosts is null ? null : hosts.NameOf, services);
        return Repetition.Run(_options, _out, () =>
        {
            ConntrackTable table = platform.ReadConntrack();
            ThrowIfUnavailable(table);
            _notes.Report(table.Notes);
            var shown = new List<ConntrackEntry>();
            foreach (ConntrackEntry entry in table.Entries)
            {
                if ((_options.All || entry.IsNat) && Selected(entry))
                    shown.Add(entry);
            }
            hosts?.ResolveAll(MasqueradeRenderer.HostLookups(shown));
            renderer.WriteHeading(_options.All);
            foreach (ConntrackEntry entry in shown)
                renderer.WriteRow(entry);
            if (hosts is not null && _options.Verbose && hosts.TimedOut > 0)
                _notes.Once("resolve-timeout", $"netstate: {hosts.TimedOut} reverse lookups did not answer in time; those addresses are shown as numbers");
            return ReturnCode.Success;
        });
    }

    /// <summary>-4/-6 pick the family; -t, -u, -U pick TCP, UDP, UDP-Lite and -w every other protocol (ICMP, GRE, ...).</summary>
    private bool Selected(ConntrackEntry entry)
    {
        bool v6 = entry.FamilyNumber == 10;
        if (_options.Inet != _options.Inet6 && v6 != _options.Inet6)
            return false;
        bool anyProtocol = _options.Tcp || _options.Udp || _options.UdpLite || _options.Raw;
        if (!anyProtocol)
            return true;
        return entry.ProtocolNumber switch
        {
            6 => _options.Tcp,
            17 => _options.Udp,
            136 => _options.UdpLite,
            _ => _options.Raw,
        };
    }

    private static void ThrowIfUnavailable(ConntrackTable table)
    {
        switch (table.Unavailable)
        {
            case ConntrackUnavailable.NotLoaded:
                throw new UserFacingException(
                    $"connection tracking is not loaded in this network namespace ({table.File} does not exist), so there are no NATed connections to show",
                    "a NAT rule loads it, e.g. nft masquerade or iptables -t nat -j MASQUERADE; so does modprobe nf_conntrack");
            case ConntrackUnavailable.NoProcTable:
                throw new UserFacingException(
                    $"connection tracking is loaded but this kernel has no {table.File} (built without CONFIG_NF_CONNTRACK_PROCFS)",
                    "list the table with conntrack -L from conntrack-tools; netstate -M reads only the /proc table");
            case ConntrackUnavailable.Unreadable:
                throw new UserFacingException($"cannot read {table.File}: {table.Error}",
                    "the kernel lets only root (CAP_NET_ADMIN) read the conntrack table: run netstate -M as root");
        }
    }
}
