using Netstate.Cli.Arguments;
using Netstate.Cli.Rendering;
using Netstate.Core.Kernel;
using Netstate.Core.Model;
using Netstate.Core.Platform;

namespace Netstate.Cli.Commands;

/// <summary>
/// netstat -s: the kernel's protocol counters. IPv4 (the default) shows /proc/net/snmp, then
/// /proc/net/netstat and the SCTP counters; -6 shows /proc/net/snmp6 and then the Tcp table, which
/// covers both families; -4 with -6 shows both, IPv4 first. -t, -u, -U and -w pick tables.
/// </summary>
internal sealed class StatisticsCommand
{
    private const CounterFiles Ipv4Files = CounterFiles.Snmp | CounterFiles.Netstat | CounterFiles.Sctp;

    private readonly NetstatOptions _options;
    private readonly TextWriter _out;
    private readonly NoteReporter _notes;

    public StatisticsCommand(NetstatOptions options, TextWriter stdout, TextWriter stderr)
    {
        _options = options;
        _out = stdout;
        _notes = new NoteReporter(stderr, options.Verbose);
    }

    public ReturnCode Run()
    {
        if (_options.Unix)
            throw new UsageException("-s has no statistics for unix sockets", "it shows the inet counters, or inet6 with -6");
        bool ipv6 = _options.Inet6;
        bool ipv4 = _options.Inet || !ipv6;
        var selection = new StatisticsSelection(_options);
        CounterFiles wanted = (ipv4 ? Ipv4Files : 0) | (ipv6 ? CounterFiles.Snmp6 | CounterFiles.Snmp : 0);

        // netstat reads the counters once and ignores -c here, and so does netstate.
        var skipped = new List<SourceNote>();
        using NamespaceScopes scopes = NamespaceScopes.Open(Platforms.Open(_options.ProcRoot), _options.NetworkNamespace, _options.AllNamespaces, skipped);
        _notes.Report(skipped);
        foreach (NamespaceScope scope in scopes.Scopes)
        {
            // Each namespace has its own counters: read on a thread inside it.
            if (scope.Space is { } space)
                NamespaceHeading.Write(_out, space, first: scope == scopes.Scopes[0]);
            Write(scope.Platform.ReadCounters(wanted), ipv4, ipv6, selection);
        }
        return ReturnCode.Success;
    }

    private void Write(KernelCounterRead read, bool ipv4, bool ipv6, StatisticsSelection selection)
    {
        _notes.Report(read.Notes);
        var renderer = new StatisticsRenderer(_out);
        foreach (CounterTable table in read.Counters.Tables)
        {
            bool shown = (table.Source & Ipv4Files) != 0 ? ipv4 : ipv6;
            if (shown && selection.Includes(table.Name))
                renderer.Write(table);
        }
        // The Tcp table counts IPv4 and IPv6 alike; -6 alone shows it after the IPv6 tables.
        if (ipv6 && !ipv4 && selection.Tcp && read.Counters.Table("Tcp") is { } tcp)
            renderer.Write(tcp);

        if (ipv4 && (read.Missing & CounterFiles.Snmp) != 0)
            throw new UserFacingException($"cannot read {read.Paths[CounterFiles.Snmp]}", "is /proc mounted? --proc-root and NETSTATE_PROC_ROOT must name a proc tree");
        if (ipv6 && (read.Missing & CounterFiles.Snmp6) != 0)
            throw new UserFacingException($"cannot read {read.Paths[CounterFiles.Snmp6]}", "IPv6 is disabled in this kernel, or --proc-root names a tree without it; -4 shows the IPv4 counters");
    }
}
