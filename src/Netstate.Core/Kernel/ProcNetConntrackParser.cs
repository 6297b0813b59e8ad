using System.Buffers.Text;
using System.Text;
using Netstate.Core.Model;
using Netstate.Core.Sources.Linux;

namespace Netstate.Core.Kernel;

/// <summary>
/// Parses /proc/net/nf_conntrack (no header), one connection a line, as the kernel's ct_seq_show
/// writes it: family name and number, protocol name and number, the timeout in seconds (absent when
/// offloaded), the protocol state if it has one, the original tuple (src= dst= and sport=/dport=,
/// type=/code=/id= or srckey=/dstkey=), per-direction zone and counters, [UNREPLIED], the reply
/// tuple, [ASSURED] or [OFFLOAD], then mark=, secctx=, zone=, delta-time= and use=. Unknown keys and
/// bracketed words are skipped, so a newer kernel's additions do not break the listing.
/// </summary>
internal static class ProcNetConntrackParser
{
    public static void Parse(ReadOnlySpan<byte> text, string fileName, List<ConntrackEntry> entries, ParseProblems problems) =>
        ProcLines.ParseHeaderless(text, fileName, entries, problems, TryParseLine);

    /// <summary>Parses one line; returns null and the entry, or why the line is not an entry.</summary>
    public static string? TryParseLine(ReadOnlySpan<byte> line, out ConntrackEntry? entry)
    {
        entry = null;
        var fields = new FieldReader(line);
        if (!fields.TryNext(out ReadOnlySpan<byte> familyName) || !fields.TryNext(out ReadOnlySpan<byte> familyField)
            || !FieldReader.TryParseDecimal(familyField, out int familyNumber))
            return "no family name and number";
        bool v6;
        if (familyNumber == 2)
            v6 = false;
        else if (familyNumber == 10)
            v6 = true;
        else
            return $"family {familyNumber} is neither IPv4 (2) nor IPv6 (10)";
        if (!fields.TryNext(out ReadOnlySpan<byte> protocolName) || !fields.TryNext(out ReadOnlySpan<byte> protocolField)
            || !FieldReader.TryParseDecimal(protocolField, out int protocolNumber) || protocolNumber is < 0 or > 255)
            return "no protocol name and number";

        long? timeout = null;
        string? state = null;
        var tuples = new TupleBuilder[2];
        int direction = -1;
        var flags = ConntrackStatus.None;
        uint? mark = null;
        ushort? zone = null, originalZone = null, replyZone = null;
        uint use = 0;
        string? securityContext = null;
        bool seenPairs = false;
        while (fields.TryNext(out ReadOnlySpan<byte> field))
        {
            int equals = field.IndexOf((byte)'=');
            if (equals < 0)
            {
                if (field[0] == (byte)'[')
                {
                    flags |= FlagOf(field);
                    continue;
                }
                // Before the first key=value pair come the timeout and the protocol state.
                if (seenPairs)
                    return $"unexpected word '{Encoding.UTF8.GetString(field)}' after the tuples began";
                if (timeout is null && state is null && FieldReader.TryParseDecimal(field, out ulong seconds))
                    timeout = (long)Math.Min(seconds, long.MaxValue);
                else if (state is null)
                    state = Known(field, KnownStates);
                else
                    return "more than one protocol state";
                continue;
            }
            seenPairs = true;
            ReadOnlySpan<byte> key = field[..equals];
            ReadOnlySpan<byte> value = field[(equals + 1)..];
            if (key.SequenceEqual("src"u8))
            {
                if (++direction > 1)
                    return "more than two tuples";
                if (!TryParseAddress(value, v6, out tuples[direction].Source))
                    return $"src of tuple {direction + 1} is not an {(v6 ? "IPv6" : "IPv4")} address";
                tuples[direction].HasSource = true;
                continue;
            }
            if (IsTupleKey(key))
            {
                if (direction < 0)
                    return $"'{Encoding.UTF8.GetString(key)}=' before the first src=";
                string? error = SetTupleField(ref tuples[direction], key, value, v6);
                if (error is not null)
                    return error;
                continue;
            }
            if (key.SequenceEqual("packets"u8) || key.SequenceEqual("bytes"u8))
            {
                if (direction < 0 || !FieldReader.TryParseDecimal(value, out ulong count))
                    return $"bad counter '{Encoding.UTF8.GetString(field)}'";
                if (key[0] == (byte)'p')
                    tuples[direction].Packets = count;
                else
                    tuples[direction].Bytes = count;
                tuples[direction].HasCounters = true;
                continue;
            }
            if (key.SequenceEqual("mark"u8))
            {
                if (!FieldReader.TryParseDecimal(value, out ulong m) || m > uint.MaxValue)
                    return "mark is not a number";
                mark = (uint)m;
            }
            else if (key.SequenceEqual("use"u8))
            {
                if (!FieldReader.TryParseDecimal(value, out ulong u) || u > uint.MaxValue)
                    return "use is not a number";
                use = (uint)u;
            }
            else if (key.SequenceEqual("zone"u8) || key.SequenceEqual("zone-orig"u8) || key.SequenceEqual("zone-reply"u8))
            {
                if (!FieldReader.TryParseDecimal(value, out ulong z) || z > ushort.MaxValue)
                    return "zone is not a number";
                if (key.Length == 4)
                    zone = (ushort)z;
                else if (key[5] == (byte)'o')
                    originalZone = (ushort)z;
                else
                    replyZone = (ushort)z;
            }
            else if (key.SequenceEqual("secctx"u8))
            {
                securityContext = Encoding.UTF8.GetString(value);
            }
        }
        if (direction < 1)
            return "fewer than two tuples (original and reply)";
        for (int i = 0; i < 2; i++)
        {
            if (!tuples[i].HasDestination)
                return $"tuple {i + 1} has no dst=";
        }
        entry = new ConntrackEntry
        {
            FamilyName = v6 ? "ipv6" : Known(familyName, KnownFamilies),
            FamilyNumber = familyNumber,
            ProtocolName = Known(protocolName, KnownProtocols),
            ProtocolNumber = protocolNumber,
            TimeoutSeconds = timeout,
            State = state,
            Original = tuples[0].Build(),
            Reply = tuples[1].Build(),
            Status = flags,
            Mark = mark,
            Zone = zone,
            OriginalZone = originalZone,
            ReplyZone = replyZone,
            Use = use,
            OriginalCounters = tuples[0].Counters,
            ReplyCounters = tuples[1].Counters,
            SecurityContext = securityContext,
        };
        return null;
    }

