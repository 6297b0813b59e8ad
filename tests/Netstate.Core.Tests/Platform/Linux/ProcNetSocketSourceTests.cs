using Netstate.Core.Model;
using Netstate.Core.Platform.Linux;
using Netstate.Core.Platform.Linux.Sources;
using Netstate.Core.Sources;

namespace Netstate.Core.Tests;

/// <summary>The /proc source pointed at fixture trees laid out like /proc (Fixtures/proc-basic, Fixtures/proc-partial).</summary>
public sealed class ProcNetSocketSourceTests
{
    [Fact]
    public void Reads_every_table_of_a_captured_tree_in_table_order()
    {
        string root = Fixture.PathOf("proc-basic");
        var source = new ProcNetSocketSource(new ProcRoot(root));

        SourceResult result = source.Read(new SocketQuery(SocketTables.All));

        Assert.Equal("proc", source.Name);
        Assert.Equal(21 + 5 + 2 + 2 + 1 + 1 + 13, result.Entries.Count);
        (Protocol, Family)[] expectedOrder =
        [
            .. Enumerable.Repeat((Protocol.Tcp, Family.Inet), 21),
            .. Enumerable.Repeat((Protocol.Tcp, Family.Inet6), 5),
            .. Enumerable.Repeat((Protocol.Udp, Family.Inet), 2),
            .. Enumerable.Repeat((Protocol.Udp, Family.Inet6), 2),
            (Protocol.Raw, Family.Inet),
            (Protocol.Raw, Family.Inet6),
            .. Enumerable.Repeat((Protocol.Unix, Family.Unix), 13),
        ];
        Assert.Equal(expectedOrder, result.Entries.Select(e => (e.Protocol, e.Family)));

        // One "served" note per table, no warnings, nothing missing.
        Assert.Equal(9, result.Notes.Count);
        Assert.All(result.Notes, n => Assert.Equal(SourceNoteKind.Served, n.Kind));
        Assert.Equal($"tcp4: read from {root}/net/tcp", result.Notes[0].Message);
        Assert.Equal($"unix: read from {root}/net/unix", result.Notes[8].Message);
    }

