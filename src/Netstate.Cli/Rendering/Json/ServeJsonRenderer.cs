using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Netstate.Cli.Serve;
using Netstate.Core.Aggregation;
using Netstate.Core.Model;
using Netstate.Core.Owners;
using Netstate.Core.Query;
using Netstate.Core.Tcp;
using Netstate.Core.Vocabulary;

namespace Netstate.Cli.Rendering.Json;

/// <summary>
/// The documents of <c>netstate serve</c>'s API other than the listing (which is --json's own):
/// the summary, one state explained, live updates for the page, and errors. Written with
/// Utf8JsonWriter and the same escaping as --json; sockets inside them use --json's socket object.
/// </summary>
internal static class ServeJsonRenderer
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = TerminalSafeJsonEncoder.Instance };

    /// <summary><c>/api/summary</c>: counts per protocol and family, TCP sockets per state, listeners, the reading's cost.</summary>
    public static byte[] Summary(LiveReading reading)
    {
        SocketSummary summary = SocketSummary.Count(reading.Snapshot.Entries);
        return Write("summary", reading, writer =>
        {
            writer.WriteNumber("sockets", summary.Total);
            writer.WriteStartArray("by_protocol");
            foreach (Protocol protocol in Enum.GetValues<Protocol>())
            {
                foreach (Family family in protocol == Protocol.Unix ? [Family.Unix] : (Family[])[Family.Inet, Family.Inet6])
                {
                    writer.WriteStartObject();
                    writer.WriteString("protocol", ProtocolText.Of(protocol, Dialect.Filter));
                    writer.WriteString("family", ProtocolText.Of(family));
                    writer.WriteNumber("count", summary.Count(protocol, family));
                    writer.WriteEndObject();
                }
            }
            writer.WriteEndArray();
            WriteTcpStates(writer, summary);
            writer.WriteNumber("findings", reading.Findings.Count);
        });
    }

    /// <summary><c>/api/explain/STATE</c>: the catalogue's explanation with this machine's sockets in the state.</summary>
    public static byte[] Explain(TcpStateInfo info, LiveReading reading, int top)
    {
        TcpState state = info.State == TcpState.NewSynRecv ? TcpState.SynRecv : info.State;
        var ports = new KeyCounts<ushort>();
        var processes = new KeyCounts<ProcessInfo>(ReferenceEqualityComparer.Instance);
        int count = 0;
        foreach (SocketEntry entry in reading.Tcp.Entries)
        {
            if (entry.TcpState != state)
                continue;
            count++;
            ports.Add(entry.Local.Port);
            if (entry.Inode != 0 && reading.Snapshot.Owners?.First(entry.Inode) is { } owner)
                processes.Add(owner.Process);
        }
        return Write("explain", reading, writer =>
        {
            writer.WriteString("state", info.NetstatName);
            writer.WriteString("ss_name", info.SsName);
            writer.WriteString("rfc_name", info.RfcName);
            writer.WriteString("summary", info.Summary);
            writer.WriteStartObject("explanation");
            foreach ((string heading, string text) in info.Explanation.Sections)
                writer.WriteString(heading, text);
            writer.WriteEndObject();
            // BOUND_INACTIVE sockets are not in the reading (they need a dump of their own): no count rather than a wrong 0.
            if (info.State == TcpState.BoundInactive)
                writer.WriteNull("count");
            else
                writer.WriteNumber("count", count);
            writer.WriteStartArray("top_local_ports");
            foreach (Ranked<ushort> port in ports.Top(top, p => p.ToString(CultureInfo.InvariantCulture)))
            {
                writer.WriteStartObject();
                writer.WriteNumber("port", port.Key);
                writer.WriteNumber("count", port.Count);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartArray("top_processes");
            foreach (Ranked<ProcessInfo> process in processes.Top(top, p => $"{p.Pid.ToString(CultureInfo.InvariantCulture)}/{p.ProgramNameText}"))
            {
                writer.WriteStartObject();
                writer.WriteNumber("pid", process.Key.Pid);
                writer.WriteString("program", JsonText.Text(process.Key.ProgramNameText));
                writer.WriteNumber("count", process.Count);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        });
    }

    /// <summary>
    /// One live update for the page, on one line (a server-sent event's data): the first
    /// <paramref name="limit"/> sockets the filter keeps, which of them are new since the reading
    /// this page was sent before (indexes into "sockets"), the ones that closed since, state counts,
    /// the diagram and doctor's report.
    /// </summary>
    /// <param name="reading">The reading to send.</param>
    /// <param name="sent">The reading this page got last; null for its first update (nothing is marked).</param>
    /// <param name="filter">The page's filter; null keeps every socket.</param>
    /// <param name="limit">How many sockets to send at most.</param>
    /// <param name="sockets">Writes each socket as --json does.</param>
    public static byte[] Update(LiveReading reading, LiveReading? sent, SocketFilter? filter, int limit, JsonListingRenderer sockets)
    {
        OwnerMap? owners = reading.Snapshot.Owners;
        // A page that missed a reading (a slow client, readings asked for by others) is compared with what it saw.
        SnapshotDiff? changes = sent is null ? null
            : reading.Sequence == sent.Sequence + 1 ? reading.Changes
            : SnapshotDiff.Compare(sent.Snapshot, reading.Snapshot);
        OwnerMap? ownersBefore = sent?.Snapshot.Owners;
        var added = new HashSet<SocketEntry>(changes?.Added ?? [], ReferenceEqualityComparer.Instance);
        SocketSummary summary = SocketSummary.Count(reading.Snapshot.Entries);
        return Write("update", reading, writer =>
        {
            writer.WriteNumber("sequence", reading.Sequence);
            writer.WriteNumber("total", summary.Total);
            var fresh = new List<int>();
            int matched = 0;
            writer.WriteStartArray("sockets");
            foreach (SocketEntry entry in reading.Snapshot.Entries)
            {
                if (OwnSocketsFilter(entry) || (filter is not null && !filter.Matches(entry, owners)))
                    continue;
                if (matched < limit)
                {
                    if (added.Contains(entry))
                        fresh.Add(matched);
                    sockets.WriteSocket(writer, entry, owners);
                }
                matched++;
            }
            writer.WriteEndArray();
            writer.WriteNumber("matched", matched);
            writer.WriteStartArray("new");
            foreach (int index in fresh)
                writer.WriteNumberValue(index);
            writer.WriteEndArray();
            writer.WriteStartArray("closed");
            int closed = 0;
            foreach (SocketEntry entry in changes?.Removed ?? [])
            {
                if (closed >= limit || (filter is not null && !filter.Matches(entry, ownersBefore)))
                    continue;
                sockets.WriteSocket(writer, entry, ownersBefore);
                closed++;
            }
            writer.WriteEndArray();
            WriteTcpStates(writer, summary);
            var counts = new int[16];
            for (int state = 0; state < counts.Length; state++)
                counts[state] = summary.Count((TcpState)state);
            counts[(int)TcpState.BoundInactive] = -1;
            writer.WriteString("diagram", StateDiagramRenderer.Draw(counts, ascii: false));
            writer.WritePropertyName("doctor");
            JsonSerializer.Serialize(writer, DoctorJsonRenderer.Report(reading.Tcp, reading.Findings), DoctorJsonContext.Default.DoctorReport);
        });
    }

    /// <summary>The answer to POST /api/close: the socket, closed or the outcome, and why not in plain words.</summary>
    public static byte[] Closed(Core.Platform.ActionResult result, string socket) =>
        Write("close", null, writer =>
        {
            writer.WriteString("socket", socket);
            writer.WriteString("outcome", result.Outcome switch
            {
                Core.Platform.ActionOutcome.Done => "closed",
                Core.Platform.ActionOutcome.NotPermitted => "not_permitted",
                Core.Platform.ActionOutcome.NotSupported => "not_supported",
                Core.Platform.ActionOutcome.Gone => "gone",
                _ => "failed",
            });
            if (!result.Succeeded)
                writer.WriteString("reason", result.Reason);
        });

    /// <summary>A refused request: the message, and for a filter the expression, the position of the mistake and the caret lines.</summary>
    public static byte[] Error(string message, string? expression = null, int? position = null, string? pointer = null) =>
        Write("error", null, writer =>
        {
            writer.WriteString("error", message);
            if (expression is not null)
            {
                writer.WriteString("expression", expression);
                writer.WriteNumber("position", position ?? 0);
                writer.WriteString("pointer", pointer);
            }
        });

    private static bool OwnSocketsFilter(SocketEntry entry) => Commands.OwnSockets.IsOwnDiagnosticsSocket(entry);

    /// <summary>TCP sockets per state, netstat's names, every state the kernel reports (zero included).</summary>
    private static void WriteTcpStates(Utf8JsonWriter writer, SocketSummary summary)
    {
        writer.WriteStartObject("tcp_states");
        foreach (TcpState state in TcpStateMachine.States)
        {
            if (state is TcpState.NewSynRecv or TcpState.BoundInactive)
                continue;
            writer.WriteNumber(TcpStateText.Name(state, Dialect.Netstat), summary.Count(state));
        }
        writer.WriteEndObject();
    }

    private static byte[] Write(string kind, LiveReading? reading, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, Compact))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", JsonListingRenderer.SchemaVersion);
            writer.WriteString("kind", kind);
            if (reading is not null)
            {
                writer.WriteString("taken_at", reading.Snapshot.TakenAt);
                writer.WriteNumber("reading_seconds", Math.Round(reading.Duration.TotalSeconds, 6));
            }
            body(writer);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