    private static readonly string[] KnownFamilies = ["ipv4", "ipv6", "unknown"];

    private static readonly string[] KnownProtocols = ["tcp", "udp", "icmp", "icmpv6", "udplite", "sctp", "dccp", "gre", "unknown"];

    private static readonly string[] KnownStates =
    [
        // TCP (tcp_conntrack_names), then the SCTP and DCCP states that differ from them.
        "NONE", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT", "CLOSE_WAIT", "LAST_ACK", "TIME_WAIT", "CLOSE", "SYN_SENT2",
        "CLOSED", "COOKIE_WAIT", "COOKIE_ECHOED", "SHUTDOWN_SENT", "SHUTDOWN_RECD", "SHUTDOWN_ACK_SENT", "HEARTBEAT_SENT",
        "REQUEST", "RESPOND", "PARTOPEN", "OPEN", "CLOSEREQ", "CLOSING", "INVALID",
    ];

    /// <summary>The shared string for a name the kernel prints, so 200,000 entries do not allocate 200,000 copies.</summary>
    private static string Known(ReadOnlySpan<byte> text, string[] known)
    {
        foreach (string name in known)
        {
            if (text.Length == name.Length && Ascii.Equals(text, name))
                return name;
        }
        return Encoding.UTF8.GetString(text);
    }

    private static ConntrackStatus FlagOf(ReadOnlySpan<byte> word) => word switch
    {
        _ when word.SequenceEqual("[UNREPLIED]"u8) => ConntrackStatus.Unreplied,
        _ when word.SequenceEqual("[ASSURED]"u8) => ConntrackStatus.Assured,
        _ when word.SequenceEqual("[OFFLOAD]"u8) => ConntrackStatus.Offload,
        _ when word.SequenceEqual("[HW_OFFLOAD]"u8) => ConntrackStatus.HardwareOffload,
        _ => ConntrackStatus.None,
    };

