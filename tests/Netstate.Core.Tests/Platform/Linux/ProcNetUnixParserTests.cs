using Netstate.Core.Model;
using Netstate.Core.Platform.Linux;
using Netstate.Core.Platform.Linux.Sources;
using Netstate.Core.Text;

namespace Netstate.Core.Tests;

/// <summary>/proc/net/unix as captured from a real kernel (Fixtures/proc-basic/net/unix), plus broken variants.</summary>
public sealed class ProcNetUnixParserTests
{
    [Fact]
    public void Unix_capture_parses_every_line_without_problems()
    {
        ParsedTable table = Fixture.ParseUnix("proc-basic/net/unix");

        Assert.Equal(13, table.Entries.Count);
        Assert.Equal(0, table.Problems.Count);
        Assert.Empty(table.Notes);
        Assert.All(table.Entries, e =>
        {
            Assert.Equal(Protocol.Unix, e.Protocol);
            Assert.Equal(Family.Unix, e.Family);
            Assert.NotNull(e.Unix);
            Assert.Equal((byte)e.Unix.State, e.RawState);
        });
    }

    [Theory]
    // line, inode, refcount, flags, type, state, listening, path ("" = unnamed)
    [InlineData(1, 32821UL, 2UL, 0x10000UL, UnixSocketType.Stream, UnixSocketState.Unconnected, true, "/tmp/netstate.sock")]
    [InlineData(2, 32826UL, 2UL, 0UL, UnixSocketType.Datagram, UnixSocketState.Unconnected, false, "/tmp/netstate.dgram")]
    [InlineData(3, 32829UL, 2UL, 0UL, UnixSocketType.Datagram, UnixSocketState.Unconnected, false, "/tmp/netstate fixture/with space.sock")]
    [InlineData(4, 32831UL, 2UL, 0UL, UnixSocketType.Datagram, UnixSocketState.Unconnected, false, "/tmp/netstate fixture/trailing space ")]
    [InlineData(6, 32828UL, 2UL, 0UL, UnixSocketType.Stream, UnixSocketState.Unconnected, false, "")]
    [InlineData(7, 32825UL, 3UL, 0UL, UnixSocketType.Stream, UnixSocketState.Connected, false, "")]
    [InlineData(8, 32822UL, 3UL, 0UL, UnixSocketType.Stream, UnixSocketState.Connected, false, "")]
    [InlineData(10, 32823UL, 3UL, 0UL, UnixSocketType.Stream, UnixSocketState.Connected, false, "/tmp/netstate.sock")]
    [InlineData(11, 32830UL, 2UL, 0x10000UL, UnixSocketType.SeqPacket, UnixSocketState.Unconnected, true, "@seq")]
    [InlineData(12, 32833UL, 2UL, 0UL, UnixSocketType.Datagram, UnixSocketState.Unconnected, false, "@with@nul")]
    [InlineData(13, 32827UL, 2UL, 0x10000UL, UnixSocketType.Stream, UnixSocketState.Unconnected, true, "@netstate-abstract")]
    public void Unix_capture_fields_match_the_kernel_line(int line, ulong inode, ulong refCount, ulong flags, UnixSocketType type,
        UnixSocketState state, bool listening, string path)
    {
        SocketEntry entry = Fixture.ParseUnix("proc-basic/net/unix").Entries[line - 1];
        UnixSocketInfo unix = Assert.IsType<UnixSocketInfo>(entry.Unix);

        Assert.Equal(inode, entry.Inode);
        Assert.Equal(refCount, unix.RefCount);
        Assert.Equal(flags, unix.Flags);
        Assert.Equal(type, unix.Type);
        Assert.Equal(state, unix.State);
        Assert.Equal(listening, unix.IsListening);
        Assert.Equal(path.Length == 0 ? null : path, unix.Path);
    }

    /// <summary>
    /// The kernel writes exactly one blank between the inode and the path, so a path that itself starts
    /// with a blank (a relative bind to " leading space", captured for real) must keep that blank.
    /// </summary>
    [Fact]
    public void Unix_path_starting_with_a_blank_keeps_the_blank()
    {
        SocketEntry entry = Fixture.ParseUnix("proc-basic/net/unix").Entries[4];

        Assert.Equal(32832UL, entry.Inode);
        Assert.Equal(" leading space", entry.Unix?.Path);
    }

