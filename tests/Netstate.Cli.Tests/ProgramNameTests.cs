using System.Text;
using Netstate.Core.Model;
using Netstate.Core.Owners;
using Netstate.Core.Platform.Linux;
using Netstate.Core.Platform.Linux.Owners;
using static Netstate.Cli.Tests.TestSockets;

namespace Netstate.Cli.Tests;

/// <summary>
/// The -p column. OwnerMap has no public constructor, so each test lays out a fake /proc
/// (PID/cmdline and PID/fd/N → "socket:[inode]") and lets ProcessOwnerScanner build the map, as
/// the real command does. Expected texts follow prg_cache_load: argv[0] up to its first NUL,
/// bytes outside ' '..'~' turned into '.', the basename when argv[0] starts with '/', then
/// snprintf(finbuf, 20, "%s/%s", pid, name) — at most 19 characters — printed as " %-20s".
/// </summary>
public sealed class ProgramNameTests
{
    private const ulong Inode = 424242;
    private const string Listen22 = "tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN     ";

    private static OwnerMap Owners(TempTree proc, int pid, byte[] commandLine, ulong inode = Inode, int fd = 3)
    {
        string directory = pid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        proc.WriteBytes($"{directory}/cmdline", commandLine);
        proc.Link($"{directory}/fd/{fd}", $"socket:[{inode}]");
        return ProcessOwnerScanner.Scan(new ProcRoot(proc.Root));
    }

    private static string ProgramColumn(int pid, byte[] commandLine)
    {
        using var proc = new TempTree();
        OwnerMap owners = Owners(proc, pid, commandLine);
        SocketEntry entry = Inet(Protocol.Tcp, "0.0.0.0", 22, "0.0.0.0", 0, (byte)TcpState.Listen, inode: Inode);
        string row = Row(entry, programs: true, owners: owners);
        Assert.StartsWith(Listen22 + " ", row, StringComparison.Ordinal);
        Assert.EndsWith("\n", row, StringComparison.Ordinal);
        return row[(Listen22.Length + 1)..^1];
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Theory]
    [InlineData(1234, "/usr/sbin/nginx\0-g\0daemon off;\0", "1234/nginx          ")]
    [InlineData(1234, "nginx: master process /usr/sbin/nginx\0", "1234/nginx: master  ")]
    [InlineData(812, "sshd: root@pts/0\0", "812/sshd: root@pts/ ")]
    [InlineData(1, "/sbin/init\0splash\0", "1/init              ")]
    [InlineData(4194304, "/usr/lib/systemd/systemd-resolved\0", "4194304/systemd-res ")]
    [InlineData(55, "python3\0/usr/bin/server.py\0", "55/python3          ")]
    [InlineData(56, "./relative/bin\0", "56/./relative/bin   ")]
    // An empty command line (a process mid-exec, or a kernel thread holding a socket).
    [InlineData(77, "", "77/                 ")]
    // argv[0] that ends in '/': the basename is empty.
    [InlineData(78, "/usr/bin/\0", "78/                 ")]
    // No NUL at all: the whole text is argv[0].
    [InlineData(79, "/opt/app/bin/worker", "79/worker           ")]
    public void Shows_pid_and_argv0_cut_to_19_characters(int pid, string commandLine, string expected)
    {
        Assert.Equal(expected, ProgramColumn(pid, Bytes(commandLine)));
    }

    [Theory]
    // A name chosen to take over the terminal: ESC, BEL and CSI come out as dots.
    [InlineData("\u001b[2J\u001b[31mevil\0", "900/.[2J.[31mevil   ")]
    [InlineData("\u001b]0;owned\u0007\0", "900/.]0;owned.      ")]
    // A name chosen to fake a second row.
    [InlineData("a\nb\0", "900/a.b             ")]
    [InlineData("a\r\n\tb\0", "900/a...b           ")]
    // DEL and non-ASCII: each byte one dot (UTF-8 "é" is two bytes).
    [InlineData("del\u007f\0", "900/del.            ")]
    [InlineData("café\0", "900/caf..           ")]
    [InlineData("\u00e4\u00f6\u00fc\0", "900/......          ")]
    // Controls inside an absolute path: dots first, then the basename is taken.
    [InlineData("/tmp/\u001b[1m/x\u001by\0", "900/x.y             ")]
    public void Hostile_bytes_in_process_names_become_dots(string commandLine, string expected)
    {
        string column = ProgramColumn(900, Bytes(commandLine));
        Assert.Equal(expected, column);
        Assert.DoesNotContain(column, c => c < ' ' || c > '~');
    }

    [Fact]
    public void Raw_c1_and_invalid_utf8_bytes_become_dots()
    {
        byte[] commandLine = [(byte)'x', 0x9B, (byte)'2', (byte)'J', 0xFF, 0xC3, (byte)'y', 0];
        Assert.Equal("901/x.2J..y         ", ProgramColumn(901, commandLine));
    }

