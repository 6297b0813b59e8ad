using System.Globalization;
using System.Text;
using Netstate.Core.Model;
using Netstate.Core.Names;
using Netstate.Core.Owners;
using Netstate.Core.Text;

namespace Netstate.Cli.Rendering;

/// <summary>
/// Writes the socket tables in net-tools netstat's layout, byte for byte: the same headers, the
/// same fixed columns and trailing padding, the same timer and program-name texts.
/// </summary>
internal sealed class NetstatTableRenderer
{
    private const int ProgramWidth = 20;
    private const string InetColumns = "Proto Recv-Q Send-Q Local Address           Foreign Address         State      ";
    private const string UnixColumns = "Proto RefCnt Flags       Type       State         I-Node  ";

    private readonly TextWriter _out;
    private readonly NetstatRenderOptions _options;
    private readonly NetstatAddressText _addresses;
    private readonly UserNames? _users;
    private readonly StringBuilder _line = new(256);

    public NetstatTableRenderer(TextWriter output, NetstatRenderOptions options, NetstatAddressText addresses, UserNames? users)
    {
        _out = output;
        _options = options;
        _addresses = addresses;
        _users = users;
    }

    public void WriteInetHeader()
    {
        _out.Write("Active Internet connections ");
        _out.Write(Selection());
        _out.Write('\n');
        _out.Write(InetColumns);
        if (_options.Extend)
            _out.Write(" User       Inode     ");
        if (_options.Programs)
            _out.Write(" PID/Program name    ");
        if (_options.Timers)
            _out.Write(" Timer");
        _out.Write('\n');
    }

    public void WriteUnixHeader()
    {
        _out.Write("Active UNIX domain sockets ");
        _out.Write(Selection());
        _out.Write('\n');
        _out.Write(UnixColumns);
        if (_options.Programs)
            _out.Write(" PID/Program name    ");
        _out.Write(" Path\n");
    }

    public void WriteInetRow(SocketEntry entry, OwnerMap? owners)
    {
        StringBuilder line = _line.Clear();
        ServiceTable table = entry.Protocol switch
        {
            Protocol.Tcp => ServiceTable.Tcp,
            Protocol.Raw => ServiceTable.Raw,
            _ => ServiceTable.Udp,
        };
        string local = _addresses.Format(entry.Local, table);
        string remote = _addresses.Format(entry.Remote, table);
        string protocol = ProtocolName(entry);

        // tcp and raw print "%-4s  ", udp "%-5s ": the same six columns unless a name is five long.
        if (entry.Protocol is Protocol.Udp or Protocol.UdpLite)
            Pad(line, protocol, 5).Append(' ');
        else
            Pad(line, protocol, 4).Append("  ");
        PadLeft(line, entry.RecvQueue, 6).Append(' ');
        PadLeft(line, entry.SendQueue, 6).Append(' ');
        Pad(line, local, 23).Append(' ');
        Pad(line, remote, 23).Append(' ');
        Pad(line, StateText(entry), 11);

        if (_options.Extend)
        {
            // User names can come from LDAP or other NSS sources: not necessarily written by the admin.
            string user = _users?.NameOf(entry.Uid) is { } name ? UntrustedText.Escape(name) : entry.Uid.ToString(CultureInfo.InvariantCulture);
            line.Append(' ');
            Pad(line, user, 10).Append(' ');
            Pad(line, entry.Inode.ToString(CultureInfo.InvariantCulture), 10);
        }
        if (_options.Programs)
            Pad(line.Append(' '), ProgramText(entry.Inode, owners), ProgramWidth);
        if (_options.Timers)
            line.Append(' ').Append(TimerText(entry));
        line.Append('\n');
        _out.Write(line);
    }

    public void WriteUnixRow(SocketEntry entry, OwnerMap? owners)
    {
        UnixSocketInfo unix = entry.Unix!;
        StringBuilder line = _line.Clear();
        Pad(line, "unix", 5).Append(' ');
        Pad(line, unix.RefCount?.ToString(CultureInfo.InvariantCulture) ?? "-", 6).Append(' ');
        Pad(line, UnixFlagsText(unix.Flags), 11).Append(' ');
        Pad(line, UnixTypeText(unix.Type), 10).Append(' ');
        Pad(line, UnixStateText(unix), 13).Append(' ');
        Pad(line, entry.Inode.ToString(CultureInfo.InvariantCulture), 8);
        if (_options.Programs)
            Pad(line.Append(' '), ProgramText(entry.Inode, owners), ProgramWidth);
        line.Append(' ');
        if (unix.Path is not null)
            line.Append(UntrustedText.Escape(unix.Path));
        line.Append('\n');
        _out.Write(line);
    }

    private string Selection() =>
        _options.All ? "(servers and established)" : _options.Listening ? "(only servers)" : "(w/o servers)";

    private static string ProtocolName(SocketEntry entry)
    {
        bool v6 = entry.Family == Family.Inet6;
        return entry.Protocol switch
        {
            Protocol.Tcp => v6 ? "tcp6" : "tcp",
            Protocol.Udp => v6 ? "udp6" : "udp",
            Protocol.UdpLite => v6 ? "udpl6" : "udpl",
            _ => v6 ? "raw6" : "raw",
        };
    }

