using System.Diagnostics.Metrics;
using Netstate.Cli.Rendering.Prometheus;
using Netstate.Core.Model;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Netstate.Cli.Serve.Otlp;

/// <summary>
/// <c>--otlp</c>: pushes netstate's metrics to an OpenTelemetry collector over OTLP/HTTP (protobuf)
/// with the OpenTelemetry .NET SDK, every push interval, from the same shared readings as /metrics:
/// <c>system.network.connection.count</c> of the semantic conventions (per
/// <c>network.transport</c>, <c>network.type</c> and, for TCP, <c>network.connection.state</c>), and
/// every metric of /metrics under its Prometheus name (counters without <c>_total</c>, which an
/// OTLP-to-Prometheus translation adds back). A push that fails is a warning on stderr, once until
/// one succeeds again; the server keeps serving.
/// </summary>
internal sealed class OtlpPush : IDisposable
{
    /// <summary>The semantic conventions' metric: connections per transport, network type and state.</summary>
    public const string ConnectionCount = "system.network.connection.count";

    private readonly LiveReadings _readings;
    private readonly int _top;
    private readonly Action<string> _log;
    private readonly Meter _meter = new("netstate", VersionText.Version);
    private readonly MeterProvider _provider;
    private readonly Lock _lock = new();
    private readonly HashSet<string> _instruments = new(StringComparer.Ordinal);
    private readonly Task _setup;
    private Collected? _collected;
    private int _failing;

