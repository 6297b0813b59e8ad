using System.Buffers.Binary;
using Netstate.Core.Model;
using Netstate.Core.Tracing;

namespace Netstate.Core.Platform.Linux.Tracing;

/// <summary>
/// Turns the records of the TCP tracepoints into <see cref="TcpTraceRecord"/>s, reading every
/// field where the event's format file puts it.
/// </summary>
internal sealed class TcpTracepointDecoder
{
    /// <summary>The tracefs names (system/event) this decoder understands, and what each is.</summary>
    public static IReadOnlyList<(string Path, TcpTraceEventKind Kind)> Events { get; } =
    [
        ("sock/inet_sock_set_state", TcpTraceEventKind.StateChange),
        ("tcp/tcp_retransmit_skb", TcpTraceEventKind.Retransmit),
        ("tcp/tcp_send_reset", TcpTraceEventKind.ResetSent),
        ("tcp/tcp_receive_reset", TcpTraceEventKind.ResetReceived),
    ];

    // include/linux/trace_events.h: the context flags of a record.
    private const byte FlagHardIrq = 0x08;
    private const byte FlagSoftIrq = 0x10;
    private const byte FlagNmi = 0x40;
    private const ushort AfInet = 2;
    private const ushort AfInet6 = 10;
    private const ushort IpProtoTcp = 6;

    private readonly Dictionary<int, (TcpTraceEventKind Kind, TraceEventFormat Format)> _byId = [];

    /// <summary>Adds an event whose format file was read.</summary>
    public void Add(TcpTraceEventKind kind, TraceEventFormat format)
    {
        if (format.Id < 0)
            throw new TraceFormatException($"the {format.Name} format has no ID");
        // Check now that every field this decoder reads is there, so a record cannot fail later for a missing one.
        foreach (string field in FieldsOf(kind))
            format.Field(field);
        _byId[format.Id] = (kind, format);
    }

    private static string[] FieldsOf(TcpTraceEventKind kind) => kind switch
    {
        TcpTraceEventKind.StateChange => ["common_type", "common_flags", "common_pid", "skaddr", "oldstate", "newstate", "sport", "dport", "family", "protocol", "saddr", "daddr", "saddr_v6", "daddr_v6"],
        TcpTraceEventKind.Retransmit => ["common_type", "common_flags", "common_pid", "skaddr", "state", "sport", "dport", "family", "saddr", "daddr", "saddr_v6", "daddr_v6"],
        TcpTraceEventKind.ResetReceived => ["common_type", "common_flags", "common_pid", "skaddr", "sport", "dport", "family", "saddr", "daddr", "saddr_v6", "daddr_v6"],
        TcpTraceEventKind.ResetSent => ["common_type", "common_flags", "common_pid", "skaddr", "state", "saddr", "daddr"],
        _ => [],
    };

