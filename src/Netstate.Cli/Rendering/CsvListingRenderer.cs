using Netstate.Cli.Rendering.Json;
using Netstate.Core.Aggregation;
using Netstate.Core.Model;
using Netstate.Core.Names;
using Netstate.Core.Owners;
using Netstate.Core.Vocabulary;

namespace Netstate.Cli.Rendering;

/// <summary>
/// One row per socket, every value whole (no truncation), numbers as plain digits. The header is
/// written once per run; under -c the rows of later listings follow it. --info and -m add their
/// columns at the end. Cells are made safe by <see cref="CsvCells"/>. Rows are written as the
/// sockets are read when the listing streams (<see cref="IStreamingListRenderer"/>).
/// </summary>
internal sealed class CsvListingRenderer : ISocketListRenderer, IStreamingListRenderer
{
    private static readonly string[] BaseColumns =
    [
        "proto", "state", "recv_q", "send_q", "local_address", "local_port", "remote_address", "remote_port",
        "uid", "user", "inode", "cookie", "interface", "timer", "timer_ms", "retransmits", "probes",
        "pid", "program", "pids", "nspid", "unix_type", "unix_path",
    ];

    private static readonly string[] InfoColumns =
    [
        "congestion", "rtt_us", "rttvar_us", "rto_us", "mss", "pmtu", "cwnd", "ssthresh", "bytes_sent", "bytes_acked",
        "bytes_received", "bytes_retrans", "segs_out", "segs_in", "retrans", "retrans_total", "lost",
        "delivery_rate", "pacing_rate", "last_send_ms", "last_recv_ms", "last_ack_ms",
    ];

    private static readonly string[] MemoryColumns =
        ["skmem_r", "skmem_rb", "skmem_t", "skmem_tb", "skmem_f", "skmem_w", "skmem_o", "skmem_bl", "skmem_d"];

    private readonly TextWriter _out;
    private readonly bool _info;
    private readonly bool _memory;
    private readonly bool _namespaces;
    private readonly UserNames _users = new();
    private readonly LineBuffer _line = new();
    private bool _headerWritten;
    private OwnerMap? _owners;

    /// <param name="namespaces">--net, --all-namespaces: two last columns, netns (the label) and netns_inode.</param>
    public CsvListingRenderer(TextWriter output, bool info, bool memory, bool namespaces = false)
    {
        _namespaces = namespaces;
        _out = output;
        _info = info;
        _memory = memory;
    }

    public void WriteSockets(SocketListing listing) => this.WriteAll(listing);

    /// <summary>CSV keeps the source's order, whatever the tables.</summary>
    public bool CanStream(SocketTables tables) => true;

    public void Begin(OwnerMap? owners, DateTimeOffset takenAt)
    {
        _owners = owners;
        if (!_headerWritten)
        {
            IEnumerable<string> columns = BaseColumns;
            if (_info)
                columns = columns.Concat(InfoColumns);
            if (_memory)
                columns = columns.Concat(MemoryColumns);
            if (_namespaces)
                columns = columns.Concat(["netns", "netns_inode"]);
            CsvCells.Header(_line.Clear(), columns);
            _line.WriteTo(_out);
            _headerWritten = true;
        }
    }

    public void Row(SocketEntry entry)
    {
        WriteRow(_line.Clear(), entry, _owners);
        _line.Append(CsvCells.LineEnd).WriteTo(_out);
    }

    public void End() => _owners = null;

    public void WriteCounts(SocketCounts counts, DateTimeOffset takenAt)
    {
        if (!_headerWritten)
        {
            var names = new List<string> { "count" };
            foreach (CountKey key in counts.Keys)
            {
                names.Add(JsonListingRenderer.KeyName(key));
                if (key == CountKey.User)
                    names.Add("uid");
            }
            CsvCells.Header(_line.Clear(), names);
            _line.WriteTo(_out);
            _headerWritten = true;
        }
        foreach (CountRow row in counts.Rows)
        {
            LineBuffer line = _line.Clear().Append((ulong)row.Count);
            for (int i = 0; i < counts.Keys.Count; i++)
            {
                CsvCells.Text(line.Append(','), row.IsMissing(counts.Keys[i]) ? null : row.Labels[i]);
                if (counts.Keys[i] == CountKey.User)
                    CsvCells.Number(line.Append(','), row.Uid);
            }
            line.Append(CsvCells.LineEnd).WriteTo(_out);
        }
    }

