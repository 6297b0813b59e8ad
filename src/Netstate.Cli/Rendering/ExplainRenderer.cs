using System.Globalization;
using Netstate.Core.Aggregation;
using Netstate.Core.Kernel;
using Netstate.Core.Model;
using Netstate.Core.Owners;
using Netstate.Core.Tcp;
using Netstate.Core.Text;
using Netstate.Core.Tracing;

namespace Netstate.Cli.Rendering;

/// <summary>Writes <c>netstate explain</c>: one state in full, or the diagram of all of them. Only formats.</summary>
internal sealed class ExplainRenderer
{
    private const int Indent = 2;
    private readonly TextWriter _out;
    private readonly int _width;
    private readonly bool _ascii;

    public ExplainRenderer(TextWriter output, int width, bool ascii)
    {
        _out = output;
        _width = Math.Max(width, 40);
        _ascii = ascii;
    }

    /// <summary>The diagram with live counts, or a list when the terminal is too narrow for it.</summary>
    /// <param name="counts">Sockets per state, indexed by <see cref="TcpState"/>; -1 where unknown.</param>
    /// <param name="where">Where they were counted ("network namespace web", "all 5 network namespaces"); null: this machine.</param>
    public void WriteDiagram(int[] counts, string? where = null)
    {
        Paragraph($"TCP states (RFC 9293, section 3.3.2) with the number of sockets in each {(where is null ? "on this machine" : "in " + where)} now. Arrows are labelled \"event / segment sent\".", 0);
        _out.Write('\n');
        if (_width >= StateDiagramRenderer.DiagramWidth)
        {
            _out.Write(StateDiagramRenderer.Draw(counts, _ascii));
            _out.Write('\n');
        }
        else
        {
            WriteStateList(counts);
        }
        _out.Write('\n');
        string arrow = _ascii ? "->" : "→";
        Paragraph($"Not drawn: FIN_WAIT1 {arrow} TIME_WAIT when the peer's FIN also acknowledges ours (RFC 9293 note 2), and a reset (RST), which ends a connection in any state.", 0);
        Paragraph($"Linux: half-open connections (NEW_SYN_RECV) are counted in SYN_RECV; orphaned FIN_WAIT2 connections give up after tcp_fin_timeout; TIME_WAIT lasts 60 s.", 0);
        int bound = counts[(int)TcpState.BoundInactive];
        Paragraph(bound < 0
            ? "Bound but neither listening nor connecting (BOUND_INACTIVE): not known, only netlink lists them."
            : $"Bound but neither listening nor connecting (BOUND_INACTIVE): {Number(bound)}.", 0);
        Paragraph("More on a state: netstate explain STATE (for example netstate explain time-wait).", 0);
    }

    /// <summary>Everything about one state: the live sockets, the explanation, the transitions and the settings with their values.</summary>
    /// <param name="recorded">What a recording remembers of the state; null when there is none.</param>
    /// <param name="labs">The lab scenarios that show the state: name and one line of what they show.</param>
    public void WriteState(TcpStateInfo info, StateSockets sockets, IReadOnlyList<SysctlValue> settings, RecordedState? recorded = null,
        IReadOnlyList<(string Name, string Summary)>? labs = null) =>
        WriteState(info, [new ExplainPart(null, sockets, settings)], recorded, labs);

    /// <summary>One state explained once, with the live sockets and settings of each network namespace read (--net, --all-namespaces).</summary>
    public void WriteState(TcpStateInfo info, IReadOnlyList<ExplainPart> parts, RecordedState? recorded = null,
        IReadOnlyList<(string Name, string Summary)>? labs = null)
    {
        ArgumentNullException.ThrowIfNull(parts);
        TcpExplanation explanation = info.Explanation;
        Paragraph($"{info.NetstatName}: {info.Summary}", 0);
        if (AlsoWritten(info) is { } also)
            Paragraph(also, Indent);
        _out.Write('\n');

        foreach (ExplainPart part in parts)
            WriteLiveSockets(info, part.Sockets, part.Space);
        if (recorded is not null)
            WriteRecorded(info, recorded);

        foreach ((string heading, string text) in explanation.Sections)
        {
            _out.Write(heading);
            _out.Write('\n');
            Paragraph(text, Indent);
            if (heading == "Who is in it")
                Paragraph("From the state machine: " + TcpSideText.Describe(info.Sides) + ".", Indent);
            _out.Write('\n');
        }

        if (explanation.Myths.Count > 0)
        {
            _out.Write("Myths\n");
            foreach (TcpMyth myth in explanation.Myths)
            {
                Lines(TextWrapper.Wrap(myth.Claim, _width, "  Myth: ", "        "));
                Lines(TextWrapper.Wrap(myth.Fact, _width, "  Fact: ", "        "));
            }
            _out.Write('\n');
        }

        WriteTransitions(info.State);
        WriteLabs(info, labs ?? []);
        if (parts.Count == 1 && parts[0].Space is null)
        {
            WriteSettings(parts[0].Settings, "this machine's values");
            return;
        }
        // Namespaces with the same values share one list: most containers keep the defaults.
        bool first = true;
        foreach (var same in parts.GroupBy(p => string.Join('\n', p.Settings.Select(v => $"{v.Status}={v.Text}{v.Problem}")), StringComparer.Ordinal))
        {
            if (!first)
                _out.Write('\n');
            first = false;
            List<string> names = [.. same.Select(p => p.Space is { } space ? NamespaceHeading.Of(space) : "this machine")];
            string which = names.Count <= 3 ? string.Join("; ", names) : $"{string.Join("; ", names.Take(3))} and {Number(names.Count - 3)} more";
            WriteSettings(same.First().Settings, (names.Count == 1 ? "values in netns " : "same values in netns ") + which);
        }
    }

