using System.Globalization;
using Netstate.Core.Kernel;

namespace Netstate.Cli.Rendering;

/// <summary>
/// Writes counter tables as netstat -s does: "Table:", then one line per counter, netstat's
/// sentence where it has one ("N active connection openings"), ICMP histograms under their titles,
/// and "Name: value" for the rest (only when not 0).
/// </summary>
internal sealed class StatisticsRenderer
{
    private const string Indent = "    ";
    private const string HistogramIndent = "        ";

    private readonly TextWriter _out;

    public StatisticsRenderer(TextWriter output) => _out = output;

    public void Write(CounterTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        _out.Write(table.Name);
        _out.Write(":\n");
        // Every table starts at the normal indent (netstat carries a histogram's over into an unknown table).
        SentenceKind section = SentenceKind.Always;
        foreach (KernelCounter counter in table.Counters)
        {
            if (!StatisticsSentences.TryFind(table.Name, counter.Name, out Sentence sentence))
            {
                // Unknown counters keep the indent of the section they appear in, as in netstat.
                if (counter.Value != 0)
                    Line(IsHistogram(section) ? HistogramIndent : Indent, $"{counter.Name}: {Number(counter.Value)}");
                continue;
            }
            switch (sentence.Kind)
            {
                case SentenceKind.Hidden:
                    break;
                case SentenceKind.InputHistogram or SentenceKind.OutputHistogram:
                    if (section != sentence.Kind)
                        Line(Indent, sentence.Kind == SentenceKind.InputHistogram ? "ICMP input histogram:" : "ICMP output histogram:");
                    if (counter.Value != 0)
                        Line(HistogramIndent, Format(sentence, counter.Value));
                    section = sentence.Kind;
                    break;
                case SentenceKind.IfNonZero:
                    if (counter.Value != 0)
                        Line(Indent, Format(sentence, counter.Value));
                    section = SentenceKind.Always;
                    break;
                default:
                    Line(Indent, Format(sentence, counter.Value));
                    section = SentenceKind.Always;
                    break;
            }
        }
    }

    private static bool IsHistogram(SentenceKind kind) => kind is SentenceKind.InputHistogram or SentenceKind.OutputHistogram;

    private static string Number(Int128 value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Format(Sentence sentence, Int128 value) => string.Format(CultureInfo.InvariantCulture, sentence.Format, Number(value));

    private void Line(string indent, string text)
    {
        _out.Write(indent);
        _out.Write(text);
        _out.Write('\n');
    }
}