    [Fact]
    public void Only_argv0_is_shown()
    {
        Assert.Equal("902/sh              ", ProgramColumn(902, Bytes("sh\0-c\0\u001b[2J evil\0")));
    }

    [Fact]
    public void A_name_of_exactly_the_room_left_fits_without_cutting()
    {
        // "903/" leaves 15 characters.
        Assert.Equal("903/abcdefghijklmno ", ProgramColumn(903, Bytes("abcdefghijklmno\0")));
        Assert.Equal("903/abcdefghijklmno ", ProgramColumn(903, Bytes("abcdefghijklmnop\0")));
    }

    [Fact]
    public void The_lowest_pid_holding_a_socket_is_shown()
    {
        using var proc = new TempTree();
        proc.WriteBytes("300/cmdline", Bytes("/usr/bin/child\0"));
        proc.Link("300/fd/5", $"socket:[{Inode}]");
        proc.WriteBytes("200/cmdline", Bytes("/usr/bin/parent\0"));
        proc.Link("200/fd/7", $"socket:[{Inode}]");
        OwnerMap owners = ProcessOwnerScanner.Scan(new ProcRoot(proc.Root));

        SocketEntry entry = Inet(Protocol.Tcp, "0.0.0.0", 22, "0.0.0.0", 0, (byte)TcpState.Listen, inode: Inode);
        Assert.Equal(Listen22 + " 200/parent          \n", Row(entry, programs: true, owners: owners));
    }

    [Fact]
    public void Descriptors_that_are_not_sockets_do_not_count()
    {
        using var proc = new TempTree();
        proc.WriteBytes("400/cmdline", Bytes("cat\0"));
        proc.Link("400/fd/0", $"pipe:[{Inode}]");
        proc.Link("400/fd/1", "/dev/null");
        proc.Link("400/fd/2", $"anon_inode:[{Inode}]");
        OwnerMap owners = ProcessOwnerScanner.Scan(new ProcRoot(proc.Root));

        SocketEntry entry = Inet(Protocol.Tcp, "0.0.0.0", 22, "0.0.0.0", 0, (byte)TcpState.Listen, inode: Inode);
        Assert.Equal(Listen22 + " -                   \n", Row(entry, programs: true, owners: owners));
    }

    [Fact]
    public void The_old_socket_link_form_is_recognised()
    {
        using var proc = new TempTree();
        proc.WriteBytes("401/cmdline", Bytes("old\0"));
        proc.Link("401/fd/3", $"[0000]:{Inode}");
        OwnerMap owners = ProcessOwnerScanner.Scan(new ProcRoot(proc.Root));

        SocketEntry entry = Inet(Protocol.Tcp, "0.0.0.0", 22, "0.0.0.0", 0, (byte)TcpState.Listen, inode: Inode);
        Assert.Equal(Listen22 + " 401/old             \n", Row(entry, programs: true, owners: owners));
    }

    [Fact]
    public void A_socket_with_inode_0_has_no_owner()
    {
        // TIME_WAIT sockets report inode 0; no descriptor can name it.
        using var proc = new TempTree();
        OwnerMap owners = Owners(proc, 500, Bytes("x\0"), inode: Inode);
        SocketEntry entry = Inet(Protocol.Tcp, "10.0.0.1", 22, "10.0.0.2", 5000, (byte)TcpState.TimeWait, inode: 0);
        Assert.Equal("tcp        0      0 10.0.0.1:22             10.0.0.2:5000           TIME_WAIT   -                   \n",
            Row(entry, programs: true, owners: owners));
    }

    [Fact]
    public void Unix_rows_show_the_owner_before_the_path()
    {
        using var proc = new TempTree();
        OwnerMap owners = Owners(proc, 600, Bytes("/usr/bin/dbus-daemon\0--system\0"), inode: 12345);
        SocketEntry entry = Unix(2, UnixSocketInfo.AcceptConnectionsFlag, UnixSocketType.Stream, UnixSocketState.Unconnected, 12345, "/run/dbus/system_bus_socket");
        Assert.Equal("unix  2      [ ACC ]     STREAM     LISTENING     12345    600/dbus-daemon      /run/dbus/system_bus_socket\n",
            Row(entry, programs: true, owners: owners));
    }

    [Fact]
    public void Extend_programs_and_timers_with_an_owner()
    {
        using var proc = new TempTree();
        OwnerMap owners = Owners(proc, 1234, Bytes("/usr/sbin/sshd\0-D\0"));
        SocketEntry entry = Inet(Protocol.Tcp, "0.0.0.0", 22, "0.0.0.0", 0, (byte)TcpState.Listen, uid: 0, inode: Inode);
        Assert.Equal(Listen22 + " 0          424242     1234/sshd            off (0.00/0/0)\n",
            Row(entry, extend: true, programs: true, timers: true, owners: owners));
    }
}
