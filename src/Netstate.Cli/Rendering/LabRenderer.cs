using System.Globalization;
using System.Text;
using Netstate.Core.Model;
using Netstate.Core.Text;
using Netstate.Core.Vocabulary;
using Netstate.Lab;

namespace Netstate.Cli.Rendering;

/// <summary>Prints a lab run as it goes: the introduction, then each step's actions, sockets, claims and explanation.</summary>
internal sealed class LabRenderer : ILabProgress
{
    private const int Width = 100;
    private const string Indent = "  ";
    private readonly TextWriter _out;

    public LabRenderer(TextWriter stdout) => _out = stdout;

    public void Started(LabScenario scenario, string namespaceId, string trace)
    {
        _out.WriteLine($"netstate lab {scenario.Name}: {scenario.Summary}");
        _out.WriteLine();
        WriteWrapped(scenario.Introduction, "");
        WriteWrapped($"Everything runs on loopback in the private network namespace {namespaceId}, made for this run and deleted with it; "
            + "the host's network is not touched. The sockets are read the way netstate reads them (netlink sock_diag), inside that namespace.", "");
        WriteWrapped(trace.StartsWith("off: ", StringComparison.Ordinal)
            ? $"The state-change trace is {trace}: the claims are checked against the reads only."
            : "The kernel's state-change tracepoint runs too: each step lists the transitions it recorded, and each claim is checked "
                + "against the trace as well as the read. " + UntrustedText.Escape(trace.Replace('\n', ' ')) + ".", "");
        _out.Flush();
    }

    public void Stepped(LabStep recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        _out.WriteLine();
        _out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Step {recorded.Number} ({recorded.Seconds:0.00} s)"));
        foreach (LabAction action in recorded.Actions)
            WriteWrapped($"{action.Actor}: {action.Text}", Indent, hanging: Indent + "  ");
        foreach (LabTransition change in recorded.Transitions)
            WriteWrapped(Traced(change), Indent, hanging: Indent + "  ");
        WriteSockets(recorded.Sockets);
        if (recorded.Counters.Count > 0)
            _out.WriteLine(Indent + "counters: " + string.Join(", ", recorded.Counters.Select(c =>
                string.Create(CultureInfo.InvariantCulture, $"{c.Name} {c.Value} ({c.Change:+0;-0;0} since the start)"))));
        WriteClaims("seen", recorded.Claims.Where(c => c.Seen));
        WriteClaims("NOT SEEN", recorded.Claims.Where(c => !c.Seen && c.Required));
        WriteClaims("missed (will retry)", recorded.Claims.Where(c => !c.Seen && !c.Required));
        WriteClaims("trace agrees", recorded.Claims.Where(c => c.Seen && c.Traced == true));
        foreach (LabClaimResult claim in recorded.Claims.Where(c => c.Seen && c.Traced != true && c.TraceNote is not null))
            WriteWrapped($"{(claim.Traced == false ? "trace DIFFERS" : "trace cannot tell")}: {claim.Text}: {claim.TraceNote}", Indent, hanging: Indent + "  ");
        if (recorded.Explanation is { Length: > 0 } explanation)
            WriteWrapped(explanation, Indent);
        _out.Flush();
    }

    /// <summary>"traced +0.0123 s: client ESTABLISHED -> FIN_WAIT1 (CLOSE: close() called)".</summary>
    private static string Traced(LabTransition change)
    {
        string because = change.Event is null ? "" : $" ({change.Event}: {change.Meaning})";
        return string.Create(CultureInfo.InvariantCulture,
            $"traced +{change.Seconds:0.0000} s: {change.Role} {TcpStateText.Name(change.From, Dialect.Netstat)} -> {TcpStateText.Name(change.To, Dialect.Netstat)}{because}");
    }

    /// <summary>The closing line: which states the run showed.</summary>
    public void Finished(LabRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        _out.WriteLine();
        IEnumerable<string> states = run.Steps.SelectMany(s => s.Sockets).Select(r => TcpStateText.Name(r.State, Dialect.Netstat)).Distinct();
        _out.WriteLine(run.AllClaimsSeen
            ? $"Seen in this run: {string.Join(", ", states)}. Every claim held."
            : $"Seen in this run: {string.Join(", ", states)}. Some claims did not hold (NOT SEEN above).");
        int traced = run.Steps.Sum(s => s.Transitions.Count);
        if (run.TraceAgrees is bool agrees)
        {
            string lost = run.TraceLost > 0 ? $" The kernel dropped {run.TraceLost} changes from its buffer." : "";
            _out.WriteLine(agrees
                ? $"The trace recorded {traced} transitions and agreed with every claim it can check.{lost}"
                : $"The trace recorded {traced} transitions and did not show every state the reads saw (trace DIFFERS above).{lost}");
        }
        _out.Flush();
    }

    private void WriteSockets(IReadOnlyList<LabSocketRow> rows)
    {
        if (rows.Count == 0)
        {
            _out.WriteLine(Indent + "(no TCP sockets in the namespace)");
            return;
        }
        string[] header = ["Role", "Local Address", "Foreign Address", "State", "Recv-Q", "Send-Q", "Timer"];
        var cells = new List<string[]> { header };
        foreach (LabSocketRow row in rows)
        {
            cells.Add([row.Role, row.Local, row.Remote, TcpStateText.Name(row.State, Dialect.Netstat),
                row.RecvQueue.ToString(CultureInfo.InvariantCulture), row.SendQueue.ToString(CultureInfo.InvariantCulture), TimerText(row)]);
        }
        int[] widths = new int[header.Length];
        foreach (string[] line in cells)
        {
            for (int i = 0; i < line.Length; i++)
                widths[i] = Math.Max(widths[i], line[i].Length);
        }
        var text = new StringBuilder();
        foreach (string[] line in cells)
        {
            text.Clear().Append(Indent);
            for (int i = 0; i < line.Length; i++)
            {
                bool number = i is 4 or 5;
                text.Append(number ? line[i].PadLeft(widths[i]) : line[i].PadRight(widths[i]));
                if (i < line.Length - 1)
                    text.Append("  ");
            }
            _out.WriteLine(text.ToString().TrimEnd());
        }
    }

    private static string TimerText(LabSocketRow row)
    {
        string seconds = row.TimerSeconds.ToString("0.00", CultureInfo.InvariantCulture);
        string timer = row.Timer switch
        {
            TimerKind.On => row.Retransmits > 0 ? $"retransmit in {seconds} s ({row.Retransmits} resent)" : $"retransmit in {seconds} s",
            TimerKind.TimeWait => $"expires in {seconds} s",
            TimerKind.Keepalive => $"timer in {seconds} s",
            TimerKind.Probe => $"window probe in {seconds} s",
            _ => "",
        };
        bool orphan = row.Inode == 0 && row.State is TcpState.FinWait1 or TcpState.FinWait2 or TcpState.Closing or TcpState.LastAck;
        return orphan ? (timer.Length == 0 ? "orphan" : timer + ", orphan") : timer;
    }

    private void WriteClaims(string label, IEnumerable<LabClaimResult> claims)
    {
        string list = string.Join(", ", claims.Select(c => c.Text));
        if (list.Length > 0)
            WriteWrapped($"{label}: {list}", Indent, hanging: Indent + "  ");
    }

    /// <summary>Writes <paramref name="text"/> in lines of at most 100 columns.</summary>
    private void WriteWrapped(string text, string indent, string? hanging = null)
    {
        foreach (string line in TextWrapper.Wrap(text, Width, indent, hanging ?? indent))
            _out.WriteLine(line);
    }
}