    private void WriteLiveSockets(TcpStateInfo info, StateSockets sockets, NetworkNamespace? space)
    {
        string counted = info.State == TcpState.NewSynRecv ? "SYN_RECV (which includes NEW_SYN_RECV)" : info.NetstatName;
        if (space is not null)
            counted += " in netns " + NamespaceHeading.Of(space);
        if (sockets.Count is not { } count)
        {
            Paragraph($"Sockets in {counted} now: unknown ({sockets.Why})", 0);
            _out.Write('\n');
            return;
        }
        Paragraph($"Sockets in {counted} now: {Number(count)}", 0);
        Top("Local ports", sockets.TopLocalPorts.Select(t => (t.Name, t.Count, "")));
        Top("Remote addresses", sockets.TopRemotes.Select(t => (t.Name, t.Count, PortText(sockets.RemotePorts, t.Key))));
        // "pid/name": the name is whatever the process chose.
        Top("Processes", sockets.TopProcesses.Select(t => (UntrustedText.Escape(t.Name), t.Count, "")));
        _out.Write('\n');
    }

    private void WriteRecorded(TcpStateInfo info, RecordedState recorded)
    {
        // The path is the user's (or the default); escaped like any other text from outside.
        Paragraph($"In the recording {UntrustedText.Escape(recorded.Where)}:", 0);
        string name = info.NetstatName;
        if (recorded.Growth.Count == 0)
            Paragraph($"The number of sockets in {name} is not growing at its last sample.", Indent);
        foreach (StateGrowth growth in recorded.Growth)
            Paragraph(Capital(growth.Describe()) + ".", Indent);
        if (recorded.Activity is not { } activity)
        {
            Paragraph("No state changes recorded.", Indent);
            _out.Write('\n');
            return;
        }
        string span = $"over the recording's last {StateGrowth.Spoken(activity.Until - activity.From)}, to {activity.Until.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC";
        string arrow = _ascii ? "->" : "→";
        Paragraph(info.State == TcpState.TimeWait
            ? $"Changes into TIME_WAIT are not traced: Linux moves the connection into a small timewait entry, and the trace shows the full socket going to CLOSE ({span})."
            : $"Changes into {name} {span}: {Changes(activity.Into, s => $"from {s}")}.", Indent);
        Paragraph($"Changes out of {name}: {Changes(activity.OutOf, s => $"{arrow} {s}")}.", Indent);
        if (activity.MedianStay is { } median && activity.LongStay is { } longStay)
        {
            Paragraph($"Time in {name} before leaving it: median {TraceTextRenderer.Duration(median)}, 90 % within {TraceTextRenderer.Duration(longStay)} "
                + $"({Number(activity.Stays)} sockets whose entry was traced).", Indent);
        }
        _out.Write('\n');
    }

    private static string Changes(IReadOnlyList<(TcpState State, long Count)> changes, Func<string, string> label) =>
        changes.Count == 0 ? "none" : string.Join(", ", changes.Select(c => $"{Number(c.Count)} {label(TcpStateCatalogue.Of(c.State).NetstatName)}"));

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>The state's other spellings, each once; null when ss and RFC 9293 write it as netstat does.</summary>
    private static string? AlsoWritten(TcpStateInfo info)
    {
        if (!info.IsRfcState)
            return info.SsName == info.NetstatName
                ? "A Linux state: RFC 9293 does not have it."
                : $"Shown as {info.SsName} by ss. A Linux state: RFC 9293 does not have it.";
        if (info.SsName == info.RfcName)
            return info.SsName == info.NetstatName ? null : $"Also written {info.SsName} (ss, RFC 9293).";
        return $"Also written {info.SsName} (ss) and {info.RfcName} (RFC 9293).";
    }

    /// <param name="top">Each entry's name, count, and what follows the count (the ports seen, or nothing).</param>
    private void Top(string label, IEnumerable<(string Name, int Count, string After)> top)
    {
        string list = string.Join(", ", top.Select(t => $"{t.Name} ({Number(t.Count)}{t.After})"));
        if (list.Length == 0)
            return;
        Lines(TextWrapper.Wrap(list, _width, $"  {label}: ", "    "));
    }

