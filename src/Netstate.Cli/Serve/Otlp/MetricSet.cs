using Netstate.Cli.Rendering.Prometheus;

namespace Netstate.Cli.Serve.Otlp;

/// <summary>netstate's metrics of one reading, held as values for the OTLP push (the Prometheus page renders the same ones as text).</summary>
internal sealed class MetricSet : IMetricWriter
{
    private readonly Dictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, MetricFamily> Families => _families;

    public void Family(string name, string type, string help) =>
        _families[name] = new MetricFamily(name, type == "counter", help, []);

    public void Sample(string name, double value, params (string Name, string Value)[] labels)
    {
        if (_families.TryGetValue(name, out MetricFamily? family))
            family.Samples.Add(new MetricSample(value, labels));
    }
}

/// <summary>One metric: its Prometheus name, whether it is a counter (else a gauge), its help text and samples.</summary>
internal sealed record MetricFamily(string Name, bool Counter, string Help, List<MetricSample> Samples);

/// <summary>One value with its labels.</summary>
internal readonly record struct MetricSample(double Value, (string Name, string Value)[] Labels);
