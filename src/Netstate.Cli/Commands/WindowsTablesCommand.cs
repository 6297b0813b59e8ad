using Netstate.Cli.Arguments;
using Netstate.Cli.Rendering;
using Netstate.Core.Platform;
using Netstate.Core.Platform.Windows;

namespace Netstate.Cli.Commands;

/// <summary>
/// Windows netstat's tables: -s (per-protocol statistics, all or the one -p names; for TCP and UDP
/// followed by that protocol's connections, as Windows netstat does), once or every interval.
/// A section whose call fails is said on stderr and the others are still shown.
/// </summary>
internal sealed class WindowsTablesCommand
{
    private readonly NetstatOptions _options;
    private readonly TextWriter _out;
    private readonly TextWriter _err;
    private readonly TerminalInfo? _terminal;
    private readonly Func<WindowsPlatform> _open;
    private bool _metricsNoted;

    public WindowsTablesCommand(NetstatOptions options, TextWriter stdout, TextWriter stderr, TerminalInfo? terminal, Func<WindowsPlatform>? open = null)
    {
        _options = options;
        _out = stdout;
        _err = stderr;
        _terminal = terminal;
        _open = open ?? OpenRunning;
    }

    public ReturnCode Run()
    {
        WindowsPlatform platform = _open();
        return Repetition.Run(_options, _out, () =>
        {
            ReturnCode code = _options.Mode switch
            {
                Mode.Statistics => WriteStatistics(platform),
                Mode.Route => WriteRoutes(platform),
                Mode.Interfaces => WriteInterfaceStatistics(platform),
                _ => throw new PlatformUnavailableException($"netstate does not read {ModeNames.Describe(_options.Mode)} on Windows yet"),
            };
            if (code == ReturnCode.Success && WindowsNetstatArgumentParser.StatisticsListSockets(_options.WindowsProtocol))
                code = new SocketListCommand(_options with { Mode = Mode.Sockets, Continuous = false }, _out, _err, _terminal).Run();
            return code;
        });
    }

    /// <summary>-r: the Interface List, then the IPv4 and IPv6 route tables.</summary>
    internal ReturnCode WriteRoutes(WindowsPlatform platform)
    {
        var renderer = new WindowsRouteRenderer(_out);
        List<WindowsInterface> interfaces = platform.ReadWindowsInterfaces();
        List<WindowsRoute> routes4 = platform.ReadWindowsRoutes(ipv6: false);
        List<WindowsAddress> addresses = platform.ReadWindowsIpv4Addresses();
        Dictionary<uint, uint>? metrics4 = Metrics(platform, ipv6: false);
        List<PersistentRoute>? persistent = platform.ReadPersistentIpv4Routes();
        renderer.WriteInterfaceList(interfaces);
        renderer.WriteIpv4(routes4, addresses, metrics4, persistent);
        List<WindowsRoute> routes6;
        try
        {
            routes6 = platform.ReadWindowsRoutes(ipv6: true);
        }
        catch (PlatformUnavailableException e)
        {
            _out.Flush();
            _err.WriteLine($"netstate: the IPv6 route table could not be read: {e.Message}");
            return ReturnCode.Failure;
        }
        renderer.WriteIpv6(routes6, Metrics(platform, ipv6: true));
        return ReturnCode.Success;
    }

    /// <summary>-e: the interface totals; with -s the protocol statistics after them.</summary>
    internal ReturnCode WriteInterfaceStatistics(WindowsPlatform platform)
    {
        new WindowsRouteRenderer(_out).WriteInterfaceStatistics(platform.ReadWindowsInterfaces());
        return _options.WindowsStatistics ? WriteStatistics(platform) : ReturnCode.Success;
    }

    /// <summary>Interface metrics by index; null (and one note) when they cannot be read, so the Metric column says '-' instead of a partial sum.</summary>
    private Dictionary<uint, uint>? Metrics(WindowsPlatform platform, bool ipv6)
    {
        try
        {
            var metrics = new Dictionary<uint, uint>();
            foreach (WindowsInterfaceMetric row in platform.ReadInterfaceMetrics(ipv6))
                metrics.TryAdd(row.InterfaceIndex, row.Metric);
            return metrics;
        }
        catch (PlatformUnavailableException e)
        {
            if (!_metricsNoted)
                _err.WriteLine($"netstate: the interface metrics could not be read, so the Metric column shows '-': {e.Message}");
            _metricsNoted = true;
            return null;
        }
    }

    /// <summary>Every section -s (-p) asks for, in Windows netstat's order.</summary>
    internal ReturnCode WriteStatistics(WindowsPlatform platform)
    {
        var renderer = new WindowsStatisticsRenderer(_out);
        ReturnCode code = ReturnCode.Success;
        foreach ((StatisticsKind kind, bool ipv6) in WindowsNetstatArgumentParser.StatisticsSections(_options.WindowsProtocol))
        {
            try
            {
                renderer.Write(platform.ReadStatistics(kind, ipv6));
            }
            catch (PlatformUnavailableException e)
            {
                _out.Flush();
                _err.WriteLine($"netstate: {WindowsStatisticsRenderer.Title(kind, ipv6)} could not be read: {e.Message}");
                code = ReturnCode.Failure;
            }
        }
        return code;
    }

    private static WindowsPlatform OpenRunning() =>
        Platforms.Open() as WindowsPlatform ?? throw new PlatformUnavailableException("Windows netstat's tables (-s, -r, -e) are read from IP Helper, on Windows only");
}
