using Netstate.Cli.Arguments;
using Netstate.Cli.Rendering;
using Netstate.Core.Kernel;
using Netstate.Core.Model;
using Netstate.Core.Names;
using Netstate.Core.Platform;

namespace Netstate.Cli.Commands;

/// <summary>netstat -r, the kernel routing table: IPv4 unless -6/-A inet6 asks for IPv6 (both when both are named).</summary>
internal sealed class RouteTableCommand
{
    private readonly NetstatOptions _options;
    private readonly TextWriter _out;
    private readonly TextWriter _err;
    private readonly NoteReporter _notes;

    public RouteTableCommand(NetstatOptions options, TextWriter stdout, TextWriter stderr)
    {
        _options = options;
        _out = stdout;
        _err = stderr;
        _notes = new NoteReporter(stderr, options.Verbose);
    }

    public ReturnCode Run()
    {
        IPlatform platform = Platforms.Open(_options.ProcRoot);
        // netstat's default family is inet; -6 alone (or -A inet6) means IPv6 only.
        bool ipv4 = _options.Inet || !_options.Inet6;
        bool ipv6 = _options.Inet6;
        RouteNameLookup? names = _options.NumericHosts ? null : new RouteNameLookup(new HostNameResolver(_options.ResolveTimeout), new NetworkNames());
        var renderer = new RouteTableRenderer(_out, names);

        return Repetition.Run(_options, _out, () =>
        {
            if (ipv4)
            {
                RouteTableRead<Ipv4Route> read = platform.ReadIpv4Routes();
                _notes.Report(read.Notes);
                if (read.Routes is null)
                    return NotConfigured(read.File, "INET (IPv4)");
                names?.Resolve(RouteTableRenderer.HostLookups(read.Routes));
                renderer.WriteIpv4(read.Routes, RouteTableRenderer.Ipv4LayoutFor(_options.Extend));
            }
            if (ipv6)
            {
                RouteTableRead<Ipv6Route> read = platform.ReadIpv6Routes();
                _notes.Report(read.Notes);
                if (read.Routes is null)
                    return NotConfigured(read.File, "INET6 (IPv6)");
                names?.Resolve(RouteTableRenderer.HostLookups(read.Routes));
                renderer.WriteIpv6(read.Routes);
            }
            if (names is not null && _options.Verbose && names.TimedOut > 0)
                _notes.Once("resolve-timeout", $"netstate: {names.TimedOut} reverse lookups did not answer in time; those addresses are shown as numbers");
            return ReturnCode.Success;
        });
    }

    /// <summary>netstat prints this line on stdout and stops with status 1 when the table file is missing.</summary>
    private ReturnCode NotConfigured(string file, string family)
    {
        _out.Write($"{family} not configured in this system.\n");
        _err.WriteLine($"netstate: cannot read {file} (is /proc mounted? --proc-root and NETSTATE_PROC_ROOT must name a proc tree)");
        return ReturnCode.Failure;
    }

    /// <summary>Host names through the shared resolver (all at once, with its deadline); network names from /etc/networks.</summary>
    private sealed class RouteNameLookup(HostNameResolver hosts, NetworkNames networks) : IRouteNameLookup
    {
        public int TimedOut => hosts.TimedOut;

        public void Resolve(IEnumerable<InetAddress> addresses) => hosts.ResolveAll(addresses);

        public string? HostName(InetAddress address) => hosts.NameOf(address);

        public string? NetworkName(InetAddress address) => networks.NameOf(address);
    }
}
