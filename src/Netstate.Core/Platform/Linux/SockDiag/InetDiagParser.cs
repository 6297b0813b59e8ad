using System.Buffers.Binary;
using System.Text;
using Netstate.Core.Model;

namespace Netstate.Core.Platform.Linux.SockDiag;

/// <summary>Turns one inet_diag_msg and its attributes into a <see cref="SocketEntry"/>.</summary>
internal static class InetDiagParser
{
    /// <summary>netstat's timers are in clock ticks (1/100 s); sock_diag reports milliseconds.</summary>
    private const uint MillisecondsPerTick = 10;

    public static SocketEntry Parse(ReadOnlySpan<byte> payload, Protocol protocol, SocketDetail details)
    {
        if (payload.Length < SockDiagLayout.InetMessageSize)
            throw new SockDiagException($"malformed inet_diag_msg: {payload.Length} bytes, expected at least {SockDiagLayout.InetMessageSize}");

        byte familyByte = payload[0];
        Family family = familyByte switch
        {
            SockDiagLayout.AF_INET => Family.Inet,
            SockDiagLayout.AF_INET6 => Family.Inet6,
            _ => throw new SockDiagException($"malformed inet_diag_msg: address family {familyByte} is neither AF_INET nor AF_INET6"),
        };
        byte state = payload[1];
        var timer = (TimerKind)payload[2];
        byte retransmitsOrProbes = payload[3];
        uint expiresMs = U32(payload, 52);
        // For a TCP listener the kernel puts the backlog limit where the send queue would be;
        // /proc/net/tcp (and so netstat) shows 0 there. Keep each number in its own field.
        bool isListener = protocol == Protocol.Tcp && state == (byte)TcpState.Listen;
        uint sendQueue = U32(payload, 60);

        SocketDetails? extra = null;
        TcpFigures? figures = null;
        (byte Retransmits, byte Probes)? counters = null;
        if (SockDiagLayout.WantsAttributes(details))
        {
            var builder = new SocketDetailsBuilder();
            ReadAttributes(payload[SockDiagLayout.InetMessageSize..], ref builder);
            extra = builder.Build();
            if (extra.Tcp is { } tcp)
            {
                counters = (tcp.Retransmits, tcp.Probes);
                if ((details & SocketDetail.TcpFigures) != 0)
                    figures = TcpFigures.Of(tcp);
            }
        }
        else if ((details & (SocketDetail.TcpCounters | SocketDetail.TcpFigures)) != 0
            && TcpInfo(payload[SockDiagLayout.InetMessageSize..]) is { Length: >= 4 } info)
        {
            counters = (info[2], info[3]);
            if ((details & SocketDetail.TcpFigures) != 0)
                figures = TcpInfoParser.Figures(info);
        }

        return new SocketEntry
        {
            Protocol = protocol,
            Family = family,
            Local = new Endpoint(Address(payload.Slice(8, 16), family), BinaryPrimitives.ReadUInt16BigEndian(payload[4..])),
            Remote = new Endpoint(Address(payload.Slice(24, 16), family), BinaryPrimitives.ReadUInt16BigEndian(payload[6..])),
            RawState = state,
            Timer = timer,
            TimerTicks = expiresMs / MillisecondsPerTick,
            TimerMilliseconds = expiresMs,
            // idiag_retrans carries the retransmit count under the retransmit timer and the probe
            // count under the probe and keepalive timers; tcp_info, when asked for, has both.
            Retransmits = counters?.Retransmits ?? (timer == TimerKind.On ? retransmitsOrProbes : 0u),
            Probes = counters?.Probes ?? (timer is TimerKind.Probe or TimerKind.Keepalive ? retransmitsOrProbes : 0),
            Interface = U32(payload, 40),
            Cookie = U32(payload, 44) | ((ulong)U32(payload, 48) << 32),
            RecvQueue = U32(payload, 56),
            SendQueue = isListener ? 0 : sendQueue,
            ListenBacklog = isListener ? sendQueue : 0,
            Uid = U32(payload, 64),
            Inode = U32(payload, 68),
            Details = extra,
            TcpFigures = figures,
        };
    }

    private static InetAddress Address(ReadOnlySpan<byte> bytes, Family family) =>
        family == Family.Inet ? InetAddress.FromV4(bytes[..4]) : InetAddress.FromV6(bytes);

