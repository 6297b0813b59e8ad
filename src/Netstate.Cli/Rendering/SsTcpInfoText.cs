using System.Globalization;
using Netstate.Core.Model;

namespace Netstate.Cli.Rendering;

/// <summary>
/// The line ss -i and -m print under a socket: skmem:(...), then tcp_info in ss's order and
/// spelling (iproute2 6.1's tcp_show_info): each field only when non-zero, times in milliseconds
/// with %g, rates in bits per second.
/// </summary>
internal static class SsTcpInfoText
{
    /// <summary>tcpi_rto of a socket that never measured an RTT (TCP_TIMEOUT_INIT): ss leaves it out.</summary>
    private const uint InitialRto = 3_000_000;

    public static void WriteMemory(SsTable table, SocketMemory memory)
    {
        table.Append(" skmem:(r").Append(memory.ReceiveAllocated).Append(",rb").Append(memory.ReceiveBuffer)
            .Append(",t").Append(memory.SendAllocated).Append(",tb").Append(memory.SendBuffer)
            .Append(",f").Append(memory.ForwardAllocated).Append(",w").Append(memory.SendQueued)
            .Append(",o").Append(memory.OptionMemory).Append(",bl").Append(memory.Backlog)
            .Append(",d").Append(memory.Drops).Append(')');
    }

    /// <param name="table">The table whose current field (Process) gets the text.</param>
    /// <param name="entry">The socket.</param>
    /// <param name="details">Its details; <see cref="SocketDetails.Tcp"/> may be null (TIME-WAIT, UDP).</param>
    /// <param name="showOptions">ss -o or -e: also "ts sack ecn ecnseen fastopen".</param>
    /// <param name="numeric">ss -n: rates as plain numbers, not 1.2Mbps.</param>
    public static void Write(SsTable table, SocketEntry entry, SocketDetails details, bool showOptions, bool numeric)
    {
        if (details.Memory is { } memory)
            WriteMemory(table, memory);
        if (details.Tcp is not { } info)
            return;

        if (showOptions)
        {
            Flag(table, info.Options, 1, " ts");
            Flag(table, info.Options, 2, " sack");
            Flag(table, info.Options, 8, " ecn");
            Flag(table, info.Options, 16, " ecnseen");
            Flag(table, info.Options, 32, " fastopen");
        }
        if (!string.IsNullOrEmpty(details.Congestion))
            table.Append(' ').Append(details.Congestion);
        if ((info.Options & 4) != 0)
            table.Append(" wscale:").Append(info.SendWindowScale).Append(',').Append(info.ReceiveWindowScale);
        if (info.RetransmitTimeout != 0 && info.RetransmitTimeout != InitialRto)
            Milliseconds(table, " rto:", info.RetransmitTimeout);
        Number(table, " backoff:", info.Backoff);
        if (info.RoundTripTime != 0)
        {
            Milliseconds(table, " rtt:", info.RoundTripTime);
            table.Append('/').Append(CFormat.G(info.RoundTripTimeVariance / 1000.0));
        }
        if (info.DelayedAckTimeout != 0)
            Milliseconds(table, " ato:", info.DelayedAckTimeout);
        Number(table, " mss:", info.SendMss);
        Number(table, " pmtu:", info.PathMtu);
        Number(table, " rcvmss:", info.ReceiveMss);
        Number(table, " advmss:", info.AdvertisedMss);
        Number(table, " cwnd:", info.CongestionWindow);
        if (info.SendSlowStartThreshold < 0xFFFF)
            Number(table, " ssthresh:", info.SendSlowStartThreshold);
        Number(table, " bytes_sent:", info.BytesSent);
        Number(table, " bytes_retrans:", info.BytesRetransmitted);
        Number(table, " bytes_acked:", info.BytesAcked);
        Number(table, " bytes_received:", info.BytesReceived);
        Number(table, " segs_out:", info.SegmentsOut);
        Number(table, " segs_in:", info.SegmentsIn);
        Number(table, " data_segs_out:", info.DataSegmentsOut);
        Number(table, " data_segs_in:", info.DataSegmentsIn);
        WriteCongestionModule(table, details, numeric);
        WriteRates(table, info, details.Vegas, numeric);
        Number(table, " delivered:", info.Delivered);
        Number(table, " delivered_ce:", info.DeliveredCe);
        if (info.DeliveryRateAppLimited)
            table.Append(" app_limited");
        if (info.BusyTime != 0)
        {
            table.Append(" busy:").Append(info.BusyTime / 1000).Append("ms");
            Limited(table, " rwnd_limited:", info.ReceiveWindowLimited, info.BusyTime);
            Limited(table, " sndbuf_limited:", info.SendBufferLimited, info.BusyTime);
        }
        Number(table, " unacked:", info.Unacked);
        if (info.Retransmitted != 0 || info.TotalRetransmits != 0)
            table.Append(" retrans:").Append(info.Retransmitted).Append('/').Append(info.TotalRetransmits);
        Number(table, " lost:", info.Lost);
        if (entry.TcpState != TcpState.Listen)
            Number(table, " sacked:", info.Sacked);
        Number(table, " dsack_dups:", info.DsackDuplicates);
        if (info.Reordering != 3)
            table.Append(" reordering:").Append(info.Reordering);
        Number(table, " reord_seen:", info.ReorderingSeen);
        if (info.ReceiveRoundTripTime != 0)
            Milliseconds(table, " rcv_rtt:", info.ReceiveRoundTripTime);
        Number(table, " rcv_space:", info.ReceiveSpace);
        Number(table, " rcv_ssthresh:", info.ReceiveSlowStartThreshold);
        Number(table, " notsent:", info.NotSentBytes);
        if (info.MinRoundTripTime != 0 && info.MinRoundTripTime != uint.MaxValue)
            Milliseconds(table, " minrtt:", info.MinRoundTripTime);
        Number(table, " rcv_ooopack:", info.ReceiveOutOfOrderPackets);
        Number(table, " snd_wnd:", info.SendWindow);
    }

