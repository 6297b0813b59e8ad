using System.Globalization;
using System.Net;
using Netstate.Cli.Arguments;
using Netstate.Cli.Recording;
using Netstate.Cli.Rendering;
using Netstate.Cli.Rendering.Json;
using Netstate.Core.Aggregation;
using Netstate.Core.Model;
using Netstate.Core.Owners;
using Netstate.Core.Tcp;
using Netstate.Core.Tracing;
using Netstate.Core.Vocabulary;

namespace Netstate.Cli.Commands;

/// <summary><c>netstate history</c>: what a recording holds between two times, filtered, listed or counted.</summary>
internal sealed class HistoryCommand(HistoryOptions options, TextWriter stdout, TextWriter stderr)
{
    public const string Usage = """
        usage: netstate history [--db FILE] [--since WHEN] [--until WHEN]
                                [--lifetimes | --counts] [--count-by KEYS [--top N]]
                                [--jsonl | --json | --csv] [FILTER]

        Reads a recording made by 'netstate record': state changes (the default),
        connection lifetimes (--lifetimes) or the periodic socket counts (--counts).

              --db FILE        the recording (default as for record)
              --since WHEN     from WHEN: 10m or 2h (ago), now, or 2026-12-02 08:00
              --until WHEN     up to WHEN (same forms)
              --lifetimes      connections that ended: bytes, duration, how they ended
              --counts         sockets per state, local port and program over time
              --count-by KEYS  count the changes or lifetimes by state, local-port,
                               remote-addr, remote-port, process (comma separated)
              --top N          with --count-by: the N largest groups
              --jsonl          one JSON document per line
              --json           JSON (one document with --count-by; else as --jsonl)
              --csv            CSV (RFC 4180)
              --filter EXPR    the filter (or give it after the options)
          -h, --help           show this help
        """;

    private const ulong RowInode = 1;

    public ReturnCode Run()
    {
        if (options.Help)
        {
            stdout.Write(Usage);
            return ReturnCode.Success;
        }
        string path = options.Database ?? TraceDatabase.DefaultPath;
        using TraceDatabase database = TraceDatabase.Open(path, create: false);
        long since = options.Since == DateTimeOffset.MinValue ? long.MinValue : TraceDatabase.Micros(options.Since);
        long until = options.Until == DateTimeOffset.MaxValue ? long.MaxValue : TraceDatabase.Micros(options.Until);
        string table = options.Table switch { HistoryTable.Lifetimes => "lifetimes", HistoryTable.Counts => "counts", _ => "transitions" };
        if (database.Count(table) == 0)
        {
            stderr.WriteLine($"netstate: the recording {path} holds no {(options.Table == HistoryTable.Counts ? "socket counts" : table)} yet");
            return ReturnCode.Success;
        }
        if (options.Table == HistoryTable.Counts)
            return Counts(database, since, until);

        bool lifetimes = options.Table == HistoryTable.Lifetimes;
        IEnumerable<object?[]> rows = database.Rows(table, lifetimes ? "end_us" : "time_us", since, until);
        var events = new List<TcpTraceEvent>();
        var ended = new List<TcpLifetime>();
        foreach (object?[] row in rows)
        {
            if (lifetimes)
            {
                TcpLifetime lifetime = LifetimeOf(row);
                if (options.Filter is null || TraceSelection.Matches(options.Filter, lifetime))
                    ended.Add(lifetime);
            }
            else
            {
                TcpTraceEvent traced = EventOf(row);
                if (options.Filter is null || TraceSelection.Matches(options.Filter, traced))
                    events.Add(traced);
            }
        }
        if (options.CountBy.Count > 0)
            return CountBy(lifetimes ? ended.Select(l => (Entry(l.Family, l.Local, l.Remote, l.LastState), l.Owner)) : events.Select(e => (Entry(e.Record.Family, e.Record.Local, e.Record.Remote, e.Record.NewState == TcpState.Unknown ? e.Record.OldState : e.Record.NewState), e.Owner)));

        ITraceRenderer renderer = options.Csv ? new TraceCsvRenderer(stdout) : options.JsonLines || options.Json ? new TraceJsonRenderer(stdout) : new TraceTextRenderer(stdout);
        renderer.Header(lifetimes);
        foreach (TcpTraceEvent e in events)
            renderer.Event(e);
        foreach (TcpLifetime l in ended)
            renderer.Lifetime(l);
        return ReturnCode.Success;
    }

