using System.Net;
using Netstate.Cli.Arguments;
using Netstate.Cli.Commands;
using Netstate.Cli.Rendering;
using Netstate.Core.Model;
using Netstate.Core.Owners;
using Netstate.Core.Platform.Windows;

namespace Netstate.Cli.Tests;

/// <summary>Windows netstat's command line and layout, on Linux: what netstate does on Windows with the same rows.</summary>
public sealed class WindowsNetstatTests
{
    private static NetstatOptions Parse(params string[] args) => WindowsNetstatArgumentParser.Parse(args);

    [Theory]
    [InlineData("-ano")]
    [InlineData("/a", "/n", "/o")]
    [InlineData("-a", "-N", "-O")]
    [InlineData("-ona")]
    public void Windows_spellings_of_ano_all_mean_every_socket_numeric_with_pids(params string[] args)
    {
        NetstatOptions options = Parse(args);

        Assert.Equal((Mode.Sockets, OutputFormat.Windows, true, true, true, true, false), (options.Mode, options.Format, options.All, options.NumericHosts, options.WindowsPids, options.Programs, options.WindowsExecutables));
        Assert.Equal(SocketTables.Tcp | SocketTables.Udp, options.Tables);
    }

    [Theory]
    [InlineData("TCP", SocketTables.Tcp4)]
    [InlineData("tcp", SocketTables.Tcp4)]
    [InlineData("TCPv6", SocketTables.Tcp6)]
    [InlineData("UDP", SocketTables.Udp4)]
    [InlineData("udpv6", SocketTables.Udp6)]
    public void Dash_p_names_one_protocol_and_one_family_as_windows_netstat_does(string protocol, SocketTables expected)
    {
        Assert.Equal(expected, Parse("-anp", protocol).Tables);
        Assert.Equal(expected, Parse("-an", "-p", protocol).Tables);
        Assert.Equal(expected, Parse("-an", "-p" + protocol).Tables);
    }

    [Fact]
    public void Without_a_the_list_is_connections_only()
    {
        NetstatOptions options = Parse("-n");

        Assert.False(options.All);
        Assert.False(options.Listening);
        Assert.False(options.WindowsPids);
    }

