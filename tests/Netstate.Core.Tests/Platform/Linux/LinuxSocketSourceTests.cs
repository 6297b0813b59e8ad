using Netstate.Core.Model;
using Netstate.Core.Platform.Linux;
using Netstate.Core.Platform.Linux.SockDiag;
using Netstate.Core.Platform.Linux.Sources;
using Netstate.Core.Sources;

namespace Netstate.Core.Tests;

/// <summary>
/// The per-table choice between netlink and /proc, on recorded dumps (Fixtures/sockdiag/basic)
/// and the /proc tree captured with them (Fixtures/sockdiag/proc). raw4 is recorded as the
/// kernel's ENOENT; raw6 has no recording at all.
/// </summary>
public sealed class LinuxSocketSourceTests
{
    private static readonly string ProcDir = SockDiagRecording.ProcRoot;

    private static LinuxSocketSource Source(SourcePolicy choice, string? recordings = null) =>
        new(choice, new ProcRoot(ProcDir), new RecordedSockDiagTransport(recordings ?? SockDiagRecording.Directory(SockDiagRecording.Basic)));

    private static string[] Messages(SourceResult result, SourceNoteKind kind) =>
        [.. result.Notes.Where(n => n.Kind == kind).Select(n => n.Message)];

    private const string RawEnoent = "the kernel refused the raw4 dump: ENOENT (no sock_diag handler for this protocol in this kernel)";

    [Fact]
    public void Auto_reads_netlink_where_recorded_and_proc_where_the_kernel_has_no_handler_saying_why()
    {
        using LinuxSocketSource source = Source(SourcePolicy.Auto);

        SourceResult result = source.Read(new SocketQuery(SocketTables.All));

        Assert.Equal("auto", source.Name);
        Assert.Empty(Messages(result, SourceNoteKind.Warning)); // a missing handler is normal, not a warning
        string recorded = SockDiagRecording.Directory(SockDiagRecording.Basic);
        Assert.Equal(
        [
            "tcp4: read over netlink sock_diag",
            "tcp6: read over netlink sock_diag",
            "udp4: read over netlink sock_diag",
            "udp6: read over netlink sock_diag",
            "udplite4: read over netlink sock_diag",
            "udplite6: read over netlink sock_diag",
            $"raw4: read from {ProcDir}/net/raw (netlink: {RawEnoent})",
            $"raw6: read from {ProcDir}/net/raw6 (netlink: no recorded dump {recorded}/raw6.nl)",
            "unix: read over netlink sock_diag",
        ], Messages(result, SourceNoteKind.Served));

        // Entries come in table order; netlink rows have cookies, the /proc raw row has none.
        Assert.Equal(14 + 5 + 2 + 2 + 1 + 1 + 1 + 0 + 6, result.Entries.Count);
        SocketEntry raw = Assert.Single(result.Entries, e => e.Protocol == Protocol.Raw);
        Assert.Equal((SockDiagRecording.Inode("raw4_icmp"), 0UL, (ushort)1), (raw.Inode, raw.Cookie, raw.Local.Port));
        Assert.All(result.Entries.Where(e => e.Protocol != Protocol.Raw), e => Assert.NotEqual(0UL, e.Cookie));
        Assert.All(result.Entries.Where(e => e.Protocol == Protocol.Unix), e => Assert.Null(e.Unix!.RefCount));
        Assert.Equal(
            [Protocol.Tcp, Protocol.Udp, Protocol.UdpLite, Protocol.Raw, Protocol.Unix],
            result.Entries.Select(e => e.Protocol).Distinct());
    }