    private ReturnCode CountBy(IEnumerable<(SocketEntry Entry, ProcessInfo? Owner)> rows)
    {
        // Each row becomes a socket of its own (a distinct inode) with its owner, so the listing's counter groups them.
        var entries = new List<SocketEntry>();
        var owners = new List<(ulong, ProcessInfo)>();
        ulong inode = RowInode;
        foreach ((SocketEntry entry, ProcessInfo? owner) in rows)
        {
            inode++;
            entries.Add(WithInode(entry, owner is null ? 0 : inode));
            if (owner is not null)
                owners.Add((inode, owner));
        }
        SocketCounts counts = new SocketCounter(options.CountBy, Dialect.Netstat).Count(entries, OwnerMap.Of(owners), options.Top);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        if (options.Csv)
            new CsvListingRenderer(stdout, info: false, memory: false).WriteCounts(counts, now);
        else if (options.Json || options.JsonLines)
            new JsonListingRenderer(stdout, lines: options.JsonLines).WriteCounts(counts, now);
        else
            CountTableWriter.Write(stdout, counts);
        return ReturnCode.Success;
    }

    private ReturnCode Counts(TraceDatabase database, long since, long until)
    {
        bool csv = options.Csv, json = options.Json || options.JsonLines;
        if (csv)
            stdout.Write("time,state,local_port,program,count\r\n");
        else if (!json)
            stdout.WriteLine("TIME                 State        Local port  Program            Count");
        var line = new LineBuffer();
        foreach (object?[] row in database.Rows("counts", "time_us", since, until))
        {
            DateTimeOffset time = TraceDatabase.FromMicros((long)row[0]!);
            string state = (string)row[1]!;
            long port = (long)row[2]!;
            string? program = row[3] as string;
            long count = (long)row[4]!;
            if (options.Filter is not null)
            {
                TcpState parsed = TcpStateText.TryParse(state, out TcpState s) ? s : TcpState.Unknown;
                var entry = Entry(Family.Inet, new Endpoint(InetAddress.AnyV4, (ushort)port), default, parsed);
                ProcessInfo? owner = program is null ? null : new ProcessInfo(0, Core.Text.RawText.ToBytes(program));
                if (!options.Filter.Matches(WithInode(entry, owner is null ? 0 : RowInode), owner is null ? null : OwnerMap.Of([(RowInode, owner)])))
                    continue;
            }
            if (csv)
            {
                CsvCells.Text(line.Clear(), time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)).Append(',');
                CsvCells.Text(line, state).Append(',');
                CsvCells.Number(line, (ulong)port).Append(',');
                CsvCells.Text(line, program).Append(',');
                CsvCells.Number(line, (ulong)count).Append(CsvCells.LineEnd).WriteTo(stdout);
            }
            else if (json)
            {
                stdout.WriteLine(System.Text.Json.JsonSerializer.Serialize(new HistoryCount(1, time, state, (int)port, JsonText.Text(program), JsonText.Bytes(program), count),
                    HistoryJsonContext.Default.HistoryCount));
            }
            else
            {
                stdout.WriteLine($"{time.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),-20} {state,-12} {port,10}  {Core.Text.UntrustedText.Escape(program ?? "-"),-18} {count,5}");
            }
        }
        return ReturnCode.Success;
    }

    private static TcpTraceEvent EventOf(object?[] row)
    {
        // time_us, kind, pid, program, family, local_address, local_port, remote_address, remote_port, old_state, new_state, in_old_state_us, event
        TcpTraceEventKind kind = (string)row[1]! switch
        {
            "retransmit" => TcpTraceEventKind.Retransmit,
            "reset_sent" => TcpTraceEventKind.ResetSent,
            "reset_received" => TcpTraceEventKind.ResetReceived,
            _ => TcpTraceEventKind.StateChange,
        };
        TcpState old = State(row[9]), next = State(row[10]);
        var record = new TcpTraceRecord(kind, 0, 0, FamilyOf(row[4]), EndpointOf(row[5], row[6]), EndpointOf(row[7], row[8]), old, next, null);
        ProcessInfo? owner = OwnerOf(row[2], row[3]);
        return new TcpTraceEvent(record, TraceDatabase.FromMicros((long)row[0]!), owner, TraceWords.OwnerSourceOf(row.Length > 13 ? row[13] as string : null, owner is not null),
            row[11] is long spent ? TimeSpan.FromTicks(spent * 10) : null,
            kind == TcpTraceEventKind.StateChange ? TracedTransition.Explain(old, next) : null);
    }

    private static TcpLifetime LifetimeOf(object?[] row)
    {
        // start_us, end_us, duration_us, pid, program, family, local_address, local_port, remote_address, remote_port, bytes_sent, bytes_received, ended, last_state
        ProcessInfo? owner = OwnerOf(row[3], row[4]);
        TcpEnding ending = (string)row[12]! switch
        {
            "closed" => TcpEnding.Closed,
            "reset_received" => TcpEnding.ResetReceived,
            "reset_sent" => TcpEnding.ResetSent,
            "timeout" => TcpEnding.Timeout,
            _ => TcpEnding.Aborted,
        };
        return new TcpLifetime(row[0] is long start ? TraceDatabase.FromMicros(start) : null, TraceDatabase.FromMicros((long)row[1]!),
            FamilyOf(row[5]), EndpointOf(row[6], row[7]), EndpointOf(row[8], row[9]), owner, TraceWords.OwnerSourceOf(row.Length > 14 ? row[14] as string : null, owner is not null),
            row[10] is long sent ? (ulong)sent : null, row[11] is long received ? (ulong)received : null, ending, State(row[13]), 0);
    }

    private static ProcessInfo? OwnerOf(object? pid, object? program) =>
        pid is long p && program is string name ? new ProcessInfo((int)p, Core.Text.RawText.ToBytes(name)) : null;

    private static Family FamilyOf(object? family) => family as string == "inet6" ? Family.Inet6 : Family.Inet;

    private static Endpoint EndpointOf(object? address, object? port) =>
        new(IPAddress.TryParse(address as string, out IPAddress? parsed) ? InetAddress.FromIPAddress(parsed) : InetAddress.AnyV4, (ushort)(long)(port ?? 0L));

    private static TcpState State(object? name) => name is string text && TcpStateText.TryParse(text, out TcpState state) ? state : TcpState.Unknown;

    private static SocketEntry Entry(Family family, Endpoint local, Endpoint remote, TcpState state) =>
        new() { Protocol = Protocol.Tcp, Family = family, Local = local, Remote = remote, RawState = (byte)state };

    private static SocketEntry WithInode(SocketEntry entry, ulong inode) =>
        new() { Protocol = entry.Protocol, Family = entry.Family, Local = entry.Local, Remote = entry.Remote, RawState = entry.RawState, Inode = inode };
}

/// <summary>One sample row of --counts in JSON.</summary>
internal sealed record HistoryCount(int Version, DateTimeOffset Time, string State, int LocalPort, string? Program, string? ProgramBytes, long Count);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.SnakeCaseLower)]
[System.Text.Json.Serialization.JsonSerializable(typeof(HistoryCount))]
internal sealed partial class HistoryJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