    [Fact]
    public void A_bare_number_is_the_interval_and_b_asks_for_executables()
    {
        NetstatOptions options = Parse("-abno", "5");

        Assert.True(options.Continuous);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Interval);
        Assert.True(options.WindowsExecutables);
    }

    [Fact]
    public void Netstate_options_and_a_filter_work_on_top_of_the_windows_flags()
    {
        NetstatOptions json = Parse("-ano", "--json");
        NetstatOptions counted = Parse("-an", "--count-by", "state", "--top", "3");
        NetstatOptions filtered = Parse("-ano", "state", "listening");

        Assert.Equal(OutputFormat.Json, json.Format);
        Assert.Equal(OutputFormat.Windows, counted.Format);
        Assert.Equal(3, counted.Top);
        Assert.Single(counted.CountBy);
        Assert.NotNull(filtered.Filter);
    }

    [Theory]
    [InlineData("-?")]
    [InlineData("/?")]
    [InlineData("-h")]
    [InlineData("--help")]
    public void Help_is_the_windows_usage(string flag)
    {
        NetstatOptions options = Parse(flag);

        Assert.Equal((Mode.Help, OutputFormat.Windows), (options.Mode, options.Format));
    }

    [Theory]
    [InlineData("unknown option '-z'", "-z")]
    [InlineData("option '-p' needs a protocol", "-anp")]
    [InlineData("unknown protocol 'icmp' for -p", "-an", "-p", "icmp")]
    [InlineData("unexpected argument 'foo'", "-an", "foo")]
    [InlineData("-r cannot be combined with -s or -e", "-rs")]
    [InlineData("unknown protocol 'sctp' for -p with -s", "-s", "-p", "sctp")]
    [InlineData("-p selects a protocol", "-r", "-p", "tcp")]
    [InlineData("the protocol statistics (-s) prints in Windows netstat's layout only", "-s", "--json")]
    [InlineData("a second interval '7' after '5'", "5", "7")]
    [InlineData("the interval must be a number of seconds from 1 to 86400, not '0'", "-an", "0")]
    public void Bad_command_lines_get_one_clear_line(string message, params string[] args)
    {
        var error = Assert.Throws<UsageException>(() => Parse(args));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-x", "NetworkDirect connections (-x) are not shown")]
    [InlineData("-y", "TCP connection templates (-y) are not shown")]
    public void Flags_netstate_cannot_serve_are_refused_by_name(string flag, string message)
    {
        var error = Assert.Throws<UserFacingException>(() => Parse("-an", flag));

        Assert.Equal(message, error.Message);
        Assert.Contains("no documented Windows call", error.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-ant")]
    [InlineData("/a", "/n", "/T")]
    [InlineData("-aont")]
    public void Dash_t_asks_for_the_offload_state_column(params string[] args)
    {
        NetstatOptions options = Parse(args);

        Assert.Equal((Mode.Sockets, OutputFormat.Windows, true, true), (options.Mode, options.Format, options.All, options.WindowsOffload));
        Assert.Equal(args.Length == 1 && args[0].Contains('o', StringComparison.Ordinal), options.WindowsPids);
        Assert.False(Parse("-ano").WindowsOffload);
    }

    [Theory]
    [InlineData("-ant", "--json")]
    [InlineData("-ant", "--csv")]
    [InlineData("-ant", "--count-by", "state")]
    public void Dash_t_is_refused_with_output_that_has_no_place_for_it(params string[] args)
    {
        var error = Assert.Throws<UsageException>(() => Parse(args));

        Assert.StartsWith("the offload state (-t) is a column of Windows netstat's layout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_t_each_tcp_row_ends_with_its_offload_state_and_udp_rows_with_nothing()
    {
        var output = new StringWriter { NewLine = "\n" };
        (SocketListing listing, List<SocketEntry> entries) = Listing();
        // The first IPv4 connection is missing: it came or went between the two reads, and stays blank (not InHost).
        TcpOffloadStates offload = States(entries, (0, 0), (2, 2), (3, 3), (4, 1));

        new WindowsNetstatRenderer(output, pids: false, executables: false, offload: true).WriteSockets(listing with { Offload = offload });

        Assert.Equal(
            "\n" +
            "Active Connections\n" +
            "\n" +
            "  Proto  Local Address          Foreign Address        State           Offload State\n" +
            "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       InHost\n" +
            "  TCP    192.168.1.20:50123     93.184.216.34:443      ESTABLISHED\n" +
            "  TCP    127.0.0.1:49670        127.0.0.1:8080         TIME_WAIT       Offloaded\n" +
            "  TCP    [::]:135               [::]:0                 LISTENING       Uploading\n" +
            "  TCP    [2001:db8::20]:50500   [2001:db8::1]:22       SYN_RECEIVED    Offloading\n" +
            "  UDP    0.0.0.0:5353           *:*\n" +
            "  UDP    [::]:5355              *:*\n",
            output.ToString());
    }

    [Fact]
    public void With_o_and_t_the_pid_comes_before_the_offload_state()
    {
        var output = new StringWriter { NewLine = "\n" };
        (SocketListing listing, List<SocketEntry> entries) = Listing();
        TcpOffloadStates offload = States(entries, (0, 0), (1, 2), (2, 0), (3, 0));

        new WindowsNetstatRenderer(output, pids: true, executables: true, offload: true).WriteSockets(listing with { Offload = offload });

        string[] lines = output.ToString().Split('\n');
        Assert.Equal(
        [
            "  Proto  Local Address          Foreign Address        State           PID             Offload State",
            "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1060            InHost",
            " [svchost.exe]",
            "  TCP    192.168.1.20:50123     93.184.216.34:443      ESTABLISHED     7244            Offloaded",
            " Can not obtain ownership information",
            "  TCP    127.0.0.1:49670        127.0.0.1:8080         TIME_WAIT       0               InHost",
            " Can not obtain ownership information",
            "  TCP    [::]:135               [::]:0                 LISTENING       1060            InHost",
            " [svchost.exe]",
            // No state read for this one: the PID ends the row.
            "  TCP    [2001:db8::20]:50500   [2001:db8::1]:22       SYN_RECEIVED    3112",
            " [app3112.exe]",
            "  UDP    0.0.0.0:5353           *:*                                    2276",
            " [app2276.exe]",
        ], lines[3..16]);
    }

    [Fact]
    public void An_offload_value_windows_does_not_document_is_shown_as_its_number()
    {
        (_, List<SocketEntry> entries) = Listing();

        Assert.Equal("  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       4",
            WindowsNetstatRenderer.RowOf(entries[0], null, pids: false, offload: WindowsNetstatRenderer.OffloadText(entries[0], States(entries, (0, 4)))));
        Assert.Equal("", WindowsNetstatRenderer.OffloadText(entries[0], null));
    }

    [Fact]
    public void Tcp_rows_without_an_offload_state_get_one_note_saying_why_and_udp_rows_never_count()
    {
        (_, List<SocketEntry> entries) = Listing();
        List<SocketEntry> tcp = entries.Where(e => e.Protocol == Protocol.Tcp).ToList();
        List<SocketEntry> udp = entries.Where(e => e.Protocol == Protocol.Udp).ToList();
        TcpOffloadStates all = States(entries, (0, 0), (1, 0), (2, 0), (3, 0), (4, 0));
        TcpOffloadStates raced = States(entries, (0, 0), (1, 0), (2, 0), (3, 0));
        TcpOffloadStates raced2 = States(entries, (0, 0), (1, 0), (2, 0));
        // GetTcp6Table2 failed: the two IPv6 rows are blank.
        TcpOffloadStates failed = States(entries, ["GetTcp6Table2: The request is not supported. (error 50)"], (0, 0), (1, 0), (2, 0));

        Assert.Null(WindowsOffloadNote.Note(all, entries));
        Assert.Null(WindowsOffloadNote.Note(raced, udp));
        Assert.Equal("netstate: 1 TCP row was not in the offload table read just after (opened or closed in between); the Offload State is left blank", WindowsOffloadNote.Note(raced, tcp));
        Assert.Equal("netstate: 2 TCP rows were not in the offload table read just after (opened or closed in between); the Offload State is left blank", WindowsOffloadNote.Note(raced2, entries));
        Assert.Equal("netstate: the offload state could not be read (GetTcp6Table2: The request is not supported. (error 50)); the Offload State of 2 TCP rows is left blank", WindowsOffloadNote.Note(failed, entries));
        // A failed call whose table has no row shown (-p tcp) leaves nothing blank: nothing to say.
        Assert.Null(WindowsOffloadNote.Note(failed, tcp.Take(3)));
    }

    /// <summary>Offload states for the entries at the given indexes, keyed as the platform keys them.</summary>
    private static TcpOffloadStates States(List<SocketEntry> entries, params (int Index, uint State)[] states) => States(entries, [], states);

    private static TcpOffloadStates States(List<SocketEntry> entries, IReadOnlyList<string> failures, params (int Index, uint State)[] states) =>
        new(states.ToDictionary(s => entries[s.Index].Inode, s => s.State), failures);

    [Fact]
    public void The_layout_has_windows_netstats_header_columns_and_udp_stars()
    {
        var output = new StringWriter { NewLine = "\n" };
        (SocketListing listing, _) = Listing();

        new WindowsNetstatRenderer(output, pids: true, executables: false).WriteSockets(listing);

        Assert.Equal(
            "\n" +
            "Active Connections\n" +
            "\n" +
            "  Proto  Local Address          Foreign Address        State           PID\n" +
            "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1060\n" +
            "  TCP    192.168.1.20:50123     93.184.216.34:443      ESTABLISHED     7244\n" +
            "  TCP    127.0.0.1:49670        127.0.0.1:8080         TIME_WAIT       0\n" +
            "  TCP    [::]:135               [::]:0                 LISTENING       1060\n" +
            "  TCP    [2001:db8::20]:50500   [2001:db8::1]:22       SYN_RECEIVED    3112\n" +
            "  UDP    0.0.0.0:5353           *:*                                    2276\n" +
            "  UDP    [::]:5355              *:*                                    1876\n",
            output.ToString());
    }

    [Fact]
    public void Findstr_style_matching_finds_a_port_in_the_local_column()
    {
        var output = new StringWriter { NewLine = "\n" };
        (SocketListing listing, _) = Listing();

        new WindowsNetstatRenderer(output, pids: true, executables: false).WriteSockets(listing);

        string[] hits = output.ToString().Split('\n').Where(l => l.Contains(":135 ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, hits.Length);
        Assert.All(hits, h => Assert.EndsWith(" 1060", h, StringComparison.Ordinal));
    }

    [Fact]
    public void Without_o_there_is_no_pid_column_and_with_b_the_executable_follows_each_row()
    {
        var plain = new StringWriter { NewLine = "\n" };
        var named = new StringWriter { NewLine = "\n" };
        (SocketListing listing, _) = Listing();

        new WindowsNetstatRenderer(plain, pids: false, executables: false).WriteSockets(listing);
        new WindowsNetstatRenderer(named, pids: false, executables: true).WriteSockets(listing);

        string[] plainLines = plain.ToString().Split('\n');
        Assert.Equal("  Proto  Local Address          Foreign Address        State", plainLines[3]);
        Assert.Equal("  UDP    0.0.0.0:5353           *:*", plainLines[9]);
        string[] namedLines = named.ToString().Split('\n');
        Assert.Equal("  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING", namedLines[4]);
        Assert.Equal(" [svchost.exe]", namedLines[5]);
        // The TIME_WAIT row has PID 0; 7244's name could not be read: both say so as Windows netstat does.
        Assert.Equal(" Can not obtain ownership information", namedLines[7]);
        Assert.Equal(" Can not obtain ownership information", namedLines[9]);
    }

    [Fact]
    public void A_hostile_process_name_is_escaped_on_the_b_line()
    {
        var process = new ProcessInfo(9, "evil\u001b[2J.exe"u8.ToArray());

        Assert.Equal(" [evil\\x1B[2J.exe]", WindowsNetstatRenderer.ExecutableLine(new SocketOwner(process, -1)));
    }

    [Fact]
    public void With_b_a_service_hosts_services_come_on_their_own_line_before_the_executable()
    {
        var output = new StringWriter { NewLine = "\n" };
        (SocketListing listing, _) = Listing(pid => pid switch
        {
            1060 => ["RpcEptMapper", "RpcSs"],
            7244 => ["Dnscache"],
            _ => [],
        });

        new WindowsNetstatRenderer(output, pids: true, executables: true).WriteSockets(listing);

        string[] lines = output.ToString().Split('\n');
        Assert.Equal(
        [
            "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1060",
            "  RpcEptMapper, RpcSs",
            " [svchost.exe]",
            "  TCP    192.168.1.20:50123     93.184.216.34:443      ESTABLISHED     7244",
            // The service list is readable by every user: a service's process that may not be opened still has its service named.
            "  Dnscache",
            " Can not obtain ownership information",
            "  TCP    127.0.0.1:49670        127.0.0.1:8080         TIME_WAIT       0",
            " Can not obtain ownership information",
            "  TCP    [::]:135               [::]:0                 LISTENING       1060",
            "  RpcEptMapper, RpcSs",
            " [svchost.exe]",
            "  TCP    [2001:db8::20]:50500   [2001:db8::1]:22       SYN_RECEIVED    3112",
            " [app3112.exe]",
        ], lines[4..17]);
    }

    [Fact]
    public void The_service_line_is_escaped_and_absent_for_a_process_without_services()
    {
        var host = new ProcessInfo(9, "svchost.exe"u8.ToArray()) { ServicesSource = () => ["Evil\u001b]0;x\u0007"] };
        var plain = new ProcessInfo(10, "app.exe"u8.ToArray()) { ServicesSource = () => [] };
        var linux = new ProcessInfo(11, "nginx"u8.ToArray());

        Assert.Equal("  Evil\\x1B]0;x\\x07", WindowsNetstatRenderer.ServiceLine(new SocketOwner(host, -1)));
        Assert.Null(WindowsNetstatRenderer.ServiceLine(new SocketOwner(plain, -1)));
        Assert.Null(WindowsNetstatRenderer.ServiceLine(new SocketOwner(linux, -1)));
        Assert.Null(linux.Services);
        Assert.Null(WindowsNetstatRenderer.ServiceLine(null));
    }

    /// <summary>Rows of every kind, parsed from table bytes, with owners named as the platform names them.</summary>
    private static (SocketListing, List<SocketEntry>) Listing(Func<uint, IReadOnlyList<string>>? services = null)
    {
        var entries = new List<SocketEntry>();
        var pids = new List<uint>();
        Parse(Table(24, [Tcp4Row(2, "0.0.0.0", 135, "0.0.0.0", 0, 1060), Tcp4Row(5, "192.168.1.20", 50123, "93.184.216.34", 443, 7244), Tcp4Row(11, "127.0.0.1", 49670, "127.0.0.1", 8080, 0)]), SocketTables.Tcp4);
        Parse(Table(56, [Tcp6Row(2, "::", 135, "::", 0, 1060), Tcp6Row(4, "2001:db8::20", 50500, "2001:db8::1", 22, 3112)]), SocketTables.Tcp6);
        Parse(Table(12, [[.. Address("0.0.0.0"), .. Port(5353), .. Dword(2276)]]), SocketTables.Udp4);
        Parse(Table(28, [[.. Address("::"), .. Dword(0), .. Port(5355), .. Dword(1876)]]), SocketTables.Udp6);
        var owners = WindowsOwners.Build(entries, pids, pid => pid switch
        {
            1060 => (@"C:\Windows\System32\svchost.exe", WindowsProcesses.Outcome.Found),
            7244 => (null, WindowsProcesses.Outcome.Denied),
            _ => ($@"C:\Program Files\app{pid}.exe", WindowsProcesses.Outcome.Found),
        }, services);
        return (new SocketListing(entries, owners, DateTimeOffset.UnixEpoch), entries);

        void Parse(byte[] table, SocketTables which) => OwnerPidTable.Parse(table, which, TcpStateSet.All, entries, pids, []);
    }

    private static byte[] Table(int rowSize, byte[][] rows)
    {
        Assert.All(rows, r => Assert.Equal(rowSize, r.Length));
        return [.. Dword((uint)rows.Length), .. rows.SelectMany(r => r)];
    }

    private static byte[] Tcp4Row(uint state, string local, ushort localPort, string remote, ushort remotePort, uint pid) =>
        [.. Dword(state), .. Address(local), .. Port(localPort), .. Address(remote), .. Port(remotePort), .. Dword(pid)];

    private static byte[] Tcp6Row(uint state, string local, ushort localPort, string remote, ushort remotePort, uint pid) =>
        [.. Address(local), .. Dword(0), .. Port(localPort), .. Address(remote), .. Dword(0), .. Port(remotePort), .. Dword(state), .. Dword(pid)];

    private static byte[] Dword(uint value) => BitConverter.GetBytes(value);

    private static byte[] Port(ushort port) => [(byte)(port >> 8), (byte)port, 0, 0];

    private static byte[] Address(string text) => IPAddress.Parse(text).GetAddressBytes();
}
