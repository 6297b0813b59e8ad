namespace Netstate.Cli.Rendering.Prometheus;

/// <summary>
/// Where <see cref="MetricsRenderer"/> writes netstate's metrics: Prometheus' text format
/// (<see cref="ExpositionWriter"/>) or the OTLP push (<see cref="Serve.Otlp.MetricSet"/>), so both
/// carry the same metrics under the same names.
/// </summary>
internal interface IMetricWriter
{
    /// <summary>Starts a metric family; <paramref name="type"/> is "gauge" or "counter".</summary>
    void Family(string name, string type, string help);

    /// <summary>One sample of the current family; labels as name, value pairs.</summary>
    void Sample(string name, double value, params (string Name, string Value)[] labels);
}