    private void WriteRow(LineBuffer line, SocketEntry entry, OwnerMap? owners)
    {
        bool unix = entry.Protocol == Protocol.Unix;
        CsvCells.Text(line, ProtocolText.Of(entry, Dialect.Netstat)).Append(',');
        CsvCells.Text(line, SocketStateText.Of(entry, Dialect.Netstat)).Append(',');
        CsvCells.Number(line, entry.RecvQueue).Append(',');
        CsvCells.Number(line, entry.SendQueue).Append(',');
        if (!unix)
        {
            Address(line, entry.Local.Address).Append(',').Append(entry.Local.Port).Append(',');
            Address(line, entry.Remote.Address).Append(',').Append(entry.Remote.Port).Append(',');
        }
        else
        {
            line.Append(",,,,");
        }
        CsvCells.Number(line, entry.Uid).Append(',');
        if (entry.Uid is uint uid)
            CsvCells.Text(line, _users.NameOf(uid));
        line.Append(',');
        line.Append(entry.Inode).Append(',').Append(entry.Cookie).Append(',').Append(entry.Interface).Append(',');
        if (!unix)
        {
            line.Append(TimerText.Of(entry.Timer, Dialect.Netstat)).Append(',').Append(entry.TimerMilliseconds).Append(',')
                .Append(entry.Retransmits).Append(',').Append(entry.Probes.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(',');
        }
        else
        {
            line.Append(",,,,");
        }
        WriteOwners(line, entry.Inode, owners);
        if (entry.Unix is { } info)
        {
            line.Append(ProtocolText.Of(info.Type).ToLowerInvariant()).Append(',');
            CsvCells.Text(line, info.Path);
        }
        else
        {
            line.Append(',');
        }
        if (_info)
            WriteInfo(line, entry.Details);
        if (_memory)
            WriteMemory(line, entry.Details?.Memory);
        if (_namespaces)
        {
            line.Append(',');
            CsvCells.Text(line, entry.Namespace?.Label).Append(',');
            if (entry.Namespace is { } space)
                line.Append(space.Inode);
        }
    }

    /// <summary>pid and program of the holder netstat shows (lowest pid), then every holder's pid, ';' separated, then the first holder's PID inside its PID namespace (nspid).</summary>
    private static void WriteOwners(LineBuffer line, ulong inode, OwnerMap? owners)
    {
        OwnerMap.OwnerEnumerator holders = owners?.Get(inode) ?? default;
        if (owners is null || !holders.MoveNext())
        {
            line.Append(",,,,");
            return;
        }
        SocketOwner first = holders.Current;
        line.Append((ulong)first.Process.Pid).Append(',');
        CsvCells.Text(line, first.Process.ProgramNameText).Append(',');
        line.Append((ulong)first.Process.Pid);
        while (holders.MoveNext())
            line.Append(';').Append((ulong)holders.Current.Process.Pid);
        line.Append(',');
        // The first holder's PID inside its own PID namespace, when it differs (a container's); empty otherwise.
        if (first.Process.NamespacePid is int inner)
            line.Append((ulong)inner);
        line.Append(',');
    }

    private static void WriteInfo(LineBuffer line, SocketDetails? details)
    {
        line.Append(',');
        CsvCells.Text(line, details?.Congestion);
        if (details?.Tcp is not { } tcp)
        {
            Commas(line, InfoColumns.Length - 1);
            return;
        }
        ulong[] values =
        [
            tcp.RoundTripTime, tcp.RoundTripTimeVariance, tcp.RetransmitTimeout, tcp.SendMss, tcp.PathMtu, tcp.CongestionWindow,
            tcp.SendSlowStartThreshold, tcp.BytesSent, tcp.BytesAcked, tcp.BytesReceived, tcp.BytesRetransmitted, tcp.SegmentsOut,
            tcp.SegmentsIn, tcp.Retransmitted, tcp.TotalRetransmits, tcp.Lost, tcp.DeliveryRate, tcp.PacingRate,
            tcp.LastDataSentMs, tcp.LastDataReceivedMs, tcp.LastAckReceivedMs,
        ];
        foreach (ulong value in values)
            line.Append(',').Append(value);
    }

    private static void WriteMemory(LineBuffer line, SocketMemory? memory)
    {
        if (memory is null)
        {
            Commas(line, MemoryColumns.Length);
            return;
        }
        foreach (uint value in (uint[])[memory.ReceiveAllocated, memory.ReceiveBuffer, memory.SendAllocated, memory.SendBuffer,
            memory.ForwardAllocated, memory.SendQueued, memory.OptionMemory, memory.Backlog, memory.Drops])
        {
            line.Append(',').Append(value);
        }
    }

    private static LineBuffer Address(LineBuffer line, InetAddress address)
    {
        Span<char> text = stackalloc char[46];
        return line.Append(text[..InetAddressFormatter.Format(address, text)]);
    }

    private static void Commas(LineBuffer line, int count)
    {
        for (int i = 0; i < count; i++)
            line.Append(',');
    }
}