    private static void WriteCongestionModule(SsTable table, SocketDetails details, bool numeric)
    {
        if (details.Dctcp is { } dctcp)
        {
            if (dctcp.Enabled)
            {
                table.Append(" dctcp:(ce_state:").Append(dctcp.CeState).Append(",alpha:").Append(dctcp.Alpha)
                    .Append(",ab_ecn:").Append(dctcp.AckedBytesEcn).Append(",ab_tot:").Append(dctcp.AckedBytesTotal).Append(')');
            }
            else
            {
                table.Append(" dctcp:fallback_mode");
            }
        }
        if (details.Bbr is { } bbr)
        {
            table.Append(" bbr:(bw:").Append(Rate(bbr.Bandwidth * 8.0, numeric)).Append("bps,mrtt:").Append(CFormat.G(bbr.MinRtt / 1000.0));
            if (bbr.PacingGain != 0)
                table.Append(",pacing_gain:").Append(CFormat.G(bbr.PacingGain / 256.0));
            if (bbr.CwndGain != 0)
                table.Append(",cwnd_gain:").Append(CFormat.G(bbr.CwndGain / 256.0));
            table.Append(')');
        }
    }

    private static void WriteRates(SsTable table, TcpDetails info, VegasDetails? vegas, bool numeric)
    {
        // Vegas measures its own RTT; ss prefers it for the send rate.
        double rtt = info.RoundTripTime;
        if (vegas is { Enabled: true, Rtt: not 0 and not 0x7fffffff })
            rtt = vegas.Rtt;
        if (rtt > 0 && info.SendMss != 0 && info.CongestionWindow != 0)
            table.Append(" send ").Append(Rate((double)info.CongestionWindow * info.SendMss * 8_000_000.0 / rtt, numeric)).Append("bps");
        Number(table, " lastsnd:", info.LastDataSentMs);
        Number(table, " lastrcv:", info.LastDataReceivedMs);
        Number(table, " lastack:", info.LastAckReceivedMs);
        if (info.PacingRate != 0 && info.PacingRate != ulong.MaxValue)
        {
            table.Append(" pacing_rate ").Append(Rate(info.PacingRate * 8.0, numeric)).Append("bps");
            if (info.MaxPacingRate != 0 && info.MaxPacingRate != ulong.MaxValue)
                table.Append('/').Append(Rate(info.MaxPacingRate * 8.0, numeric)).Append("bps");
        }
        if (info.DeliveryRate != 0)
            table.Append(" delivery_rate ").Append(Rate(info.DeliveryRate * 8.0, numeric)).Append("bps");
    }

    /// <summary>ss's sprint_bw: bits per second, scaled to k/M/G/T with three significant digits unless numeric.</summary>
    public static string Rate(double bitsPerSecond, bool numeric)
    {
        if (numeric)
            return CFormat.F(bitsPerSecond, 0);
        return bitsPerSecond switch
        {
            >= 1e12 => CFormat.G(bitsPerSecond / 1e12, 3) + "T",
            >= 1e9 => CFormat.G(bitsPerSecond / 1e9, 3) + "G",
            >= 1e6 => CFormat.G(bitsPerSecond / 1e6, 3) + "M",
            >= 1e3 => CFormat.G(bitsPerSecond / 1e3, 3) + "k",
            _ => CFormat.G(bitsPerSecond),
        };
    }

    private static void Limited(SsTable table, string label, ulong limited, ulong busy)
    {
        if (limited == 0)
            return;
        table.Append(label).Append(limited / 1000).Append("ms(")
            .Append(CFormat.F(100.0 * limited / busy, 1)).Append("%)");
    }

    private static void Flag(SsTable table, byte options, byte bit, string text)
    {
        if ((options & bit) != 0)
            table.Append(text);
    }

    private static void Number(SsTable table, string label, ulong value)
    {
        if (value != 0)
            table.Append(label).Append(value);
    }

    private static void Milliseconds(SsTable table, string label, uint microseconds) =>
        table.Append(label).Append(CFormat.G(microseconds / 1000.0));

    /// <summary>ss's print_ms_timer: "1min", "9min59sec", "59sec", "2.500ms"-style text.</summary>
    public static string Timer(ulong milliseconds)
    {
        ulong seconds = milliseconds / 1000;
        ulong minutes = seconds / 60;
        seconds %= 60;
        ulong millis = milliseconds % 1000;
        var text = new System.Text.StringBuilder();
        if (minutes != 0)
        {
            millis = 0;
            text.Append(CultureInfo.InvariantCulture, $"{minutes}min");
            if (minutes > 9)
                seconds = 0;
        }
        if (seconds != 0)
        {
            if (seconds > 9)
                millis = 0;
            text.Append(CultureInfo.InvariantCulture, $"{seconds}{(millis != 0 ? "." : "sec")}");
        }
        if (millis != 0)
            text.Append(CultureInfo.InvariantCulture, $"{millis:000}ms");
        return text.ToString();
    }
}