    private static string StateText(SocketEntry entry) => entry.Protocol switch
    {
        Protocol.Tcp => TcpStateName(entry.TcpState),
        Protocol.Udp or Protocol.UdpLite => entry.TcpState switch
        {
            TcpState.Established => "ESTABLISHED",
            TcpState.Close => "",
            _ => "UNKNOWN",
        },
        _ => entry.RawState.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>netstat's spelling of each TCP state.</summary>
    internal static string TcpStateName(TcpState state) => state switch
    {
        TcpState.Unknown => "",
        TcpState.Established => "ESTABLISHED",
        TcpState.SynSent => "SYN_SENT",
        TcpState.SynRecv => "SYN_RECV",
        TcpState.FinWait1 => "FIN_WAIT1",
        TcpState.FinWait2 => "FIN_WAIT2",
        TcpState.TimeWait => "TIME_WAIT",
        TcpState.Close => "CLOSE",
        TcpState.CloseWait => "CLOSE_WAIT",
        TcpState.LastAck => "LAST_ACK",
        TcpState.Listen => "LISTEN",
        TcpState.Closing => "CLOSING",
        TcpState.NewSynRecv => "NEW_SYN_RECV",
        TcpState.BoundInactive => "BOUND_INACTIVE",
        _ => "UNKNOWN",
    };

    /// <summary>netstat's -o text; TCP names each timer, UDP and raw only number it.</summary>
    private static string TimerText(SocketEntry entry)
    {
        string seconds = (entry.TimerTicks / 100.0).ToString("F2", CultureInfo.InvariantCulture);
        int timer = (int)entry.Timer;
        // netstat zeroes the retransmit count it shows for UDP.
        ulong retransmits = entry.Protocol is Protocol.Udp or Protocol.UdpLite ? 0 : entry.Retransmits;
        string counts = string.Create(CultureInfo.InvariantCulture, $"{retransmits}/{entry.Probes}");
        if (entry.Timer == TimerKind.Off)
            return $"off (0.00/{counts})";
        if (entry.Protocol == Protocol.Tcp)
        {
            string? name = entry.Timer switch
            {
                TimerKind.On => "on",
                TimerKind.Keepalive => "keepalive",
                TimerKind.TimeWait => "timewait",
                TimerKind.Probe => "probe",
                _ => null,
            };
            return name is null ? $"unkn-{timer} ({seconds}/{counts})" : $"{name} ({seconds}/{counts})";
        }
        return timer is 1 or 2 ? $"on{timer} ({seconds}/{counts})" : $"unkn-{timer} ({seconds}/{counts})";
    }

    /// <summary>"PID/name" cut to 19 characters, or "-"; bytes outside printable ASCII become '.', as in netstat.</summary>
    private static string ProgramText(ulong inode, OwnerMap? owners)
    {
        if (owners?.First(inode) is not SocketOwner owner)
            return "-";
        string pid = owner.Process.Pid.ToString(CultureInfo.InvariantCulture);
        byte[] name = owner.Process.ProgramName;
        int room = Math.Max(0, ProgramWidth - 1 - pid.Length - 1);
        Span<char> text = stackalloc char[ProgramWidth];
        pid.CopyTo(text);
        int length = pid.Length;
        if (length < ProgramWidth - 1)
            text[length++] = '/';
        for (int i = 0; i < name.Length && i < room; i++)
            text[length++] = name[i] is >= 0x20 and <= 0x7E ? (char)name[i] : '.';
        return new string(text[..length]);
    }

    /// <summary>"[ ACC W N ]" for every combination of __SO_ACCEPTCON, SO_WAITDATA and SO_NOSPACE (bits 16-18).</summary>
    private static readonly string[] UnixFlagTexts =
        ["[ ]", "[ ACC ]", "[ W ]", "[ ACC W ]", "[ N ]", "[ ACC N ]", "[ W N ]", "[ ACC W N ]"];

    private static string UnixFlagsText(ulong flags) => UnixFlagTexts[(int)((flags >> 16) & 0b111)];

    private static string UnixTypeText(UnixSocketType type) => type switch
    {
        UnixSocketType.Stream => "STREAM",
        UnixSocketType.Datagram => "DGRAM",
        UnixSocketType.Raw => "RAW",
        UnixSocketType.ReliableDatagram => "RDM",
        UnixSocketType.SeqPacket => "SEQPACKET",
        _ => "UNKNOWN",
    };

    private static string UnixStateText(UnixSocketInfo unix) => unix.State switch
    {
        UnixSocketState.Free => "FREE",
        UnixSocketState.Unconnected => (unix.Flags & UnixSocketInfo.AcceptConnectionsFlag) != 0 ? "LISTENING" : "",
        UnixSocketState.Connecting => "CONNECTING",
        UnixSocketState.Connected => "CONNECTED",
        UnixSocketState.Disconnecting => "DISCONNECTING",
        _ => "UNKNOWN",
    };

    private static StringBuilder Pad(StringBuilder line, string text, int width) =>
        line.Append(text).Append(' ', Math.Max(0, width - text.Length));

    private static StringBuilder PadLeft(StringBuilder line, ulong value, int width)
    {
        string text = value.ToString(CultureInfo.InvariantCulture);
        return line.Append(' ', Math.Max(0, width - text.Length)).Append(text);
    }
}

/// <summary>The flags that shape netstat's columns.</summary>
internal sealed record NetstatRenderOptions(bool All, bool Listening, bool Extend, bool Programs, bool Timers);