    /// <summary>
    /// Decodes one record; false with <paramref name="problem"/> null for a record to pass over
    /// (another protocol, a reset sent for no socket), false with a problem for a malformed one.
    /// </summary>
    public bool TryDecode(ulong timestamp, ReadOnlySpan<byte> payload, out TcpTraceRecord record, out string? problem)
    {
        record = default;
        problem = null;
        if (payload.Length < 2)
        {
            problem = $"a {payload.Length}-byte record has no type";
            return false;
        }
        int type = BinaryPrimitives.ReadUInt16LittleEndian(payload);
        if (!_byId.TryGetValue(type, out var known))
        {
            problem = $"a record of event type {type}, which netstate did not turn on";
            return false;
        }
        var reader = new Reader(known.Format, payload);
        if (!reader.Fits(FieldsOf(known.Kind)))
        {
            problem = $"a {payload.Length}-byte {known.Format.Name} record is shorter than its format";
            return false;
        }
        byte flags = (byte)reader.Unsigned("common_flags");
        int pid = (int)reader.Unsigned("common_pid");
        // In interrupt context the running task is whoever was interrupted, not the socket's owner.
        int? caller = (flags & (FlagHardIrq | FlagSoftIrq | FlagNmi)) == 0 && pid > 0 ? pid : null;
        ulong socket = reader.Unsigned("skaddr");

        switch (known.Kind)
        {
            case TcpTraceEventKind.ResetSent:
                if (socket == 0)
                    return false; // a reset answering a segment no socket owns
                if (!reader.SocketAddress("saddr", out Family family, out Endpoint local) || !reader.SocketAddress("daddr", out _, out Endpoint remote))
                {
                    problem = "a tcp_send_reset record with an unknown address family";
                    return false;
                }
                record = new(known.Kind, timestamp, socket, family, local, remote, State(reader.Unsigned("state")), TcpState.Unknown, caller);
                return true;
            case TcpTraceEventKind.StateChange when reader.Unsigned("protocol") != IpProtoTcp:
                return false; // SCTP and MPTCP use the same tracepoint
        }

        ushort familyNumber = (ushort)reader.Unsigned("family");
        Family inetFamily;
        Endpoint localEnd, remoteEnd;
        ushort sport = (ushort)reader.Unsigned("sport");
        ushort dport = (ushort)reader.Unsigned("dport");
        if (familyNumber == AfInet)
        {
            inetFamily = Family.Inet;
            localEnd = new(InetAddress.FromV4(reader.Bytes("saddr", 4)), sport);
            remoteEnd = new(InetAddress.FromV4(reader.Bytes("daddr", 4)), dport);
        }
        else if (familyNumber == AfInet6)
        {
            inetFamily = Family.Inet6;
            localEnd = new(InetAddress.FromV6(reader.Bytes("saddr_v6", 16)), sport);
            remoteEnd = new(InetAddress.FromV6(reader.Bytes("daddr_v6", 16)), dport);
        }
        else
        {
            problem = $"a {known.Format.Name} record with address family {familyNumber}";
            return false;
        }
        (TcpState old, TcpState next) = known.Kind switch
        {
            TcpTraceEventKind.StateChange => (State(reader.Unsigned("oldstate")), State(reader.Unsigned("newstate"))),
            TcpTraceEventKind.Retransmit => (State(reader.Unsigned("state")), TcpState.Unknown),
            _ => (TcpState.Unknown, TcpState.Unknown),
        };
        record = new(known.Kind, timestamp, socket, inetFamily, localEnd, remoteEnd, old, next, caller);
        return true;
    }

    private static TcpState State(ulong value) => value is >= 1 and <= 13 ? (TcpState)value : TcpState.Unknown;

    /// <summary>Reads fields of one record, little-endian as the ring buffer stores them on x86 and arm64.</summary>
    private readonly ref struct Reader(TraceEventFormat format, ReadOnlySpan<byte> payload)
    {
        private readonly ReadOnlySpan<byte> _payload = payload;

        public bool Fits(string[] fields)
        {
            foreach (string name in fields)
            {
                TraceField field = format.Field(name);
                if (field.Offset + field.Size > _payload.Length)
                    return false;
            }
            return true;
        }

        public ulong Unsigned(string name)
        {
            TraceField field = format.Field(name);
            ReadOnlySpan<byte> bytes = _payload.Slice(field.Offset, field.Size);
            return field.Size switch
            {
                1 => bytes[0],
                2 => BinaryPrimitives.ReadUInt16LittleEndian(bytes),
                4 => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
                8 => BinaryPrimitives.ReadUInt64LittleEndian(bytes),
                _ => throw new TraceFormatException($"{format.Name}: field '{name}' is {field.Size} bytes wide"),
            };
        }

        public ReadOnlySpan<byte> Bytes(string name, int size)
        {
            TraceField field = format.Field(name);
            return field.Size < size
                ? throw new TraceFormatException($"{format.Name}: field '{name}' is {field.Size} bytes, expected {size}")
                : _payload.Slice(field.Offset, size);
        }

        /// <summary>A struct sockaddr_in or sockaddr_in6 stored in a byte array (tcp_send_reset).</summary>
        public bool SocketAddress(string name, out Family family, out Endpoint endpoint)
        {
            TraceField field = format.Field(name);
            ReadOnlySpan<byte> raw = _payload.Slice(field.Offset, field.Size);
            family = Family.Inet;
            endpoint = default;
            if (raw.Length < 8)
                return false;
            ushort number = BinaryPrimitives.ReadUInt16LittleEndian(raw);
            ushort port = BinaryPrimitives.ReadUInt16BigEndian(raw[2..]);
            if (number == AfInet)
            {
                endpoint = new(InetAddress.FromV4(raw.Slice(4, 4)), port);
                return true;
            }
            if (number == AfInet6 && raw.Length >= 24)
            {
                family = Family.Inet6;
                endpoint = new(InetAddress.FromV6(raw.Slice(8, 16)), port);
                return true;
            }
            return false;
        }
    }
}