    /// <param name="endpoint">Where to POST (…/v1/metrics).</param>
    /// <param name="interval">Time between pushes.</param>
    /// <param name="readings">The server's shared readings.</param>
    /// <param name="top">--top, as for /metrics.</param>
    /// <param name="log">stderr.</param>
    public OtlpPush(Uri endpoint, TimeSpan interval, LiveReadings readings, int top, Action<string> log)
    {
        _readings = readings;
        _top = top;
        _log = log;
        Endpoint = endpoint;
        int milliseconds = (int)Math.Max(100, interval.TotalMilliseconds);
        var options = new OtlpExporterOptions
        {
            Endpoint = endpoint,
            Protocol = OtlpExportProtocol.HttpProtobuf,
            // A push never outlives the next one's turn (the SDK's default waits 10 s).
            TimeoutMilliseconds = Math.Min(10_000, Math.Max(1000, milliseconds)),
        };
        var exporter = new ReportingExporter(options, Reported);
        _provider = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty()
                .AddService("netstate", serviceVersion: VersionText.Version, autoGenerateServiceInstanceId: false)
                .AddAttributes([new("host.name", Environment.MachineName)]))
            .AddMeter(_meter.Name)
            .AddReader(new PeriodicExportingMetricReader(exporter, milliseconds, Math.Min(30_000, Math.Max(1000, milliseconds)))
            {
                TemporalityPreference = MetricReaderTemporalityPreference.Cumulative,
            })
            .Build();
        _meter.CreateObservableUpDownCounter(ConnectionCount, ConnectionCounts, "{connection}",
            "Sockets per transport (tcp, udp, udplite, raw, unix), network type (ipv4, ipv6) and, for TCP, connection state.");
        // netstate's own metrics are known from the first reading (a family the kernel does not report has none).
        _setup = Task.Run(AddInstrumentsAsync);
    }

    /// <summary>Where the metrics go.</summary>
    public Uri Endpoint { get; }

    /// <summary>
    /// The URL that --otlp names: http or https with a host. A URL without a path gets OTLP/HTTP's
    /// <c>/v1/metrics</c>; one with a path is used as it is.
    /// </summary>
    public static Uri? ParseEndpoint(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host)
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
            return null;
        return uri.AbsolutePath == "/" ? new Uri(uri, "/v1/metrics") : uri;
    }

    /// <summary>The semantic conventions' value of network.connection.state; null for states it has no name for.</summary>
    public static string? StateName(TcpState state) => state switch
    {
        TcpState.Established => "established",
        TcpState.SynSent => "syn_sent",
        TcpState.SynRecv or TcpState.NewSynRecv => "syn_recv",
        TcpState.FinWait1 => "fin_wait_1",
        TcpState.FinWait2 => "fin_wait_2",
        TcpState.TimeWait => "time_wait",
        TcpState.Close => "close",
        TcpState.CloseWait => "close_wait",
        TcpState.LastAck => "last_ack",
        TcpState.Listen => "listen",
        TcpState.Closing => "closing",
        _ => null,
    };

    private static string Transport(Protocol protocol) => protocol switch
    {
        Protocol.Tcp => "tcp",
        Protocol.Udp => "udp",
        Protocol.UdpLite => "udplite",
        Protocol.Raw => "raw",
        _ => "unix",
    };

    private async Task AddInstrumentsAsync()
    {
        try
        {
            await _readings.CurrentAsync().ConfigureAwait(false);
            AddInstruments();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The first push reads again and adds them then.
        }
    }

    /// <summary>An instrument per family of netstate's metrics not yet pushed (called outside a collection: publishing an instrument during one would wait for it).</summary>
    private void AddInstruments()
    {
        MetricSet metrics = Current().Metrics;
        foreach (MetricFamily family in metrics.Families.Values)
        {
            lock (_lock)
            {
                if (!_instruments.Add(family.Name))
                    continue;
            }
            string name = family.Counter && family.Name.EndsWith("_total", StringComparison.Ordinal) ? family.Name[..^"_total".Length] : family.Name;
            string? unit = family.Name.Contains("_seconds", StringComparison.Ordinal) ? "s" : family.Name.Contains("_bytes", StringComparison.Ordinal) ? "By" : null;
            string key = family.Name;
            if (family.Counter)
                _meter.CreateObservableCounter(name, () => Measurements(key), unit, family.Help);
            else
                _meter.CreateObservableGauge(name, () => Measurements(key), unit, family.Help);
        }
    }

    private Measurement<double>[] Measurements(string family)
    {
        if (!Current().Metrics.Families.TryGetValue(family, out MetricFamily? found))
            return [];
        var measurements = new Measurement<double>[found.Samples.Count];
        for (int i = 0; i < measurements.Length; i++)
        {
            MetricSample sample = found.Samples[i];
            var tags = new KeyValuePair<string, object?>[sample.Labels.Length];
            for (int j = 0; j < tags.Length; j++)
                tags[j] = new(sample.Labels[j].Name, sample.Labels[j].Value);
            measurements[i] = new Measurement<double>(sample.Value, tags);
        }
        return measurements;
    }

    private List<Measurement<long>> ConnectionCounts()
    {
        Collected current = Current();
        var measurements = new List<Measurement<long>>(current.Connections.Count);
        foreach (KeyValuePair<(Protocol Protocol, Family Family, string? State), long> count in current.Connections)
        {
            (Protocol protocol, Family family, string? state) = count.Key;
            var tags = new List<KeyValuePair<string, object?>>(3) { new("network.transport", Transport(protocol)) };
            if (family != Family.Unix)
                tags.Add(new("network.type", family == Family.Inet ? "ipv4" : "ipv6"));
            if (state is not null)
                tags.Add(new("network.connection.state", state));
            measurements.Add(new Measurement<long>(count.Value, tags));
        }
        return measurements;
    }

    /// <summary>The metrics of the current reading, worked out once per reading for every instrument of a push.</summary>
    private Collected Current()
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        LiveReading reading = _readings.CurrentAsync().GetAwaiter().GetResult();
        Collected? collected = Volatile.Read(ref _collected);
        if (collected?.Reading == reading)
            return collected;
        var metrics = new MetricSet();
        MetricsRenderer.WriteReading(metrics, reading, _top);
        MetricsRenderer.WriteScrape(metrics, reading, _readings, started);
        var connections = new Dictionary<(Protocol, Family, string?), long>();
        foreach (SocketEntry entry in reading.Snapshot.Entries)
        {
            var key = (entry.Protocol, entry.Family, entry.Protocol == Protocol.Tcp ? StateName(entry.TcpState) : null);
            connections[key] = connections.GetValueOrDefault(key) + 1;
        }
        collected = new Collected(reading, metrics, connections);
        Volatile.Write(ref _collected, collected);
        return collected;
    }

    /// <summary>Each push's outcome: the first failure of a run of them is a warning, the first success after it a note.</summary>
    private void Reported(bool succeeded)
    {
        if (succeeded)
        {
            if (Interlocked.Exchange(ref _failing, 0) == 1)
                _log($"netstate: OTLP push to {Endpoint} works again");
            // A family that appeared since (a counter the kernel began to report) gets its instrument for the next push.
            _ = Task.Run(AddInstruments);
        }
        else if (Interlocked.Exchange(ref _failing, 1) == 0)
        {
            _log($"netstate: warning: OTLP push to {Endpoint} failed (no collector listening there, or it refused the data); serving goes on and the push is tried again each interval");
        }
    }

    public void Dispose()
    {
        try
        {
            _setup.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
        // Shutdown pushes once more, within its timeout.
        _provider.Dispose();
        _meter.Dispose();
    }

    private sealed record Collected(LiveReading Reading, MetricSet Metrics, Dictionary<(Protocol Protocol, Family Family, string? State), long> Connections);

    /// <summary>The SDK's OTLP exporter, telling each push's outcome (the SDK itself reports failures only to EventSource listeners).</summary>
    private sealed class ReportingExporter(OtlpExporterOptions options, Action<bool> report) : OtlpMetricExporter(options)
    {
        public override ExportResult Export(in Batch<Metric> metrics)
        {
            ExportResult result = base.Export(metrics);
            report(result == ExportResult.Success);
            return result;
        }
    }
}
