using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Netstate.Cli.Rendering.Json;
using Netstate.Core.Model;
using Netstate.Core.Owners;
using Netstate.Core.Text;
using Netstate.Core.Tracing;
using Netstate.Core.Vocabulary;

namespace Netstate.Cli.Rendering;

/// <summary>Writes what <c>netstate trace</c> and <c>netstate life</c> see, one line per event or connection.</summary>
internal interface ITraceRenderer
{
    void Header(bool lifetimes);

    void Event(TcpTraceEvent traced);

    void Lifetime(TcpLifetime lifetime);

    /// <summary>The kernel dropped events; <paramref name="uncounted"/> when it did not say how many.</summary>
    void Lost(long count, bool uncounted);
}

/// <summary>Columns for people: time, owner, endpoints, the change and what explains it.</summary>
internal sealed class TraceTextRenderer(TextWriter output) : ITraceRenderer
{
    public void Header(bool lifetimes) => output.WriteLine(lifetimes
        ? "END           PID/Program        Local Address          Foreign Address        Sent      Received  Duration    Ended"
        : "TIME          PID/Program        Local Address          Foreign Address        Change                         In old     Event");

    public void Event(TcpTraceEvent traced)
    {
        TcpTraceRecord r = traced.Record;
        string change = r.Kind switch
        {
            TcpTraceEventKind.StateChange => $"{State(r.OldState)} -> {State(r.NewState)}",
            TcpTraceEventKind.Retransmit => $"RETRANSMIT in {State(r.OldState)}",
            TcpTraceEventKind.ResetSent => r.OldState == TcpState.Unknown ? "RESET sent" : $"RESET sent in {State(r.OldState)}",
            _ => "RESET received",
        };
        var line = new StringBuilder(160);
        line.Append(Time(traced.Time)).Append("  ")
            .Append(Pad(Owner(traced.Owner, traced.OwnerSource), 17)).Append(' ')
            .Append(Pad(EndpointText.Format(r.Local, Dialect.Netstat), 22)).Append(' ')
            .Append(Pad(EndpointText.Format(r.Remote, Dialect.Netstat), 22)).Append(' ')
            .Append(Pad(change, 30)).Append(' ')
            .Append(Pad(traced.TimeInOldState is { } spent ? Duration(spent) : "-", 10)).Append(' ')
            .Append(traced.Explanation?.Rfc ?? "-");
        output.WriteLine(line.ToString().TrimEnd());
    }

    public void Lifetime(TcpLifetime lifetime)
    {
        var line = new StringBuilder(160);
        line.Append(Time(lifetime.End)).Append("  ")
            .Append(Pad(Owner(lifetime.Owner, lifetime.OwnerSource), 17)).Append(' ')
            .Append(Pad(EndpointText.Format(lifetime.Local, Dialect.Netstat), 22)).Append(' ')
            .Append(Pad(EndpointText.Format(lifetime.Remote, Dialect.Netstat), 22)).Append(' ')
            .Append(Pad(Bytes(lifetime.BytesSent), 9)).Append(' ')
            .Append(Pad(Bytes(lifetime.BytesReceived), 9)).Append(' ')
            .Append(Pad(lifetime.Duration is { } d ? Duration(d) : "-", 11)).Append(' ')
            .Append(TraceWords.Ending(lifetime.Ending, lifetime.LastState));
        output.WriteLine(line.ToString());
    }

    public void Lost(long count, bool uncounted)
    {
        // In the table too, so a reader of the output alone knows it has gaps.
        output.WriteLine(uncounted ? "-- the kernel dropped events here (its trace buffer was full) --" : $"-- the kernel dropped {count} events here (its trace buffer was full) --");
    }

    private static string State(TcpState state) => state == TcpState.Unknown ? "?" : TcpStateText.Name(state, Dialect.Netstat);

