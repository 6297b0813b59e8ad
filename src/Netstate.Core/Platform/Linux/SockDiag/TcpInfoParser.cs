using System.Buffers.Binary;
using Netstate.Core.Model;

namespace Netstate.Core.Platform.Linux.SockDiag;

/// <summary>
/// Reads struct tcp_info by offset. Older kernels send a shorter struct and newer ones a longer
/// one, so every field past the end reads as 0 and bytes beyond what we know are ignored.
/// </summary>
internal static class TcpInfoParser
{
    public static TcpDetails Parse(ReadOnlySpan<byte> info)
    {
        byte wscale = U8(info, 6);
        byte limits = U8(info, 7);
        return new TcpDetails
        {
            ReportedLength = info.Length,
            State = (TcpState)U8(info, 0),
            CongestionState = U8(info, 1),
            Retransmits = U8(info, 2),
            Probes = U8(info, 3),
            Backoff = U8(info, 4),
            Options = U8(info, 5),
            SendWindowScale = (byte)(wscale & 0xF),
            ReceiveWindowScale = (byte)(wscale >> 4),
            DeliveryRateAppLimited = (limits & 1) != 0,
            RetransmitTimeout = U32(info, 8),
            DelayedAckTimeout = U32(info, 12),
            SendMss = U32(info, 16),
            ReceiveMss = U32(info, 20),
            Unacked = U32(info, 24),
            Sacked = U32(info, 28),
            Lost = U32(info, 32),
            Retransmitted = U32(info, 36),
            LastDataSentMs = U32(info, 44),
            LastDataReceivedMs = U32(info, 52),
            LastAckReceivedMs = U32(info, 56),
            PathMtu = U32(info, 60),
            ReceiveSlowStartThreshold = U32(info, 64),
            RoundTripTime = U32(info, 68),
            RoundTripTimeVariance = U32(info, 72),
            SendSlowStartThreshold = U32(info, 76),
            CongestionWindow = U32(info, 80),
            AdvertisedMss = U32(info, 84),
            Reordering = U32(info, 88),
            ReceiveRoundTripTime = U32(info, 92),
            ReceiveSpace = U32(info, 96),
            TotalRetransmits = U32(info, 100),
            PacingRate = U64(info, 104),
            MaxPacingRate = U64(info, 112),
            BytesAcked = U64(info, 120),
            BytesReceived = U64(info, 128),
            SegmentsOut = U32(info, 136),
            SegmentsIn = U32(info, 140),
            NotSentBytes = U32(info, 144),
            MinRoundTripTime = U32(info, 148),
            DataSegmentsIn = U32(info, 152),
            DataSegmentsOut = U32(info, 156),
            DeliveryRate = U64(info, 160),
            BusyTime = U64(info, 168),
            ReceiveWindowLimited = U64(info, 176),
            SendBufferLimited = U64(info, 184),
            Delivered = U32(info, 192),
            DeliveredCe = U32(info, 196),
            BytesSent = U64(info, 200),
            BytesRetransmitted = U64(info, 208),
            DsackDuplicates = U32(info, 216),
            ReorderingSeen = U32(info, 220),
            ReceiveOutOfOrderPackets = U32(info, 224),
            SendWindow = U32(info, 228),
            ReceiveWindow = U32(info, 232),
            Rehash = U32(info, 236),
            TotalRto = U16(info, 240),
            TotalRtoRecoveries = U16(info, 242),
            TotalRtoTimeMs = U32(info, 244),
        };
    }

    /// <summary>Only what <see cref="TcpFigures"/> keeps (tcpi_rtt, tcpi_bytes_acked, tcpi_bytes_received): no <see cref="TcpDetails"/> is built.</summary>
    public static TcpFigures Figures(ReadOnlySpan<byte> info) => new(U32(info, 68), U64(info, 120), U64(info, 128));

    private static byte U8(ReadOnlySpan<byte> info, int offset) => offset < info.Length ? info[offset] : (byte)0;

    private static ushort U16(ReadOnlySpan<byte> info, int offset) =>
        offset + 2 <= info.Length ? BinaryPrimitives.ReadUInt16LittleEndian(info[offset..]) : (ushort)0;

    private static uint U32(ReadOnlySpan<byte> info, int offset) =>
        offset + 4 <= info.Length ? BinaryPrimitives.ReadUInt32LittleEndian(info[offset..]) : 0;

    private static ulong U64(ReadOnlySpan<byte> info, int offset) =>
        offset + 8 <= info.Length ? BinaryPrimitives.ReadUInt64LittleEndian(info[offset..]) : 0;
}