    [Fact]
    public void Source_netlink_turns_a_missing_handler_into_a_warning_and_skips_the_table()
    {
        using LinuxSocketSource source = Source(SourcePolicy.Netlink);

        SourceResult result = source.Read(new SocketQuery(SocketTables.Raw | SocketTables.Tcp4));

        Assert.Equal("netlink", source.Name);
        string recorded = SockDiagRecording.Directory(SockDiagRecording.Basic);
        Assert.Equal(
        [
            $"raw4: {RawEnoent}; table not shown (--source netlink)",
            $"raw6: no recorded dump {recorded}/raw6.nl; table not shown (--source netlink)",
        ], Messages(result, SourceNoteKind.Warning));
        Assert.Equal(["tcp4: read over netlink sock_diag"], Messages(result, SourceNoteKind.Served));
        Assert.DoesNotContain(result.Entries, e => e.Protocol == Protocol.Raw);
        Assert.Equal(14, result.Entries.Count);
    }

    [Fact]
    public void Source_proc_reads_every_table_from_proc_and_says_it_was_asked_to()
    {
        using LinuxSocketSource source = Source(SourcePolicy.Proc);

        SourceResult result = source.Read(new SocketQuery(SocketTables.All));

        Assert.Equal("proc", source.Name);
        Assert.Empty(Messages(result, SourceNoteKind.Warning));
        Assert.Equal(
            [.. new[] { "tcp4 tcp", "tcp6 tcp6", "udp4 udp", "udp6 udp6", "udplite4 udplite", "udplite6 udplite6", "raw4 raw", "raw6 raw6", "unix unix" }
                .Select(p => p.Split(' '))
                .Select(p => $"{p[0]}: read from {ProcDir}/net/{p[1]} (--source proc)")],
            Messages(result, SourceNoteKind.Served));
        Assert.All(result.Entries, e => Assert.Equal(0UL, e.Cookie));
        // /proc has the unaccepted unix embryo that unix_diag leaves out, and a RefCount for every unix row.
        Assert.Equal(7, result.Entries.Count(e => e.Protocol == Protocol.Unix));
        Assert.All(result.Entries.Where(e => e.Protocol == Protocol.Unix), e => Assert.NotNull(e.Unix!.RefCount));
    }

    [Fact]
    public void Asking_for_the_unix_refcount_joins_proc_onto_netlink_under_auto()
    {
        using LinuxSocketSource source = Source(SourcePolicy.Auto);

        SourceResult result = source.Read(new SocketQuery(SocketTables.Unix | SocketTables.Tcp6) { Details = SocketDetail.UnixRefCount });

        Assert.Equal(
            ["tcp6: read over netlink sock_diag", "unix: read over netlink sock_diag", $"unix: RefCnt joined from {ProcDir}/net/unix by inode"],
            Messages(result, SourceNoteKind.Served));
        SocketEntry[] unix = [.. result.Entries.Where(e => e.Protocol == Protocol.Unix)];
        // The six netlink sockets with their uids and queues, and the embryo only /proc lists.
        Assert.Equal(7, unix.Length);
        Assert.All(unix, e => Assert.NotNull(e.Unix!.RefCount));
        Assert.All(unix.Where(e => e.Inode != 0), e => Assert.NotNull(e.Uid));
        Assert.Null(Assert.Single(unix, e => e.Inode == 0).Uid);
        Assert.Equal(5, result.Entries.Count(e => e.Protocol == Protocol.Tcp));
    }