    /// <summary>The INET_DIAG_INFO attribute (struct tcp_info) alone, without parsing the others; empty when there is none.</summary>
    private static ReadOnlySpan<byte> TcpInfo(ReadOnlySpan<byte> attributes)
    {
        var reader = new NetlinkAttributeReader(attributes);
        while (reader.TryRead(out NetlinkAttr attribute))
        {
            if (attribute.Type == SockDiagLayout.INET_DIAG_INFO)
                return attribute.Value;
        }
        return [];
    }

    private static void ReadAttributes(ReadOnlySpan<byte> attributes, ref SocketDetailsBuilder extra)
    {
        var reader = new NetlinkAttributeReader(attributes);
        while (reader.TryRead(out NetlinkAttr attribute))
        {
            ReadOnlySpan<byte> value = attribute.Value;
            switch (attribute.Type)
            {
                case SockDiagLayout.INET_DIAG_INFO:
                    extra.Tcp = TcpInfoParser.Parse(value);
                    break;
                case SockDiagLayout.INET_DIAG_SKMEMINFO:
                    extra.Memory = SocketMemoryParser.Parse(value);
                    break;
                case SockDiagLayout.INET_DIAG_CONG:
                    int end = value.IndexOf((byte)0);
                    extra.Congestion = CongestionName(end < 0 ? value : value[..end]);
                    break;
                case SockDiagLayout.INET_DIAG_TOS when value.Length >= 1:
                    extra.TypeOfService = value[0];
                    break;
                case SockDiagLayout.INET_DIAG_TCLASS when value.Length >= 1:
                    extra.TrafficClass = value[0];
                    break;
                case SockDiagLayout.INET_DIAG_SHUTDOWN when value.Length >= 1:
                    extra.Shutdown = value[0];
                    break;
                case SockDiagLayout.INET_DIAG_SKV6ONLY when value.Length >= 1:
                    extra.V6Only = value[0] != 0;
                    break;
                case SockDiagLayout.INET_DIAG_MARK when value.Length >= 4:
                    extra.Mark = BinaryPrimitives.ReadUInt32LittleEndian(value);
                    break;
                case SockDiagLayout.INET_DIAG_CGROUP_ID when value.Length >= 8:
                    extra.CgroupId = BinaryPrimitives.ReadUInt64LittleEndian(value);
                    break;
                case SockDiagLayout.INET_DIAG_PROTOCOL when value.Length >= 1:
                    extra.RawProtocol = value[0];
                    break;
                case SockDiagLayout.INET_DIAG_VEGASINFO when value.Length >= 16:
                    extra.Vegas = new VegasDetails(U32(value, 0) != 0, U32(value, 4), U32(value, 8), U32(value, 12));
                    break;
                case SockDiagLayout.INET_DIAG_DCTCPINFO when value.Length >= 16:
                    extra.Dctcp = new DctcpDetails(BinaryPrimitives.ReadUInt16LittleEndian(value) != 0,
                        BinaryPrimitives.ReadUInt16LittleEndian(value[2..]), U32(value, 4), U32(value, 8), U32(value, 12));
                    break;
                case SockDiagLayout.INET_DIAG_BBRINFO when value.Length >= 20:
                    extra.Bbr = new BbrDetails(U32(value, 0) | ((ulong)U32(value, 4) << 32), U32(value, 8), U32(value, 12), U32(value, 16));
                    break;
            }
        }
    }

    // Netlink structs are in host order; netstate runs on little-endian Linux (x64, arm64).
    private static uint U32(ReadOnlySpan<byte> payload, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(payload[offset..]);

    /// <summary>The last congestion control name seen: nearly every socket has the same one, so one string serves them all.</summary>
    private static string? _lastCongestion;

    private static string CongestionName(ReadOnlySpan<byte> name)
    {
        string? last = _lastCongestion;
        if (last is not null && last.Length == name.Length && Ascii.Equals(name, last))
            return last;
        return _lastCongestion = Encoding.ASCII.GetString(name);
    }
}

/// <summary>Reads sk_meminfo (SK_MEMINFO_*): nine u32 counters, fewer on old kernels.</summary>
internal static class SocketMemoryParser
{
    public static SocketMemory Parse(ReadOnlySpan<byte> value) => new(
        At(value, 0), At(value, 1), At(value, 2), At(value, 3), At(value, 4), At(value, 5), At(value, 6), At(value, 7), At(value, 8));

    private static uint At(ReadOnlySpan<byte> value, int index) =>
        (index + 1) * 4 <= value.Length ? BinaryPrimitives.ReadUInt32LittleEndian(value[(index * 4)..]) : 0;
}