    private static bool IsTupleKey(ReadOnlySpan<byte> key) =>
        key.SequenceEqual("dst"u8) || key.SequenceEqual("sport"u8) || key.SequenceEqual("dport"u8)
        || key.SequenceEqual("type"u8) || key.SequenceEqual("code"u8) || key.SequenceEqual("id"u8)
        || key.SequenceEqual("srckey"u8) || key.SequenceEqual("dstkey"u8);

    private static string? SetTupleField(ref TupleBuilder tuple, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool v6)
    {
        if (key.SequenceEqual("dst"u8))
        {
            if (!TryParseAddress(value, v6, out tuple.Destination))
                return $"dst is not an {(v6 ? "IPv6" : "IPv4")} address";
            tuple.HasDestination = true;
            return null;
        }
        // GRE keys are printed as 0x%x; everything else in decimal.
        bool hex = key.EndsWith("key"u8);
        ulong number = 0;
        bool parsed = hex
            ? value.StartsWith("0x"u8) && FieldReader.TryParseHex(value[2..], out number)
            : FieldReader.TryParseDecimal(value, out number);
        ulong limit = key.SequenceEqual("type"u8) || key.SequenceEqual("code"u8) ? byte.MaxValue : ushort.MaxValue;
        if (!parsed || number > limit)
            return $"{Encoding.UTF8.GetString(key)} is not a number up to {limit}";
        switch (key[0])
        {
            case (byte)'s': // sport, srckey
            case (byte)'i': // id: ICMP keeps the echo id in the source half
                tuple.SourcePort = (ushort)number;
                break;
            case (byte)'d': // dport, dstkey
                tuple.DestinationPort = (ushort)number;
                break;
            case (byte)'t':
                tuple.IcmpType = (byte)number;
                break;
            default:
                tuple.IcmpCode = (byte)number;
                break;
        }
        return null;
    }

    /// <summary>Dotted IPv4, or IPv6 as %pI6 prints it (eight groups of four hex digits) or compressed.</summary>
    internal static bool TryParseAddress(ReadOnlySpan<byte> text, bool v6, out InetAddress address)
    {
        address = default;
        Span<byte> bytes = stackalloc byte[16];
        if (!v6)
        {
            int part = 0;
            while (part < 4)
            {
                if (!Utf8Parser.TryParse(text, out byte value, out int used) || used == 0 || used > 3)
                    return false;
                bytes[part++] = value;
                text = text[used..];
                if (part < 4)
                {
                    if (text.IsEmpty || text[0] != (byte)'.')
                        return false;
                    text = text[1..];
                }
            }
            if (!text.IsEmpty)
                return false;
            address = InetAddress.FromV4(bytes[..4]);
            return true;
        }
        if (text.Length == 39)
        {
            for (int group = 0; group < 8; group++)
            {
                ReadOnlySpan<byte> digits = text.Slice(group * 5, 4);
                if ((group < 7 && text[group * 5 + 4] != (byte)':') || !FieldReader.TryParseHex(digits, out ulong value))
                    return false;
                bytes[2 * group] = (byte)(value >> 8);
                bytes[2 * group + 1] = (byte)value;
            }
            address = InetAddress.FromV6(bytes);
            return true;
        }
        Span<char> chars = stackalloc char[46];
        if (text.Length > chars.Length || text.IndexOf((byte)'%') >= 0)
            return false;
        int length = Encoding.ASCII.GetChars(text, chars);
        if (!System.Net.IPAddress.TryParse(chars[..length], out System.Net.IPAddress? parsed)
            || parsed.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            return false;
        address = InetAddress.FromIPAddress(parsed);
        return true;
    }

    private struct TupleBuilder
    {
        public InetAddress Source;
        public InetAddress Destination;
        public ushort SourcePort;
        public ushort DestinationPort;
        public byte IcmpType;
        public byte IcmpCode;
        public bool HasSource;
        public bool HasDestination;
        public bool HasCounters;
        public ulong Packets;
        public ulong Bytes;

        public readonly ConntrackCounters? Counters => HasCounters ? new ConntrackCounters(Packets, Bytes) : null;

        public readonly ConntrackTuple Build() =>
            new(Source, Destination, SourcePort, DestinationPort) { IcmpType = IcmpType, IcmpCode = IcmpCode };
    }
}