    [Fact]
    public void Malformed_unix_lines_become_warnings_and_good_lines_still_parse()
    {
        ParsedTable table = Fixture.ParseUnix("edge/malformed-unix");

        Assert.Equal([32821UL, 123UL, 32827UL], table.Entries.Select(e => e.Inode));
        // The kernel pads the inode to five columns ("%5lu"): a short inode is preceded by extra blanks that are not part of the path.
        Assert.Equal("/run/small inode", table.Entries[1].Unix?.Path);
        Assert.Equal(UnixSocketType.Datagram, table.Entries[1].Unix?.Type);
        Assert.Equal("@netstate-abstract", table.Entries[2].Unix?.Path);

        Assert.Equal(2, table.Problems.Count);
        Assert.StartsWith("edge/malformed-unix line 2: bad RefCount; line skipped: \"0000000032279c48: 0000000X", table.Notes[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("edge/malformed-unix line 3: bad Inode; line skipped:", table.Notes[1].Message, StringComparison.Ordinal);
        Assert.All(table.Notes, n => Assert.Equal(SourceNoteKind.Warning, n.Kind));
    }

    [Theory]
    [InlineData("0000000000000000 00000002 00000000 00010000 0001 01 1 /x", "expected a socket address ending in ':'")]
    [InlineData("0000000000000000: 00000002 zz 00010000 0001 01 1 /x", "bad Protocol")]
    [InlineData("0000000000000000: 00000002 00000000 0001000g 0001 01 1 /x", "bad Flags")]
    [InlineData("0000000000000000: 00000002 00000000 00010000 10000 01 1 /x", "bad Type")]
    [InlineData("0000000000000000: 00000002 00000000 00010000 0001 100 1 /x", "bad St")]
    [InlineData("0000000000000000: 00000002 00000000 00010000 0001 01 -1 /x", "bad Inode")]
    public void Each_bad_unix_field_is_named_in_the_note(string line, string reason)
    {
        var entries = new List<SocketEntry>();
        var problems = new ParseProblems();
        string text = $"Num RefCount Protocol Flags Type St Inode Path\n{line}\n0000000000000000: 00000002 00000000 00000000 0002 01 77\n";
        ProcNetUnixParser.Parse(System.Text.Encoding.UTF8.GetBytes(text), "unix", entries, problems);

        Assert.Equal(77UL, Assert.Single(entries).Inode);
        Assert.Null(entries[0].Unix?.Path);
        SourceNote note = Assert.Single(problems.ToNotes("unix"));
        Assert.StartsWith($"unix line 1: {reason}; line skipped:", note.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Newline_in_a_socket_path_splits_the_line_and_the_tail_becomes_a_warning()
    {
        // Captured: a socket bound to "/tmp/evil\n\e[31mred\e[0m \abell". The kernel prints the path raw.
        ParsedTable table = Fixture.ParseUnix("edge/unix-injected");

        Assert.Equal(14, table.Entries.Count);
        SocketEntry evil = Assert.Single(table.Entries, e => e.Inode == 33012);
        Assert.Equal("/tmp/evil", evil.Unix?.Path);
        Assert.Contains(table.Entries, e => e.Inode == 32827 && e.Unix?.Path == "@netstate-abstract");
        SourceNote note = Assert.Single(table.Notes);
        Assert.StartsWith("edge/unix-injected line 8: expected a socket address ending in ':'", note.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Any local user can put the line a warning quotes into /proc/net/unix (a newline in a socket path),
    /// and warnings always reach stderr: the quoted text must not carry raw ESC/BEL to the terminal.
    /// </summary>
    [Fact]
    public void Warnings_quoting_a_line_never_carry_terminal_control_characters()
    {
        ParsedTable table = Fixture.ParseUnix("edge/unix-injected");

        SourceNote note = Assert.Single(table.Notes);
        Assert.Contains("red", note.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(note.Message, UntrustedText.IsUnsafe);
    }
}