    private void WriteTransitions(TcpState state)
    {
        _out.Write("Transitions\n");
        string arrow = _ascii ? "->" : "→";
        foreach (TcpTransition t in TcpStateMachine.Into(state).Concat(TcpStateMachine.From(state)))
        {
            string from = TcpStateCatalogue.Of(t.From).NetstatName, to = TcpStateCatalogue.Of(t.To).NetstatName;
            string origin = t.Origin switch
            {
                TransitionOrigin.Rfc9293Diagram => "RFC 9293",
                TransitionOrigin.Rfc9293Note => "RFC 9293 note",
                _ => "Linux",
            };
            string path = t.Path switch
            {
                TcpPath.SimultaneousOpen => ", simultaneous open",
                TcpPath.SimultaneousClose => ", simultaneous close",
                TcpPath.Rare => ", rare",
                _ => "",
            };
            string text = $"{from} {arrow} {to} ({origin}{path}): {t.Event.Plain} [{t.Event.Rfc}]; sends {TcpControlText.Describe(t.Sends)}.";
            if (t.Note is not null)
                text += " " + t.Note;
            Lines(TextWrapper.Wrap(text, _width, "  ", "      "));
        }
        _out.Write('\n');
    }

    private void WriteLabs(TcpStateInfo info, IReadOnlyList<(string Name, string Summary)> labs)
    {
        if (labs.Count == 0)
            return;
        _out.Write("See it happen (root)\n");
        foreach ((string name, string summary) in labs)
            Lines(TextWrapper.Wrap($"sudo netstate lab {name}: {summary}", _width, "  ", "      "));
        Paragraph($"Each lab shows its sockets entering and leaving {info.NetstatName} by the transitions above.", Indent);
        _out.Write('\n');
    }

    private void WriteSettings(IReadOnlyList<SysctlValue> settings, string whose)
    {
        Paragraph($"Kernel settings ({whose})", 0);
        if (settings.Count == 0)
            Paragraph("None governs this state.", Indent);
        foreach (SysctlValue value in settings)
        {
            Lines(value.Status == SysctlStatus.Present
                // A replayed --proc-root tree is someone's capture: its values and paths are escaped.
                ? TextWrapper.Wrap(UntrustedText.Escape(value.Text!), _width, $"  {value.Setting.Name} = ", "      ")
                : TextWrapper.Wrap(UntrustedText.Escape(value.Problem!), _width, $"  {value.Setting.Name}: ", "      "));
            Paragraph($"{value.Setting.Meaning} Default: {value.Setting.Default}.", Indent + 4);
        }
    }

    /// <summary>Each state with its count and summary, for terminals narrower than the diagram.</summary>
    private void WriteStateList(int[] counts)
    {
        foreach (TcpState state in StateDiagramRenderer.DrawnStates)
        {
            TcpStateInfo info = TcpStateCatalogue.Of(state);
            string head = $"{info.NetstatName} {StateDiagramRenderer.Compact(counts[(int)state])}: ";
            Lines(TextWrapper.Wrap(info.Summary, _width, head, "    "));
        }
    }

    private void Paragraph(string text, int indent) => Lines(TextWrapper.Wrap(text, _width, indent));

    private void Lines(List<string> lines)
    {
        foreach (string line in lines)
        {
            _out.Write(line);
            _out.Write('\n');
        }
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string PortText(IReadOnlyDictionary<InetAddress, (ushort Low, ushort High)>? ports, InetAddress address) =>
        ports is null || !ports.TryGetValue(address, out var seen) ? ""
        : seen.Low == seen.High ? $", port {seen.Low.ToString(CultureInfo.InvariantCulture)}"
        : $", ports {seen.Low.ToString(CultureInfo.InvariantCulture)}-{seen.High.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>The sockets of one state as explain shows them: how many, and who holds most of them (raw data; the renderer writes and escapes it).</summary>
/// <param name="Count">The number of sockets; null when this run cannot know.</param>
/// <param name="Why">Why the count is unknown; null when it is known.</param>
internal sealed record StateSockets(int? Count, string? Why)
{
    public IReadOnlyList<Ranked<ushort>> TopLocalPorts { get; init; } = [];

    public IReadOnlyList<Ranked<InetAddress>> TopRemotes { get; init; } = [];

    /// <summary>
    /// The lowest and highest remote port seen per remote address (as named in <see cref="TopRemotes"/>),
    /// for states where the port tells something; null for the others.
    /// </summary>
    public IReadOnlyDictionary<InetAddress, (ushort Low, ushort High)>? RemotePorts { get; init; }

    /// <summary>The holders, named "pid/program" (raw).</summary>
    public IReadOnlyList<Ranked<ProcessInfo>> TopProcesses { get; init; } = [];
}

/// <summary>What explain shows of one network namespace: its sockets in the state, and its settings; <see cref="Space"/> null for netstate's own, unnamed.</summary>
internal sealed record ExplainPart(NetworkNamespace? Space, StateSockets Sockets, IReadOnlyList<SysctlValue> Settings);

/// <summary>What a recording remembers of one state, as explain shows it (raw data).</summary>
/// <param name="Where">The recording's file.</param>
/// <param name="Growth">The rises up to the last sample: all sockets in the state first, then the busiest ports; empty when none rises.</param>
/// <param name="Activity">The changes into and out of the state over the recording's last hour; null when none was recorded.</param>
internal sealed record RecordedState(string Where, IReadOnlyList<StateGrowth> Growth, StateActivity? Activity);