    [Fact]
    public void Reads_only_the_requested_tables()
    {
        var source = new ProcNetSocketSource(new ProcRoot(Fixture.PathOf("proc-basic")));

        SourceResult result = source.Read(new SocketQuery(SocketTables.Udp6 | SocketTables.Raw4));

        Assert.Equal([32817UL, 32818UL, 32819UL], result.Entries.Select(e => e.Inode));
        Assert.Equal(2, result.Notes.Count);
        Assert.StartsWith("udp6: ", result.Notes[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("raw4: ", result.Notes[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_table_files_become_unavailable_notes_and_malformed_lines_warnings()
    {
        // proc-partial/net holds only tcp (with malformed lines) and unix.
        string root = Fixture.PathOf("proc-partial");
        var source = new ProcNetSocketSource(new ProcRoot(root + "/"));

        SourceResult result = source.Read(new SocketQuery(SocketTables.All));

        Assert.Equal(3 + 13, result.Entries.Count);
        Assert.Equal([31345UL, 31346UL, 0UL], result.Entries.Take(3).Select(e => e.Inode));
        Assert.All(result.Entries.Skip(3), e => Assert.Equal(Protocol.Unix, e.Protocol));

        string[] unavailable = [.. result.Notes.Where(n => n.Kind == SourceNoteKind.Unavailable).Select(n => n.Message)];
        Assert.Equal(
            [.. new[] { "tcp6", "udp", "udp6", "udplite", "udplite6", "raw", "raw6" }
                .Select(f => $"{root}/net/{f} does not exist (this kernel has no such table)")],
            unavailable);

        string[] warnings = [.. result.Notes.Where(n => n.Kind == SourceNoteKind.Warning).Select(n => n.Message)];
        Assert.Equal(4, warnings.Length);
        Assert.StartsWith($"{root}/net/tcp line 2: bad local address;", warnings[0], StringComparison.Ordinal);
        Assert.StartsWith($"{root}/net/tcp line 8: expected a slot number", warnings[3], StringComparison.Ordinal);

        Assert.Equal(2, result.Notes.Count(n => n.Kind == SourceNoteKind.Served));
    }

    [Fact]
    public void A_root_that_does_not_exist_gives_unavailable_notes_not_an_exception()
    {
        using TempDirectory temp = Fixture.CreateTempDirectory();
        var source = new ProcNetSocketSource(new ProcRoot(temp.Combine("no-such-proc")));

        SourceResult result = source.Read(new SocketQuery(SocketTables.All));

        Assert.Empty(result.Entries);
        Assert.Equal(9, result.Notes.Count);
        Assert.All(result.Notes, n => Assert.Equal(SourceNoteKind.Unavailable, n.Kind));
    }

    [Fact]
    public void A_table_that_cannot_be_read_is_a_warning_and_the_other_tables_still_load()
    {
        using TempDirectory temp = Fixture.CreateTempDirectory();
        Directory.CreateDirectory(temp.Combine("net/tcp")); // a directory where a file should be
        File.Copy(Fixture.PathOf("proc-basic/net/udp"), temp.Combine("net/udp"));

        SourceResult result = new ProcNetSocketSource(new ProcRoot(temp.Path)).Read(new SocketQuery(SocketTables.Tcp4 | SocketTables.Udp4));

        Assert.Equal([32815UL, 32816UL], result.Entries.Select(e => e.Inode));
        SourceNote warning = Assert.Single(result.Notes, n => n.Kind == SourceNoteKind.Warning);
        Assert.StartsWith($"cannot read {temp.Path}/net/tcp: ", warning.Message, StringComparison.Ordinal);
        Assert.Single(result.Notes, n => n.Kind == SourceNoteKind.Served);
    }

    [Fact]
    public void Live_proc_lists_a_socket_this_test_is_listening_on()
    {
        using var listener = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork,
            System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        listener.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        listener.Listen(3);
        int port = ((System.Net.IPEndPoint)listener.LocalEndPoint!).Port;
        ulong inode = LiveSockets.InodeOf(listener);

        SourceResult result = new ProcNetSocketSource(new ProcRoot(ProcRoot.DefaultPath)).Read(new SocketQuery(SocketTables.Tcp4));

        SocketEntry entry = Assert.Single(result.Entries, e => e.Inode == inode);
        Assert.Equal(TcpState.Listen, entry.TcpState);
        Assert.Equal("127.0.0.1", entry.Local.Address.ToString());
        Assert.Equal(port, entry.Local.Port);
        Assert.DoesNotContain(result.Notes, n => n.Kind == SourceNoteKind.Warning);
    }
}

/// <summary>ProcRoot path handling.</summary>
public sealed class ProcRootTests
{
    [Theory]
    [InlineData("/proc", "/proc", "/proc/net/tcp6")]
    [InlineData("/tmp/capture/", "/tmp/capture", "/tmp/capture/net/tcp6")]
    [InlineData("/tmp/capture///", "/tmp/capture", "/tmp/capture/net/tcp6")]
    [InlineData("/", "/", "//net/tcp6")]
    public void Trailing_slashes_are_dropped(string given, string path, string tcp6)
    {
        var root = new ProcRoot(given);

        Assert.Equal(path, root.Path);
        Assert.Equal(tcp6, root.NetFileOf(SocketTables.Tcp6));
    }

    [Theory]
    [InlineData(SocketTables.Tcp4, "tcp")]
    [InlineData(SocketTables.Udp4, "udp")]
    [InlineData(SocketTables.Udp6, "udp6")]
    [InlineData(SocketTables.UdpLite4, "udplite")]
    [InlineData(SocketTables.UdpLite6, "udplite6")]
    [InlineData(SocketTables.Raw4, "raw")]
    [InlineData(SocketTables.Raw6, "raw6")]
    [InlineData(SocketTables.Unix, "unix")]
    public void Each_table_maps_to_its_proc_file(SocketTables table, string file) =>
        Assert.Equal("/p/net/" + file, new ProcRoot("/p").NetFileOf(table));

    [Fact]
    public void Combined_tables_have_no_single_file() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProcRoot("/p").NetFileOf(SocketTables.Tcp));

    [Fact]
    public void Command_line_root_wins_and_process_directories_hang_off_the_root()
    {
        ProcRoot root = ProcRoot.FromEnvironment("/replay");

        Assert.Equal("/replay", root.Path);
        Assert.Equal("/replay/4242", root.ProcessDirectory(4242));
        Assert.Throws<ArgumentException>(() => new ProcRoot(""));
    }
}