    [Fact]
    public void Source_netlink_keeps_unix_on_netlink_even_when_the_refcount_is_asked_for()
    {
        using LinuxSocketSource source = Source(SourcePolicy.Netlink);

        SourceResult result = source.Read(new SocketQuery(SocketTables.Unix) { Details = SocketDetail.UnixRefCount });

        Assert.Equal(["unix: read over netlink sock_diag"], Messages(result, SourceNoteKind.Served));
        Assert.Equal(6, result.Entries.Count);
        Assert.All(result.Entries, e => Assert.Null(e.Unix!.RefCount));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("no-done")]
    [InlineData("bad-family")]
    [InlineData("ebusy")]
    public void A_malformed_or_refused_dump_under_auto_warns_and_falls_back_to_proc_without_partial_rows(string damage)
    {
        using TempDirectory dir = Fixture.CreateTempDirectory();
        foreach (string file in Directory.GetFiles(SockDiagRecording.Directory(SockDiagRecording.Basic), "*.nl"))
            File.Copy(file, Path.Combine(dir.Path, Path.GetFileName(file)));
        byte[] tcp4 = SockDiagRecording.Reply(SockDiagRecording.Basic, SocketTables.Tcp4);
        var messages = SockDiagRecording.Messages(tcp4);
        int fifth = messages[4].Start;
        byte[] damaged = damage switch
        {
            // Cut in the middle of the fifth message: four sockets parse before the error.
            "truncated" => tcp4[..(fifth + 30)],
            "no-done" => tcp4[..messages[^1].Start],
            "bad-family" => Patched(tcp4, fifth + 16, 99),
            _ => [.. tcp4[..fifth], .. SockDiagRecording.Error(-16)],
        };
        File.WriteAllBytes(dir.Combine("tcp4.nl"), damaged);
        using var source = new LinuxSocketSource(SourcePolicy.Auto, new ProcRoot(ProcDir), new RecordedSockDiagTransport(dir.Path));

        SourceResult result = source.Read(new SocketQuery(SocketTables.Tcp));

        string warning = Assert.Single(Messages(result, SourceNoteKind.Warning));
        Assert.StartsWith("tcp4: ", warning, StringComparison.Ordinal);
        Assert.EndsWith("; reading /proc instead", warning, StringComparison.Ordinal);
        Assert.Contains(damage switch
        {
            "truncated" => "truncated reply",
            "no-done" => "ends before NLMSG_DONE",
            "bad-family" => "address family 99",
            _ => "errno 16",
        }, warning, StringComparison.Ordinal);
        string[] served = Messages(result, SourceNoteKind.Served);
        Assert.Equal(2, served.Length);
        Assert.StartsWith($"tcp4: read from {ProcDir}/net/tcp (netlink: ", served[0], StringComparison.Ordinal);
        Assert.Equal("tcp6: read over netlink sock_diag", served[1]);

        // tcp4 comes from /proc alone (no cookies), with no netlink rows left over from the failed dump.
        SocketEntry[] tcp4Rows = [.. result.Entries.Where(e => e.Family == Family.Inet)];
        Assert.Equal(14, tcp4Rows.Length);
        Assert.All(tcp4Rows, e => Assert.Equal(0UL, e.Cookie));
        Assert.Equal(5, result.Entries.Count(e => e.Family == Family.Inet6 && e.Cookie != 0));
    }

    [Fact]
    public void A_refusal_that_means_unsupported_falls_back_without_a_warning()
    {
        using TempDirectory dir = Fixture.CreateTempDirectory();
        File.WriteAllBytes(dir.Combine("udp6.nl"), SockDiagRecording.Error(-1)); // EPERM: netlink refused in a sandbox
        using var source = new LinuxSocketSource(SourcePolicy.Auto, new ProcRoot(ProcDir), new RecordedSockDiagTransport(dir.Path));

        SourceResult result = source.Read(new SocketQuery(SocketTables.Udp6));

        Assert.Empty(Messages(result, SourceNoteKind.Warning));
        Assert.Equal([$"udp6: read from {ProcDir}/net/udp6 (netlink: the kernel refused the udp6 dump: EPERM (not permitted))"],
            Messages(result, SourceNoteKind.Served));
        Assert.Equal(2, result.Entries.Count);
    }

