using System.Globalization;
using Netstate.Core.Diagnosis;
using Netstate.Core.Model;
using Netstate.Core.Text;

namespace Netstate.Cli.Rendering;

/// <summary>The doctor's report for people: a verdict line, then each finding with evidence and remedy, wrapped.</summary>
internal sealed class DoctorTextRenderer
{
    private readonly TextWriter _out;
    private readonly int _width;

    public DoctorTextRenderer(TextWriter stdout, int width)
    {
        _out = stdout;
        _width = width;
    }

    /// <param name="sockets">How many TCP sockets were examined.</param>
    public void Write(int sockets, IReadOnlyList<Finding> findings)
    {
        if (findings.Count == 0)
        {
            _out.WriteLine($"No problems found in {Sockets(sockets)} and the kernel's TCP counters and settings.");
            return;
        }
        string count = findings.Count == 1 ? "1 finding" : $"{findings.Count} findings";
        _out.WriteLine($"{count} in {Sockets(sockets)} and the kernel's TCP counters, worst first:");
        foreach (Finding finding in findings)
        {
            _out.WriteLine();
            // Findings carry raw text (process names are whatever their owners chose): escaped here, for the terminal.
            Wrap($"{Label(finding.Severity)} [{finding.Rule}] ", UntrustedText.Escape(finding.Title));
            foreach (string line in finding.Evidence)
                Wrap("    - ", UntrustedText.Escape(line));
            Wrap("    what to do: ", UntrustedText.Escape(finding.Remedy), "      ");
        }
    }

    private static string Sockets(int count) =>
        count == 1 ? "1 TCP socket" : $"{count.ToString("N0", CultureInfo.InvariantCulture)} TCP sockets";

    private static string Label(Severity severity) => severity switch
    {
        Severity.Critical => "CRITICAL",
        Severity.Warning => "WARNING",
        _ => "INFO",
    };

    /// <summary>Writes <paramref name="lead"/> and <paramref name="text"/>, wrapped to the width under <paramref name="indent"/>.</summary>
    private void Wrap(string lead, string text, string? indent = null)
    {
        foreach (string line in TextWrapper.Wrap(text, Math.Max(_width - 1, lead.Length + 20), lead, indent ?? new string(' ', lead.Length)))
            _out.WriteLine(line);
    }
}