    private static string Time(DateTimeOffset time) => time.ToLocalTime().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);

    /// <summary>"pid/name"; "~pid/name" when it is a guess (a caller that had exited, named from the tracer's records).</summary>
    private static string Owner(ProcessInfo? owner, OwnerSource source) =>
        owner is null ? "-" : $"{(source == OwnerSource.ExitedCaller ? "~" : "")}{owner.Pid}/{UntrustedText.Escape(owner.ProgramNameText)}";

    private static string Bytes(ulong? bytes) => bytes?.ToString(CultureInfo.InvariantCulture) ?? "-";

    private static string Pad(string text, int width) => text.Length >= width ? text : text.PadRight(width);

    /// <summary>Microseconds under a millisecond, milliseconds under ten seconds, then seconds, minutes, whole days or hours.</summary>
    internal static string Duration(TimeSpan span) => span.TotalMilliseconds switch
    {
        < 1 => $"{span.TotalMicroseconds.ToString("0", CultureInfo.InvariantCulture)}us",
        < 10_000 => $"{span.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)}ms",
        < 600_000 => $"{span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}s",
        < 86_400_000 => $"{(int)span.TotalMinutes}m{span.Seconds:00}s",
        _ => span.Ticks % TimeSpan.TicksPerDay == 0 ? $"{(int)span.TotalDays}d" : $"{span.TotalHours.ToString("0.#", CultureInfo.InvariantCulture)}h",
    };
}

/// <summary>One JSON document per line: "type" says which (state_change, retransmit, reset_sent, reset_received, lifetime, lost).</summary>
internal sealed class TraceJsonRenderer : ITraceRenderer
{
    private readonly TextWriter _output;
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly JsonWriterOptions _options = new() { Encoder = TerminalSafeJsonEncoder.Instance };

    public TraceJsonRenderer(TextWriter output) => _output = output;

    public void Header(bool lifetimes)
    {
    }

    public void Event(TcpTraceEvent traced)
    {
        TcpTraceRecord r = traced.Record;
        Write(writer =>
        {
            writer.WriteString("type", TraceWords.Kind(r.Kind));
            writer.WriteString("time", traced.Time);
            writer.WriteNumber("timestamp_ns", r.Timestamp);
            writer.WriteString("socket", r.Socket.ToString("x", CultureInfo.InvariantCulture));
            Endpoints(writer, r.Family, r.Local, r.Remote);
            writer.WriteString("old_state", r.OldState == TcpState.Unknown ? null : TcpStateText.Name(r.OldState, Dialect.Netstat));
            writer.WriteString("new_state", r.NewState == TcpState.Unknown ? null : TcpStateText.Name(r.NewState, Dialect.Netstat));
            if (traced.TimeInOldState is { } spent)
                writer.WriteNumber("in_old_state_us", (long)spent.TotalMicroseconds);
            else
                writer.WriteNull("in_old_state_us");
            writer.WriteString("event_rfc", traced.Explanation?.Rfc);
            writer.WriteString("event", traced.Explanation?.Plain);
            Owner(writer, traced.Owner, traced.OwnerSource);
        });
    }

    public void Lifetime(TcpLifetime lifetime) => Write(writer =>
    {
        writer.WriteString("type", "lifetime");
        if (lifetime.Start is { } start)
            writer.WriteString("start", start);
        else
            writer.WriteNull("start");
        writer.WriteString("end", lifetime.End);
        if (lifetime.Duration is { } duration)
            writer.WriteNumber("duration_us", (long)duration.TotalMicroseconds);
        else
            writer.WriteNull("duration_us");
        Endpoints(writer, lifetime.Family, lifetime.Local, lifetime.Remote);
        Number(writer, "bytes_sent", lifetime.BytesSent);
        Number(writer, "bytes_received", lifetime.BytesReceived);
        writer.WriteString("ended", TraceWords.EndingKey(lifetime.Ending));
        writer.WriteString("last_state", TcpStateText.Name(lifetime.LastState, Dialect.Netstat));
        writer.WriteNumber("retransmits", lifetime.Retransmits);
        Owner(writer, lifetime.Owner, lifetime.OwnerSource);
    });

