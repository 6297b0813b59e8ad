using System.Globalization;
using Netstate.Core.Model;
using Netstate.Core.Names;
using Netstate.Core.Owners;
using Netstate.Core.Text;
using Netstate.Core.Vocabulary;

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

    /// <summary>Wide enough for the kernel's own spelling, net:[4026531840]; longer names push the row right, as long addresses do.</summary>
    private const int NamespaceWidth = 16;
    private const string NamespaceHeader = "Netns            ";

    private readonly TextWriter _out;
    private readonly NetstatRenderOptions _options;
    private readonly NetstatAddressText _addresses;
    private readonly UserNames? _users;
    private readonly LineBuffer _line = new();

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
        if (_options.Namespaces)
            _out.Write(NamespaceHeader);
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
        if (_options.Namespaces)
            _out.Write(NamespaceHeader);
        _out.Write(UnixColumns);
        if (_options.Programs)
            _out.Write(" PID/Program name    ");
        _out.Write(" Path\n");
    }

    public void WriteInetRow(SocketEntry entry, OwnerMap? owners)
    {
        LineBuffer line = _line.Clear();
        ServiceTable table = entry.Protocol switch
        {
            Protocol.Tcp => ServiceTable.Tcp,
            Protocol.Raw => ServiceTable.Raw,
            _ => ServiceTable.Udp,
        };

        WriteNamespace(line, entry);
        // tcp and raw print "%-4s  ", udp "%-5s ": the same six columns unless a name is five long.
        if (entry.Protocol is Protocol.Udp or Protocol.UdpLite)
            line.Column(ProtocolText.Of(entry, Dialect.Netstat), 5).Append(' ');
        else
            line.Column(ProtocolText.Of(entry, Dialect.Netstat), 4).Append("  ");
        // Inet sources always report both queues.
        line.RightAligned(entry.RecvQueue ?? 0, 6).Append(' ');
        line.RightAligned(entry.SendQueue ?? 0, 6).Append(' ');
        int start = line.Length;
        _addresses.Write(line, entry.Local, table).PadFrom(start, 23).Append(' ');
        start = line.Length;
        _addresses.Write(line, entry.Remote, table).PadFrom(start, 23).Append(' ');
        line.Column(SocketStateText.NetstatColumn(entry), 11);

        if (_options.Extend)
        {
            // User names can come from LDAP or other NSS sources: not necessarily written by the admin.
            line.Append(' ');
            start = line.Length;
            if (entry.Uid is not uint uid)
                line.Append('-');
            else if (_users?.NameOf(uid) is { } name)
                line.Append(UntrustedText.Escape(name));
            else
                line.Append(uid);
            line.PadFrom(start, 10).Append(' ');
            start = line.Length;
            line.Append(entry.Inode).PadFrom(start, 10);
        }
        if (_options.Programs)
            WriteProgram(line.Append(' '), entry.Inode, owners);
        if (_options.Timers)
            WriteTimer(line.Append(' '), entry);
        line.Append('\n').WriteTo(_out);
    }

    public void WriteUnixRow(SocketEntry entry, OwnerMap? owners)
    {
        UnixSocketInfo unix = entry.Unix!;
        LineBuffer line = _line.Clear();
        WriteNamespace(line, entry);
        line.Column("unix", 5).Append(' ');
        int start = line.Length;
        if (unix.RefCount is { } refCount)
            line.Append(refCount);
        else
            line.Append('-');
        line.PadFrom(start, 6).Append(' ');
        line.Column(UnixFlagsText(unix.Flags), 11).Append(' ');
        line.Column(ProtocolText.Of(unix.Type), 10).Append(' ');
        line.Column(SocketStateText.NetstatColumn(entry), 13).Append(' ');
        start = line.Length;
        line.Append(entry.Inode).PadFrom(start, 8);
        if (_options.Programs)
            WriteProgram(line.Append(' '), entry.Inode, owners);
        line.Append(' ');
        if (unix.Path is not null)
            line.Append(UntrustedText.Escape(unix.Path));
        line.Append('\n').WriteTo(_out);
    }

    private void WriteNamespace(LineBuffer line, SocketEntry entry)
    {
        if (!_options.Namespaces)
            return;
        // Names come from files anyone with root may create under /run/netns.
        line.Column(entry.Namespace is { } space ? UntrustedText.Escape(space.Label) : "-", NamespaceWidth).Append(' ');
    }

    private string Selection() =>
        _options.All ? "(servers and established)" : _options.Listening ? "(only servers)" : "(w/o servers)";

    /// <summary>netstat's -o text; TCP names each timer, UDP and raw only number it.</summary>
    private static void WriteTimer(LineBuffer line, SocketEntry entry)
    {
        int timer = (int)entry.Timer;
        if (entry.Timer == TimerKind.Off)
        {
            line.Append("off (0.00/");
        }
        else
        {
            string? name = entry.Protocol == Protocol.Tcp
                ? entry.Timer is >= TimerKind.On and <= TimerKind.Probe ? TimerText.Of(entry.Timer, Dialect.Netstat) : null
                : timer switch { 1 => "on1", 2 => "on2", _ => null };
            if (name is null)
                line.Append("unkn-").Append((ulong)timer);
            else
                line.Append(name);
            Span<char> seconds = stackalloc char[32];
            (entry.TimerTicks / 100.0).TryFormat(seconds, out int written, "F2", CultureInfo.InvariantCulture);
            line.Append(" (").Append(seconds[..written]).Append('/');
        }
        // netstat zeroes the retransmit count it shows for UDP.
        ulong retransmits = entry.Protocol is Protocol.Udp or Protocol.UdpLite ? 0 : entry.Retransmits;
        line.Append(retransmits).Append('/');
        if (entry.Probes < 0)
            line.Append('-').Append((ulong)-(long)entry.Probes);
        else
            line.Append((ulong)entry.Probes);
        line.Append(')');
    }

    /// <summary>"PID/name" cut to 19 characters, or "-", in a 20-wide column; bytes outside printable ASCII become '.', as in netstat. A PID in another PID namespace adds that one in parentheses: "48213(1)/nginx".</summary>
    private static void WriteProgram(LineBuffer line, ulong inode, OwnerMap? owners)
    {
        int start = line.Length;
        if (owners?.First(inode) is not SocketOwner owner)
        {
            line.Append('-').PadFrom(start, ProgramWidth);
            return;
        }
        Span<char> text = stackalloc char[ProgramWidth];
        owner.Process.Pid.TryFormat(text, out int length, default, CultureInfo.InvariantCulture);
        // A container's process: its PID inside its own PID namespace too, "48213(1)/nginx".
        if (owner.Process.NamespacePid is int inner && length + 2 < ProgramWidth - 1 && inner.TryFormat(text[(length + 1)..^1], out int innerLength, default, CultureInfo.InvariantCulture))
        {
            text[length] = '(';
            text[length + 1 + innerLength] = ')';
            length += innerLength + 2;
        }
        byte[] name = owner.Process.ProgramName;
        int room = Math.Max(0, ProgramWidth - 1 - length - 1);
        if (length < ProgramWidth - 1)
            text[length++] = '/';
        for (int i = 0; i < name.Length && i < room; i++)
            text[length++] = name[i] is >= 0x20 and <= 0x7E ? (char)name[i] : '.';
        line.Append(text[..length]).PadFrom(start, ProgramWidth);
    }

    /// <summary>"[ ACC W N ]" for every combination of __SO_ACCEPTCON, SO_WAITDATA and SO_NOSPACE (bits 16-18).</summary>
    private static readonly string[] UnixFlagTexts =
        ["[ ]", "[ ACC ]", "[ W ]", "[ ACC W ]", "[ N ]", "[ ACC N ]", "[ W N ]", "[ ACC W N ]"];

    private static string UnixFlagsText(ulong flags) => UnixFlagTexts[(int)((flags >> 16) & 0b111)];
}

/// <summary>The flags that shape netstat's columns.</summary>
/// <param name="Namespaces">--net, --all-namespaces: a first column names each socket's network namespace.</param>
internal sealed record NetstatRenderOptions(bool All, bool Listening, bool Extend, bool Programs, bool Timers, bool Namespaces = false);
