using System.Globalization;
using Netstate.Core.Model;
using Netstate.Core.Tracing;
using Netstate.Core.Vocabulary;

namespace Netstate.Cli.Rendering;

/// <summary>Traced events or lifetimes as CSV rows (RFC 4180, cells made safe as for listings); the header comes with the first row.</summary>
internal sealed class TraceCsvRenderer(TextWriter output) : ITraceRenderer
{
    private static readonly string[] EventColumns = ["type", "time", "pid", "program", "family", "local_address", "local_port", "remote_address", "remote_port", "old_state", "new_state", "in_old_state_us", "event", "owner_from"];
    private static readonly string[] LifetimeColumns = ["start", "end", "duration_us", "pid", "program", "family", "local_address", "local_port", "remote_address", "remote_port", "bytes_sent", "bytes_received", "ended", "last_state", "owner_from"];
    private readonly LineBuffer _line = new();
    private bool _headerWritten;

    public void Header(bool lifetimes)
    {
        if (_headerWritten)
            return;
        CsvCells.Header(_line.Clear(), lifetimes ? LifetimeColumns : EventColumns);
        _line.WriteTo(output);
        _headerWritten = true;
    }

    public void Event(TcpTraceEvent traced)
    {
        TcpTraceRecord r = traced.Record;
        _line.Clear();
        Cells(TraceWords.Kind(r.Kind), Time(traced.Time));
        CsvCells.Number(_line, traced.Owner is { } o ? (ulong)o.Pid : null).Append(',');
        CsvCells.Text(_line, traced.Owner?.ProgramNameText).Append(',');
        Endpoints(r.Family, r.Local, r.Remote);
        CsvCells.Text(_line, State(r.OldState)).Append(',');
        CsvCells.Text(_line, State(r.NewState)).Append(',');
        CsvCells.Number(_line, traced.TimeInOldState is { } spent ? (ulong)spent.TotalMicroseconds : null).Append(',');
        CsvCells.Text(_line, traced.Explanation?.Rfc).Append(',');
        CsvCells.Text(_line, TraceWords.OwnerSource(traced.OwnerSource));
        _line.Append(CsvCells.LineEnd).WriteTo(output);
    }

    public void Lifetime(TcpLifetime lifetime)
    {
        _line.Clear();
        Cells(lifetime.Start is { } start ? Time(start) : null, Time(lifetime.End));
        CsvCells.Number(_line, lifetime.Duration is { } d ? (ulong)d.TotalMicroseconds : null).Append(',');
        CsvCells.Number(_line, lifetime.Owner is { } o ? (ulong)o.Pid : null).Append(',');
        CsvCells.Text(_line, lifetime.Owner?.ProgramNameText).Append(',');
        Endpoints(lifetime.Family, lifetime.Local, lifetime.Remote);
        CsvCells.Number(_line, lifetime.BytesSent).Append(',');
        CsvCells.Number(_line, lifetime.BytesReceived).Append(',');
        CsvCells.Text(_line, TraceWords.EndingKey(lifetime.Ending)).Append(',');
        CsvCells.Text(_line, State(lifetime.LastState)).Append(',');
        CsvCells.Text(_line, TraceWords.OwnerSource(lifetime.OwnerSource));
        _line.Append(CsvCells.LineEnd).WriteTo(output);
    }

    public void Lost(long count, bool uncounted)
    {
        // A recording has no gaps to mark: the trace that made it reported them when they happened.
    }

    private void Cells(string? first, string? second)
    {
        CsvCells.Text(_line, first).Append(',');
        CsvCells.Text(_line, second).Append(',');
    }

    private void Endpoints(Family family, Endpoint local, Endpoint remote)
    {
        CsvCells.Text(_line, family == Family.Inet ? "inet" : "inet6").Append(',');
        CsvCells.Text(_line, local.Address.ToString()).Append(',');
        CsvCells.Number(_line, local.Port).Append(',');
        CsvCells.Text(_line, remote.Address.ToString()).Append(',');
        CsvCells.Number(_line, remote.Port).Append(',');
    }

    private static string? State(TcpState state) => state == TcpState.Unknown ? null : TcpStateText.Name(state, Dialect.Netstat);

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);
}