    public void Lost(long count, bool uncounted) => Write(writer =>
    {
        writer.WriteString("type", "lost");
        if (uncounted)
            writer.WriteNull("count");
        else
            writer.WriteNumber("count", count);
    });

    private static void Endpoints(Utf8JsonWriter writer, Family family, Endpoint local, Endpoint remote)
    {
        writer.WriteString("family", family == Family.Inet ? "inet" : "inet6");
        writer.WriteString("local_address", local.Address.ToString());
        writer.WriteNumber("local_port", local.Port);
        writer.WriteString("remote_address", remote.Address.ToString());
        writer.WriteNumber("remote_port", remote.Port);
    }

    private static void Owner(Utf8JsonWriter writer, ProcessInfo? owner, OwnerSource source)
    {
        if (owner is null)
            writer.WriteNull("pid");
        else
            writer.WriteNumber("pid", owner.Pid);
        writer.WriteString("program", JsonText.Text(owner?.ProgramNameText));
        writer.WriteString("program_bytes", JsonText.Bytes(owner?.ProgramNameText));
        writer.WriteString("owner_from", TraceWords.OwnerSource(source));
    }

    private static void Number(Utf8JsonWriter writer, string name, ulong? value)
    {
        if (value is { } v)
            writer.WriteNumber(name, v);
        else
            writer.WriteNull(name);
    }

    private void Write(Action<Utf8JsonWriter> body)
    {
        _buffer.Clear();
        using (var writer = new Utf8JsonWriter(_buffer, _options))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", 1);
            body(writer);
            writer.WriteEndObject();
        }
        _output.WriteLine(Encoding.UTF8.GetString(_buffer.WrittenSpan));
    }
}

/// <summary>The words for kinds of events and endings, shared by both renderers.</summary>
internal static class TraceWords
{
    /// <summary>How an owner was learnt, as JSON, CSV and the recording write it; null when there is no owner.</summary>
    public static string? OwnerSource(OwnerSource source) => source switch
    {
        Core.Tracing.OwnerSource.Caller => "caller",
        Core.Tracing.OwnerSource.Scan => "scan",
        Core.Tracing.OwnerSource.ExitedCaller => "exited_caller",
        _ => null,
    };

    /// <summary>The owner source a recording stored; a recording made before the column existed said only "caller".</summary>
    public static OwnerSource OwnerSourceOf(string? key, bool hasOwner) => key switch
    {
        "scan" => Core.Tracing.OwnerSource.Scan,
        "exited_caller" => Core.Tracing.OwnerSource.ExitedCaller,
        _ => hasOwner ? Core.Tracing.OwnerSource.Caller : Core.Tracing.OwnerSource.Unknown,
    };

    public static string Kind(TcpTraceEventKind kind) => kind switch
    {
        TcpTraceEventKind.StateChange => "state_change",
        TcpTraceEventKind.Retransmit => "retransmit",
        TcpTraceEventKind.ResetSent => "reset_sent",
        _ => "reset_received",
    };

    public static string EndingKey(TcpEnding ending) => ending switch
    {
        TcpEnding.Closed => "closed",
        TcpEnding.ResetReceived => "reset_received",
        TcpEnding.ResetSent => "reset_sent",
        TcpEnding.Timeout => "timeout",
        _ => "aborted",
    };

    public static string Ending(TcpEnding ending, TcpState last) => ending switch
    {
        TcpEnding.Closed => $"closed (from {TcpStateText.Name(last, Dialect.Netstat)})",
        TcpEnding.ResetReceived => last == TcpState.SynSent ? "refused (reset received)" : "reset received",
        TcpEnding.ResetSent => "reset sent",
        TcpEnding.Timeout => "connect timed out or was abandoned",
        _ => $"aborted (from {TcpStateText.Name(last, Dialect.Netstat)})",
    };
}
