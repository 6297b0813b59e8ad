using System.Globalization;
using System.Text;
using Netstate.Core.Text;

namespace Netstate.Cli.Rendering.Prometheus;

/// <summary>
/// Prometheus' text exposition format (version 0.0.4): a HELP and TYPE line per metric family, then
/// its samples. Label values are escaped as the format asks (backslash, quote, newline) and made
/// valid UTF-8, so a process name with any bytes in it cannot break a scrape.
/// </summary>
internal sealed class ExpositionWriter : IMetricWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder _text = new(16 * 1024);

    /// <summary>Starts a metric family.</summary>
    public ExpositionWriter Family(string name, string type, string help)
    {
        _text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        _text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        return this;
    }

    /// <summary>One sample of the current family; labels as name, value pairs.</summary>
    public ExpositionWriter Sample(string name, double value, params (string Name, string Value)[] labels)
    {
        _text.Append(name);
        if (labels.Length > 0)
        {
            _text.Append('{');
            for (int i = 0; i < labels.Length; i++)
            {
                if (i > 0)
                    _text.Append(',');
                _text.Append(labels[i].Name).Append("=\"");
                AppendLabelValue(labels[i].Value);
                _text.Append('"');
            }
            _text.Append('}');
        }
        _text.Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        return this;
    }

    void IMetricWriter.Family(string name, string type, string help) => Family(name, type, help);

    void IMetricWriter.Sample(string name, double value, params (string Name, string Value)[] labels) => Sample(name, value, labels);

    public override string ToString() => _text.ToString();

    private void AppendLabelValue(string value)
    {
        foreach (char c in RawText.WithReplacements(value))
        {
            switch (c)
            {
                case '\\':
                    _text.Append(@"\\");
                    break;
                case '"':
                    _text.Append("\\\"");
                    break;
                case '\n':
                    _text.Append(@"\n");
                    break;
                default:
                    _text.Append(c);
                    break;
            }
        }
    }
}
