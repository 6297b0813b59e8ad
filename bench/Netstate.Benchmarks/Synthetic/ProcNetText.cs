using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Netstate.Benchmarks.Synthetic;

/// <summary>
/// Writes /proc/net/tcp, tcp6 and unix text byte for byte in the kernel's format (the seq_printf
/// strings of tcp_ipv4.c, tcp_ipv6.c and af_unix.c), with a mix of states like a busy server:
/// mostly ESTABLISHED, one row in ten TIME_WAIT (the shorter timewait format), one in a hundred LISTEN.
/// </summary>
public static class ProcNetText
{
    /// <summary>tcp_ipv4.c pads every line (header included) to TMPSZ - 1 = 149 characters.</summary>
    private const int Tcp4LineWidth = 149;

    private const string Tcp4Header =
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";

    private const string Tcp6Header =
        "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";

    private const string UnixHeader = "Num       RefCount Protocol Flags    Type St Inode Path";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>/proc/net/tcp with a header and <paramref name="rows"/> socket lines.</summary>
    public static byte[] Tcp4(int rows)
    {
        var text = new StringBuilder((rows + 1) * (Tcp4LineWidth + 1));
        text.Append(Tcp4Header.PadRight(Tcp4LineWidth)).Append('\n');
        for (int i = 0; i < rows; i++)
        {
            int start = text.Length;
            AppendRow(text, i, Hex4(V4(i, local: true)), Hex4(V4(i, local: false)));
            int width = text.Length - start;
            if (width < Tcp4LineWidth)
                text.Append(' ', Tcp4LineWidth - width);
            text.Append('\n');
        }
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary>/proc/net/tcp6: no padding, four native-endian words per address.</summary>
    public static byte[] Tcp6(int rows)
    {
        var text = new StringBuilder((rows + 1) * 180);
        text.Append(Tcp6Header).Append('\n');
        for (int i = 0; i < rows; i++)
        {
            AppendRow(text, i, Hex16(V6(i, local: true)), Hex16(V6(i, local: false)));
            text.Append('\n');
        }
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary>
    /// /proc/net/unix: one row in twenty a listener on a path, a quarter connected to a named path
    /// (the journal's stdout socket, as on a systemd machine), a quarter abstract, the rest unnamed.
    /// </summary>
    public static byte[] Unix(int rows)
    {
        var text = new StringBuilder((rows + 1) * 80);
        text.Append(UnixHeader).Append('\n');
        for (int i = 0; i < rows; i++)
        {
            // "%pK: %08X %08X %08X %04X %02X %5lu", then " path" when bound.
            bool listener = i % 20 == 0;
            string? path = listener ? $"/run/app/worker-{i}.sock"
                : (i % 4) switch
                {
                    1 => "/run/systemd/journal/stdout",
                    2 => "@/tmp/dbus-" + (i % 64).ToString("X4", Invariant),
                    _ => null,
                };
            text.Append(Pointer(i)).Append(": ")
                .Append(listener ? "00000002" : "00000003").Append(' ')
                .Append("00000000").Append(' ')
                .Append(listener ? "00010000" : "00000000").Append(' ')
                .Append(i % 8 == 7 ? "0002" : "0001").Append(' ')
                .Append(listener ? "01" : "03").Append(' ')
                .Append((200_000 + i).ToString(Invariant).PadLeft(5));
            if (path is not null)
                text.Append(' ').Append(path);
            text.Append('\n');
        }
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary>One row after the addresses are formatted: the state decides which kernel format applies.</summary>
    private static void AppendRow(StringBuilder text, int i, string local, string remote)
    {
        bool listen = i % 100 == 0;
        bool timeWait = !listen && i % 10 == 5;
        int localPort = listen || i % 2 == 0 ? 8080 : 32768 + (i % 28000);
        int remotePort = listen ? 0 : i % 2 == 0 ? 32768 + (i % 28000) : 8080;
        text.Append(i.ToString(Invariant).PadLeft(4)).Append(": ")
            .Append(listen ? new string('0', local.Length) : local).Append(':').Append(localPort.ToString("X4", Invariant)).Append(' ')
            .Append(listen ? new string('0', remote.Length) : remote).Append(':').Append(remotePort.ToString("X4", Invariant)).Append(' ');
        if (timeWait)
        {
            // get_timewait4_sock: "%02X %08X:%08X %02X:%08lX %08X %5d %8d %d %d %pK"
            text.Append("06 00000000:00000000 03:")
                .Append((1000 + i % 5000).ToString("X8", Invariant)).Append(" 00000000     0        0 0 3 ")
                .Append(Pointer(i));
            return;
        }
        // get_tcp4_sock: "%02X %08X:%08X %02X:%08lX %08X %5u %8d %lu %d %pK %lu %lu %u %u %d"
        bool keepalive = !listen && i % 7 == 0;
        bool retransmitting = !listen && i % 97 == 3;
        string timer = keepalive ? "02" : retransmitting ? "01" : "00";
        int when = keepalive ? 7000 + i % 200 : retransmitting ? 20 + i % 50 : 0;
        text.Append(listen ? "0A" : "01").Append(' ')
            .Append((retransmitting ? 1448 : 0).ToString("X8", Invariant)).Append(':')
            .Append((i % 13 == 0 ? i % 4096 : 0).ToString("X8", Invariant)).Append(' ')
            .Append(timer).Append(':').Append(when.ToString("X8", Invariant)).Append(' ')
            .Append((retransmitting ? 1 : 0).ToString("X8", Invariant)).Append(' ')
            .Append("1000".PadLeft(5)).Append(' ')
            .Append("0".PadLeft(8)).Append(' ')
            .Append((100_000 + i).ToString(Invariant)).Append(' ')
            .Append(listen ? "1" : "2").Append(' ')
            .Append(Pointer(i)).Append(' ')
            .Append(listen ? "100 0 0 10 0" : "20 4 30 10 -1");
    }

    /// <summary>A hashed kernel pointer as %pK prints it for root (16 hex digits).</summary>
    private static string Pointer(int i) => ((ulong)(uint)i * 0x9E3779B97F4A7C15UL).ToString("x16", Invariant);

    /// <summary>10.0.x.y (local) or 10.1.x.y (remote), network byte order.</summary>
    private static byte[] V4(int i, bool local) => [10, local ? (byte)0 : (byte)1, (byte)(i >> 8), (byte)i];

    /// <summary>2001:db8::(0|1):x:y, network byte order.</summary>
    private static byte[] V6(int i, bool local)
    {
        byte[] bytes = new byte[16];
        bytes[0] = 0x20;
        bytes[1] = 0x01;
        bytes[2] = 0x0d;
        bytes[3] = 0xb8;
        bytes[11] = local ? (byte)0 : (byte)1;
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), i);
        return bytes;
    }

    /// <summary>The kernel prints each 32-bit word of an address as a native-endian (little-endian here) %08X.</summary>
    private static string Hex4(byte[] address) => BinaryPrimitives.ReadUInt32LittleEndian(address).ToString("X8", Invariant);

    private static string Hex16(byte[] address)
    {
        var text = new StringBuilder(32);
        for (int word = 0; word < 4; word++)
            text.Append(BinaryPrimitives.ReadUInt32LittleEndian(address.AsSpan(word * 4)).ToString("X8", Invariant));
        return text.ToString();
    }
}