    [Fact]
    public void Proc_applies_the_tcp_state_filter_that_netlink_leaves_to_the_kernel()
    {
        // A recording answers whatever was asked, so the kernel-side filter is tested live (integration
        // tests); here /proc's after-the-fact filter keeps exactly the wanted states, in file order.
        using LinuxSocketSource proc = Source(SourcePolicy.Proc);
        var all = proc.Read(new SocketQuery(SocketTables.Tcp4)).Entries;
        TcpStateSet wanted = TcpStateSet.Of(TcpState.Listen, TcpState.TimeWait, TcpState.SynRecv);

        var filtered = proc.Read(new SocketQuery(SocketTables.Tcp4) { TcpStates = wanted }).Entries;

        Assert.Equal(all.Where(e => wanted.Contains(e.TcpState)).Select(e => e.Inode + " " + e.Local.Port + " " + e.Remote.Port),
            filtered.Select(e => e.Inode + " " + e.Local.Port + " " + e.Remote.Port));
        Assert.Equal(5, filtered.Count);
        Assert.Empty(proc.Read(new SocketQuery(SocketTables.Tcp4) { TcpStates = TcpStateSet.None }).Entries);
    }

    /// <summary>An overrun is retried; the sockets of the failed attempt must not appear twice.</summary>
    [Fact]
    public void An_overrun_is_retried_and_the_first_attempts_rows_are_dropped()
    {
        byte[] good = SockDiagRecording.Reply(SockDiagRecording.Basic, SocketTables.Tcp6);
        int done = SockDiagRecording.Messages(good)[^1].Start;
        byte[] overrun = [.. good[..done], .. SockDiagRecording.Message(SockDiagLayout.NLMSG_OVERRUN, [])];
        using var transport = new ReplaySequence(overrun, good);
        using var source = new SockDiagSource(transport);

        SourceResult result = source.Read(new SocketQuery(SocketTables.Tcp6));

        Assert.Equal(2, transport.Calls);
        Assert.Equal(5, result.Entries.Count);
        Assert.Equal(5, result.Entries.Select(e => e.Cookie).Distinct().Count());
        Assert.Equal(["tcp6: read over netlink sock_diag"], result.Notes.Select(n => n.Message));
    }

    [Fact]
    public void Overruns_are_retried_three_times_at_most()
    {
        byte[] overrun = SockDiagRecording.Message(SockDiagLayout.NLMSG_OVERRUN, []);
        using var transport = new ReplaySequence(overrun, overrun, overrun, overrun, overrun);
        using var source = new SockDiagSource(transport);

        SourceResult result = source.Read(new SocketQuery(SocketTables.Udp4));

        Assert.Equal(3, transport.Calls);
        Assert.Empty(result.Entries);
        SourceNote note = Assert.Single(result.Notes);
        Assert.Equal((SourceNoteKind.Warning, "udp4: the kernel refused the udp4 dump: ENOBUFS (receive buffer overrun); table not shown"), (note.Kind, note.Message));
    }

    [Fact]
    public void Each_request_carries_a_new_sequence_number()
    {
        using var transport = new ReplaySequence(
            SockDiagRecording.Reply(SockDiagRecording.Basic, SocketTables.Tcp4), SockDiagRecording.Reply(SockDiagRecording.Basic, SocketTables.Tcp6));
        using var source = new SockDiagSource(transport);

        source.Read(new SocketQuery(SocketTables.Tcp));

        Assert.Equal([1u, 2u], transport.Sequences);
    }

    private static byte[] Patched(byte[] bytes, int at, byte value)
    {
        byte[] copy = (byte[])bytes.Clone();
        copy[at] = value;
        return copy;
    }

    /// <summary>Replays recorded replies in order, one per dump, as RecordedSockDiagTransport replays one per table.</summary>
    private sealed class ReplaySequence(params byte[][] replies) : ISockDiagTransport
    {
        public int Calls { get; private set; }

        public List<uint> Sequences { get; } = [];

        public void Dump(SocketTables table, ReadOnlySpan<byte> request, ChunkHandler handler)
        {
            Sequences.Add(BitConverter.ToUInt32(request[8..]));
            byte[] reply = replies[Calls++];
            if (!handler(reply))
                throw new SockDiagException("replay ended before NLMSG_DONE");
        }

        public void Dispose()
        {
        }
    }
}
