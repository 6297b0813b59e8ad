using System.Buffers.Binary;
using Netstate.Core.Model;
using Netstate.Core.Sources;
using Netstate.Core.Sources.Linux.SockDiag;

namespace Netstate.Core.Tests;

/// <summary>
/// Netlink replies that are cut short, lie about their lengths or carry errors: hand-made byte
/// arrays, every truncation of real recordings, and seeded random mutations of them. The only
/// acceptable outcomes are a parsed dump or a <see cref="SockDiagException"/> saying what is wrong.
/// </summary>
public sealed class SockDiagMalformedInputTests
{
    private static List<SocketEntry> Consume(SocketTables table, byte[] reply, SocketDetail details = SocketDetail.None) =>
        Consume(table, reply, details, out _);

    private static List<SocketEntry> Consume(SocketTables table, byte[] reply, SocketDetail details, out SockDiagReplyParser parser)
    {
        var entries = new List<SocketEntry>();
        parser = new SockDiagReplyParser(table, details, entries);
        parser.Consume(reply);
        return entries;
    }

    /// <summary>A well-formed inet_diag_msg for 127.0.0.1:port, LISTEN, with optional attributes.</summary>
    private static byte[] InetMessage(byte family = SockDiagLayout.AF_INET, ushort port = 8080, params byte[][] attributes)
    {
        byte[] message = new byte[SockDiagLayout.InetMessageSize];
        message[0] = family;
        message[1] = (byte)TcpState.Listen;
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(4), port);
        message[8] = 127;
        message[11] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(44), 0xC00C1E);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(60), 128); // backlog
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(68), 4242);
        return SockDiagRecording.Concat([message, .. attributes]);
    }

    private static byte[] DiagMessage(byte[] payload) => SockDiagRecording.Message(SockDiagLayout.SOCK_DIAG_BY_FAMILY, payload);

    private static byte[] U32(uint value)
    {
        byte[] bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }

    // ---- the message reader ------------------------------------------------------------------

    [Fact]
    public void A_hand_made_dump_parses_and_its_fields_land_where_the_kernel_puts_them()
    {
        byte[] reply = SockDiagRecording.Concat(DiagMessage(InetMessage()), SockDiagRecording.Done());

        List<SocketEntry> entries = Consume(SocketTables.Tcp4, reply, SocketDetail.None, out SockDiagReplyParser parser);

        Assert.True(parser.Done);
        SocketEntry entry = Assert.Single(entries);
        Assert.Equal(("127.0.0.1", (ushort)8080, TcpState.Listen, 128u, 0UL, 4242UL, 0xC00C1EUL),
            (entry.Local.Address.ToString(), entry.Local.Port, entry.TcpState, entry.ListenBacklog, entry.SendQueue, entry.Inode, entry.Cookie));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(15)]
    public void Fewer_than_sixteen_bytes_where_a_header_should_start_is_malformed(int length)
    {
        byte[] reply = SockDiagRecording.Concat(DiagMessage(InetMessage()), new byte[length]);

        SockDiagException error = Assert.Throws<SockDiagException>(() => Consume(SocketTables.Tcp4, reply));

        Assert.Equal($"malformed netlink reply at byte 88: {length} stray bytes where a 16-byte message header should start", error.Message);
        Assert.Equal(0, error.Errno);
        Assert.False(error.MeansUnsupported);
    }

    [Theory]
    [InlineData(0u)] // would never advance: must not loop
    [InlineData(1u)]
    [InlineData(15u)]
    public void A_message_length_below_the_header_size_is_malformed(uint length)
    {
        byte[] reply = SockDiagRecording.Done();
        BinaryPrimitives.WriteUInt32LittleEndian(reply, length);

        SockDiagException error = Assert.Throws<SockDiagException>(() => Consume(SocketTables.Tcp4, reply));

        Assert.Equal($"malformed netlink reply at byte 0: a message claims {length} bytes, less than its own header", error.Message);
    }

    [Theory]
    [InlineData(21u)]
    [InlineData(4096u)]
    [InlineData(uint.MaxValue)]
    [InlineData(0x8000_0000u)]
    public void A_message_length_beyond_the_buffer_is_a_truncated_reply(uint length)
    {
        byte[] reply = SockDiagRecording.Done();
        BinaryPrimitives.WriteUInt32LittleEndian(reply, length);

        SockDiagException error = Assert.Throws<SockDiagException>(() => Consume(SocketTables.Tcp4, reply));

        Assert.Equal($"malformed netlink reply at byte 0: a message claims {length} bytes but only 20 remain (truncated reply)", error.Message);
    }

    [Fact]
    public void Messages_with_unaligned_lengths_are_walked_on_four_byte_boundaries_and_the_last_needs_no_padding()
    {
        // A 17-byte NOOP (padded to 20), then DONE; and a final message whose padding is missing.
        byte[] noop = SockDiagRecording.Message(1, [0xEE]);
        Assert.Equal(20, noop.Length);
        byte[] reply = SockDiagRecording.Concat(noop, DiagMessage(InetMessage()), SockDiagRecording.Done());
        Assert.Single(Consume(SocketTables.Tcp4, reply));

        var reader = new NetlinkMessageReader(noop.AsSpan(0, 17));
        Assert.True(reader.TryRead(out NetlinkMessage message));
        Assert.Equal(1, message.Payload.Length);
        Assert.False(reader.TryRead(out _));
    }

    [Fact]
    public void The_reader_reports_type_flags_sequence_and_payload()
    {
        byte[] bytes = SockDiagRecording.Message(0x1234, [1, 2, 3, 4, 5], flags: 0x0012, sequence: 0xDEADBEEF);

        var reader = new NetlinkMessageReader(bytes);

        Assert.True(reader.TryRead(out NetlinkMessage message));
        Assert.Equal((0x1234, 0x0012, 0xDEADBEEFu), (message.Type, message.Flags, message.Sequence));
        Assert.Equal([1, 2, 3, 4, 5], message.Payload.ToArray());
        Assert.False(reader.TryRead(out _));
        Assert.False(new NetlinkMessageReader([]).TryRead(out _));
    }

    // ---- attributes --------------------------------------------------------------------------

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void An_attribute_shorter_than_its_own_header_is_malformed(ushort length)
    {
        byte[] attribute = [(byte)length, 0, (byte)SockDiagLayout.INET_DIAG_SHUTDOWN, 0, 0, 0, 0, 0];
        byte[] reply = SockDiagRecording.Concat(DiagMessage(InetMessage(attributes: attribute)), SockDiagRecording.Done());

        SockDiagException error = Assert.Throws<SockDiagException>(() => Consume(SocketTables.Tcp4, reply, SocketDetail.Extras));

        Assert.Equal($"malformed netlink attribute: type 8 claims {length} bytes, 8 remain", error.Message);
    }

    [Fact]
    public void An_attribute_longer_than_what_is_left_of_its_message_is_malformed()
    {
        byte[] attribute = SockDiagRecording.Attribute(SockDiagLayout.INET_DIAG_INFO, new byte[8]);
        BinaryPrimitives.WriteUInt16LittleEndian(attribute, 200);
        byte[] reply = SockDiagRecording.Concat(DiagMessage(InetMessage(attributes: attribute)), SockDiagRecording.Done());

        SockDiagException error = Assert.Throws<SockDiagException>(() => Consume(SocketTables.Tcp4, reply, SocketDetail.TcpInfo));

        Assert.Equal("malformed netlink attribute: type 2 claims 200 bytes, 12 remain", error.Message);
    }

    [Fact]
    public void Attributes_are_not_read_when_no_detail_was_asked_for()
    {
        // A plain listing pays nothing for attributes, so it does not see that they are broken either.
        byte[] broken = [0, 0, 2, 0];
        byte[] reply = SockDiagRecording.Concat(DiagMessage(InetMessage(attributes: broken)), SockDiagRecording.Done());

        SocketEntry entry = Assert.Single(Consume(SocketTables.Tcp4, reply, SocketDetail.None));

        Assert.Null(entry.Details);
    }

    [Fact]
    public void Trailing_bytes_shorter_than_an_attribute_header_end_the_walk_quietly()
    {
        byte[] attributes = SockDiagRecording.Concat(SockDiagRecording.Attribute(SockDiagLayout.INET_DIAG_SHUTDOWN, [3]), [0xFF, 0xFF, 0xFF]);
        var reader = new NetlinkAttributeReader(attributes);

        Assert.True(reader.TryRead(out NetlinkAttr shutdown));
        Assert.Equal((SockDiagLayout.INET_DIAG_SHUTDOWN, (byte)3), (shutdown.Type, shutdown.Value[0]));
        Assert.False(reader.TryRead(out _));
    }

    [Fact]
    public void The_nested_and_byte_order_flag_bits_are_cleared_from_attribute_types()
    {
        byte[] attribute = SockDiagRecording.Attribute(SockDiagLayout.INET_DIAG_SHUTDOWN | 0x8000 | 0x4000, [1]);
        var reader = new NetlinkAttributeReader(attribute);

        Assert.True(reader.TryRead(out NetlinkAttr read));
        Assert.Equal(SockDiagLayout.INET_DIAG_SHUTDOWN, read.Type);
    }

    [Fact]
    public void Short_and_oversized_attribute_values_give_zeroes_or_are_ignored_not_exceptions()
    {
        byte[] shortInfo = SockDiagRecording.Attribute(SockDiagLayout.INET_DIAG_INFO, [(byte)TcpState.Established, 0, 7, 0, 0, 0, 0x74]);
        byte[] emptyTos = SockDiagRecording.Attribute(SockDiagLayout.INET_DIAG_TOS, []);
        byte[] shortMark = SockDiagRecording.Attribute(SockDiagLayout.INET_DIAG_MARK, [1, 2]);
        byte[] shortMemory = SockDiagRecording.Attribute(SockDiagLayout.INET_DIAG_SKMEMINFO, U32(99));
        byte[] congestionWithoutNul = SockDiagRecording.Attribute(SockDiagLayout.INET_DIAG_CONG, "reno"u8);
        byte[] unknown = SockDiagRecording.Attribute(0x3FFF, new byte[40]);
        byte[] reply = SockDiagRecording.Concat(
            DiagMessage(InetMessage(attributes: [shortInfo, emptyTos, shortMark, shortMemory, congestionWithoutNul, unknown])),
            SockDiagRecording.Done());

        SocketEntry entry = Assert.Single(Consume(SocketTables.Tcp4, reply, SockDiagRecording.ExtendedDetails | SocketDetail.Extras));

        TcpDetails info = entry.Details!.Tcp!;
        Assert.Equal((7, TcpState.Established, (byte)7, (byte)4, (byte)7, 0u, 0UL),
            (info.ReportedLength, info.State, info.Retransmits, info.SendWindowScale, info.ReceiveWindowScale, info.RoundTripTime, info.BytesAcked));
        Assert.Equal(7UL, entry.Retransmits); // taken from tcp_info when it is there
        Assert.Null(entry.Details.TypeOfService);
        Assert.Null(entry.Details.Mark);
        Assert.Equal(new SocketMemory(99, 0, 0, 0, 0, 0, 0, 0, 0), entry.Details.Memory);
        Assert.Equal("reno", entry.Details.Congestion);
    }

    [Fact]
    public void A_tcp_info_longer_than_any_known_kernel_reads_the_known_fields_and_ignores_the_rest()
    {
        byte[] info = new byte[1024];
        info[0] = (byte)TcpState.Established;
        BinaryPrimitives.WriteUInt32LittleEndian(info.AsSpan(80), 10);
        BinaryPrimitives.WriteUInt32LittleEndian(info.AsSpan(244), 1234);
        info.AsSpan(248).Fill(0xFF);

        TcpDetails details = TcpInfoParser.Parse(info);

        Assert.Equal((1024, 10u, 1234u), (details.ReportedLength, details.CongestionWindow, details.TotalRtoTimeMs));
        Assert.Equal(0, TcpInfoParser.Parse([]).ReportedLength);
        Assert.Equal(0u, TcpInfoParser.Parse([]).CongestionWindow);
    }

    // ---- inet_diag_msg and unix_diag_msg --------------------------------------------------------

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(71)]
    public void An_inet_diag_msg_shorter_than_72_bytes_is_malformed(int length)
    {
        byte[] reply = SockDiagRecording.Concat(DiagMessage(InetMessage()[..length]), SockDiagRecording.Done());

        SockDiagException error = Assert.Throws<SockDiagException>(() => Consume(SocketTables.Tcp4, reply));

        Assert.Equal($"malformed inet_diag_msg: {length} bytes, expected at least 72", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)] // AF_UNIX in an inet dump
    [InlineData(7)]
    [InlineData(255)]
    public void An_inet_diag_msg_of_an_unknown_family_is_malformed(byte family)
    {
        byte[] reply = SockDiagRecording.Concat(DiagMessage(InetMessage(family)), SockDiagRecording.Done());

        SockDiagException error = Assert.Throws<SockDiagException>(() => Consume(SocketTables.Udp6, reply));

        Assert.Equal($"malformed inet_diag_msg: address family {family} is neither AF_INET nor AF_INET6", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    public void A_unix_diag_msg_shorter_than_16_bytes_is_malformed(int length)
    {
        byte[] reply = SockDiagRecording.Concat(DiagMessage(new byte[length]), SockDiagRecording.Done());

        SockDiagException error = Assert.Throws<SockDiagException>(() => Consume(SocketTables.Unix, reply));

        Assert.Equal($"malformed unix_diag_msg: {length} bytes, expected at least 16", error.Message);
    }

    [Fact]
    public void Unix_attributes_are_always_checked_because_the_name_lives_in_one()
    {
        byte[] payload = SockDiagRecording.Concat(new byte[16], [0, 0, 0, 0]);

        Assert.Throws<SockDiagException>(() => Consume(SocketTables.Unix, SockDiagRecording.Concat(DiagMessage(payload), SockDiagRecording.Done())));
    }

    [Fact]
    public void Unix_names_show_as_proc_net_unix_prints_them()
    {
        Assert.Null(UnixDiagParser.PathText([]));
        Assert.Equal("/run/x.sock", UnixDiagParser.PathText("/run/x.sock\0"u8));
        Assert.Equal("@abstract", UnixDiagParser.PathText("\0abstract"u8));
        Assert.Equal("@with@nul", UnixDiagParser.PathText("\0with\0nul"u8));
        Assert.Equal("@", UnixDiagParser.PathText([0]));
        // Bytes that are not UTF-8 must not throw; they are kept (RawText), to be shown as \xFF or carried in JSON.
        Assert.Equal("/tmp/\uDCFF", UnixDiagParser.PathText([(byte)'/', (byte)'t', (byte)'m', (byte)'p', (byte)'/', 0xFF, 0]));
    }

    [Fact]
    public void A_unix_name_attribute_of_zero_length_is_an_unnamed_socket()
    {
        byte[] payload = SockDiagRecording.Concat(
            [SockDiagLayout.AF_UNIX, 2, 7, 0, .. U32(77), .. U32(1), .. U32(0)],
            SockDiagRecording.Attribute(SockDiagLayout.UNIX_DIAG_NAME, []),
            SockDiagRecording.Attribute(SockDiagLayout.UNIX_DIAG_RQLEN, [1, 2]), // too short: ignored
            SockDiagRecording.Attribute(SockDiagLayout.UNIX_DIAG_UID, [1]));      // too short: ignored
        List<SocketEntry> entries = Consume(SocketTables.Unix, SockDiagRecording.Concat(DiagMessage(payload), SockDiagRecording.Done()));

        SocketEntry entry = Assert.Single(entries);
        Assert.Equal((77UL, 1UL, (string?)null, UnixSocketType.Datagram, 0UL, 0u), (entry.Inode, entry.Cookie, entry.Unix!.Path, entry.Unix.Type, entry.RecvQueue, entry.Uid));
    }

    // ---- errors, DONE and the dump protocol ---------------------------------------------------

    [Theory]
    [InlineData(1, "EPERM (not permitted)", true)]
    [InlineData(2, "ENOENT (no sock_diag handler for this protocol in this kernel)", true)]
    [InlineData(13, "EACCES (permission denied)", true)]
    [InlineData(22, "EINVAL (request not understood by this kernel)", true)]
    [InlineData(93, "EPROTONOSUPPORT (protocol not supported)", true)]
    [InlineData(16, "errno 16", false)]
    [InlineData(12, "errno 12", false)]
    [InlineData(105, "ENOBUFS (receive buffer overrun)", false)]
    public void Nlmsg_error_with_a_code_becomes_an_exception_carrying_the_errno(int errno, string text, bool unsupported)
    {
        byte[] reply = SockDiagRecording.Error(-errno);

        SockDiagException error = Assert.Throws<SockDiagException>(() => Consume(SocketTables.Udp4, reply));

        Assert.Equal(errno, error.Errno);
        Assert.Equal(unsupported, error.MeansUnsupported);
        Assert.Equal($"the kernel refused the udp4 dump: {text}", error.Message);
    }

    [Fact]
    public void Nlmsg_error_after_some_sockets_still_fails_the_dump()
    {
        byte[] reply = SockDiagRecording.Concat(DiagMessage(InetMessage()), SockDiagRecording.Error(-16));

        Assert.Equal(16, Assert.Throws<SockDiagException>(() => Consume(SocketTables.Tcp4, reply)).Errno);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Nlmsg_error_too_short_to_hold_a_code_is_malformed(int payloadLength)
    {
        SockDiagException error = Assert.Throws<SockDiagException>(() => Consume(SocketTables.Tcp4, SockDiagRecording.Error(-1, payloadLength)));

        Assert.Equal("malformed netlink reply: NLMSG_ERROR without an error code", error.Message);
        Assert.Equal(0, error.Errno);
    }

    [Fact]
    public void Nlmsg_error_zero_is_an_acknowledgement_and_the_dump_goes_on()
    {
        byte[] reply = SockDiagRecording.Concat(SockDiagRecording.Error(0), DiagMessage(InetMessage()), SockDiagRecording.Done());

        Assert.Single(Consume(SocketTables.Tcp4, reply));
    }

    [Fact]
    public void Nlmsg_overrun_is_reported_as_enobufs()
    {
        byte[] reply = SockDiagRecording.Message(SockDiagLayout.NLMSG_OVERRUN, []);

        SockDiagException error = Assert.Throws<SockDiagException>(() => Consume(SocketTables.Tcp6, reply));

        Assert.Equal(105, error.Errno);
        Assert.False(error.MeansUnsupported);
    }

    [Fact]
    public void Done_with_no_payload_or_a_non_negative_one_ends_the_dump()
    {
        Consume(SocketTables.Tcp4, SockDiagRecording.Message(SockDiagLayout.NLMSG_DONE, []), SocketDetail.None, out SockDiagReplyParser empty);
        Consume(SocketTables.Tcp4, SockDiagRecording.Message(SockDiagLayout.NLMSG_DONE, [0, 0]), SocketDetail.None, out SockDiagReplyParser tiny);
        Consume(SocketTables.Tcp4, SockDiagRecording.Done(5), SocketDetail.None, out SockDiagReplyParser positive);

        Assert.True(empty.Done && tiny.Done && positive.Done);
    }

    [Fact]
    public void Nothing_after_done_is_read()
    {
        byte[] reply = SockDiagRecording.Concat(SockDiagRecording.Done(), DiagMessage(InetMessage()), [1, 2, 3]);

        List<SocketEntry> entries = Consume(SocketTables.Tcp4, reply, SocketDetail.None, out SockDiagReplyParser parser);

        Assert.True(parser.Done);
        Assert.Empty(entries);
    }

    [Fact]
    public void Unknown_message_types_are_skipped()
    {
        byte[] reply = SockDiagRecording.Concat(
            SockDiagRecording.Message(1, []), SockDiagRecording.Message(0x7777, new byte[40]), DiagMessage(InetMessage()), SockDiagRecording.Done());

        Assert.Single(Consume(SocketTables.Tcp4, reply));
    }

    [Fact]
    public void The_dump_interrupted_flag_is_remembered_and_the_source_says_so()
    {
        byte[] flagged = DiagMessage(InetMessage());
        BinaryPrimitives.WriteUInt16LittleEndian(flagged.AsSpan(6), 2 | SockDiagLayout.NLM_F_DUMP_INTR);
        byte[] reply = SockDiagRecording.Concat(flagged, SockDiagRecording.Done());

        Consume(SocketTables.Tcp4, reply, SocketDetail.None, out SockDiagReplyParser parser);
        Assert.True(parser.Interrupted);

        using TempDirectory dir = Fixture.CreateTempDirectory();
        File.WriteAllBytes(dir.Combine("tcp4.nl"), reply);
        using var source = new SockDiagSource(new RecordedSockDiagTransport(dir.Path));
        SourceResult result = source.Read(new SocketQuery(SocketTables.Tcp4));
        Assert.Single(result.Entries);
        Assert.Equal(
            ["tcp4: read over netlink sock_diag", "tcp4: the table changed during the dump; sockets opened or closed meanwhile may be missing"],
            result.Notes.Select(n => n.Message));
        Assert.All(result.Notes, n => Assert.Equal(SourceNoteKind.Served, n.Kind));
    }

    [Fact]
    public void A_recording_fed_in_chunks_at_message_boundaries_gives_the_same_sockets()
    {
        byte[] reply = SockDiagRecording.Reply(SockDiagRecording.Extended, SocketTables.Tcp4);
        var messages = SockDiagRecording.Messages(reply);
        var entries = new List<SocketEntry>();
        var parser = new SockDiagReplyParser(SocketTables.Tcp4, SockDiagRecording.ExtendedDetails, entries);

        for (int i = 0; i < messages.Count; i++)
        {
            int end = i + 1 < messages.Count ? messages[i + 1].Start : reply.Length;
            bool done = parser.Consume(reply.AsSpan(messages[i].Start, end - messages[i].Start));
            Assert.Equal(i == messages.Count - 1, done);
        }

        Assert.Equal(SockDiagRecording.Parse(SockDiagRecording.Extended, SocketTables.Tcp4).Select(e => e.Cookie), entries.Select(e => e.Cookie));
    }

    // ---- truncated and damaged recordings through the replay transport -------------------------

    public static TheoryData<string, SocketTables> Recordings()
    {
        var data = new TheoryData<string, SocketTables>();
        foreach (string variant in new[] { SockDiagRecording.Basic, SockDiagRecording.Extended })
        {
            foreach (SocketTables table in SockDiagRecording.Recorded)
                data.Add(variant, table);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Recordings))]
    public void Every_truncation_of_a_recording_is_a_clear_error_never_a_partial_success(string variant, SocketTables table)
    {
        byte[] reply = SockDiagRecording.Reply(variant, table);
        SocketDetail details = SockDiagRecording.DetailsOf(variant);

        for (int length = 0; length < reply.Length; length++)
        {
            var entries = new List<SocketEntry>();
            var parser = new SockDiagReplyParser(table, details, entries);
            bool done;
            try
            {
                done = parser.Consume(reply.AsSpan(0, length));
            }
            catch (SockDiagException)
            {
                continue;
            }
            // Cut exactly between messages: the parser waits for more and the transport must see that.
            Assert.False(done, $"{variant}/{table} cut at {length} of {reply.Length} bytes claims to be complete");
        }
    }

    [Fact]
    public void A_recorded_dump_without_done_is_a_clear_error_from_the_replay_transport()
    {
        byte[] reply = SockDiagRecording.Reply(SockDiagRecording.Basic, SocketTables.Tcp4);
        int doneStart = SockDiagRecording.Messages(reply)[^1].Start;
        using TempDirectory dir = Fixture.CreateTempDirectory();
        File.WriteAllBytes(dir.Combine("tcp4.nl"), reply[..doneStart]);
        File.WriteAllBytes(dir.Combine("tcp6.nl"), []);
        using var transport = new RecordedSockDiagTransport(dir.Path);
        using var source = new SockDiagSource(transport);

        var entries = new List<SocketEntry>();
        SockDiagException cut = Assert.Throws<SockDiagException>(() => source.ReadTable(SocketTables.Tcp4, new SocketQuery(SocketTables.Tcp4), entries, []));
        SockDiagException empty = Assert.Throws<SockDiagException>(() => source.ReadTable(SocketTables.Tcp6, new SocketQuery(SocketTables.Tcp6), entries, []));

        Assert.Equal($"the recorded dump {dir.Combine("tcp4.nl")} ends before NLMSG_DONE (truncated)", cut.Message);
        Assert.Equal($"the recorded dump {dir.Combine("tcp6.nl")} ends before NLMSG_DONE (truncated)", empty.Message);
        Assert.False(cut.MeansUnsupported);
        Assert.Empty(entries); // the sockets parsed before the failure are taken back
    }

    [Fact]
    public void A_missing_recording_acts_like_a_kernel_without_the_handler()
    {
        using TempDirectory dir = Fixture.CreateTempDirectory();
        using var transport = new RecordedSockDiagTransport(dir.Path);

        SockDiagException error = Assert.Throws<SockDiagException>(() => transport.Dump(SocketTables.Raw6, [], _ => true));

        Assert.Equal(2, error.Errno);
        Assert.True(error.MeansUnsupported);
        Assert.Equal($"no recorded dump {dir.Combine("raw6.nl")}", error.Message);
        Assert.Equal("udplite6.nl", RecordedSockDiagTransport.FileNameOf(SocketTables.UdpLite6));
    }

    // ---- seeded random mutations ---------------------------------------------------------------

    /// <summary>
    /// 2000 random mutations of real recordings (fixed seed, so a failure replays). Before the
    /// parser sees a mutant, the test walks it with the two readers in loops bounded by the buffer
    /// size: each message must consume at least 16 bytes and each attribute 4, so the parser's own
    /// loops over the same readers cannot spin. Then the parser must either succeed or throw
    /// SockDiagException: an IndexOutOfRange, ArgumentOutOfRange or overflow is a bug.
    /// </summary>
    [Fact]
    public void Random_mutations_of_recordings_give_entries_or_a_sock_diag_exception_and_nothing_else()
    {
        const int Iterations = 2000;
        var random = new Random(20240517);
        (string Variant, SocketTables Table)[] sources = [.. SockDiagRecording.Recorded.Where(t => t != SocketTables.Raw4)
            .SelectMany(t => new[] { (SockDiagRecording.Basic, t), (SockDiagRecording.Extended, t) })];
        var outcomes = new Dictionary<string, int>();

        for (int iteration = 0; iteration < Iterations; iteration++)
        {
            (string variant, SocketTables table) = sources[iteration % sources.Length];
            byte[] original = SockDiagRecording.Reply(variant, table);
            byte[] mutant = Mutate(original, random, out string how);
            // Parse it as its own table and, every other time, as a different one (unix vs inet layouts).
            SocketTables parseAs = iteration % 2 == 0 ? table : (table == SocketTables.Unix ? SocketTables.Tcp6 : SocketTables.Unix);
            SocketDetail details = iteration % 3 == 0 ? SocketDetail.None : SockDiagRecording.ExtendedDetails;
            string context = $"iteration {iteration} ({variant}/{table} as {parseAs}, {how}): {Convert.ToHexString(mutant)}";

            AssertReadersAlwaysAdvance(mutant, context);
            string outcome;
            try
            {
                var entries = new List<SocketEntry>();
                bool done = new SockDiagReplyParser(parseAs, details, entries).Consume(mutant);
                Assert.True(entries.Count <= mutant.Length / (16 + SockDiagLayout.UnixMessageSize), context);
                outcome = done ? "done" : "incomplete";
            }
            catch (SockDiagException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message), context);
                outcome = "SockDiagException";
            }
            catch (Exception e)
            {
                Assert.Fail($"{e.GetType().Name}: {e.Message}\n{context}\n{e.StackTrace}");
                throw;
            }
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        // The mutations must really exercise both paths, or the test proves nothing.
        Assert.True(outcomes.GetValueOrDefault("SockDiagException") > 200, string.Join(", ", outcomes));
        Assert.True(outcomes.GetValueOrDefault("done") > 200, string.Join(", ", outcomes));
    }

    [Fact]
    public void Mutated_recordings_under_the_source_become_notes_never_exceptions()
    {
        var random = new Random(777);
        using TempDirectory dir = Fixture.CreateTempDirectory();
        using var source = new SockDiagSource(new RecordedSockDiagTransport(dir.Path));
        var query = new SocketQuery(SocketTables.All) { Details = SockDiagRecording.ExtendedDetails };

        for (int iteration = 0; iteration < 100; iteration++)
        {
            foreach (SocketTables table in SockDiagRecording.Recorded)
            {
                byte[] original = SockDiagRecording.Reply(SockDiagRecording.Extended, table);
                File.WriteAllBytes(dir.Combine(RecordedSockDiagTransport.FileNameOf(table)), Mutate(original, random, out _));
            }

            SourceResult result = source.Read(query);

            Assert.All(result.Notes, n => Assert.True(n.Kind is SourceNoteKind.Served or SourceNoteKind.Warning, n.Message));
            // Every table gets exactly one verdict: served, or a warning that it is not shown.
            foreach (SocketTables table in SocketTableInfo.Ordered.ToArray())
            {
                string name = SocketTableNames.Of(table) + ": ";
                int verdicts = result.Notes.Count(n => n.Message.StartsWith(name, StringComparison.Ordinal)
                    && (n.Message.EndsWith("read over netlink sock_diag", StringComparison.Ordinal) || n.Message.EndsWith("table not shown", StringComparison.Ordinal)));
                Assert.True(verdicts == 1, $"iteration {iteration}: {verdicts} verdicts for {name}\n{string.Join('\n', result.Notes.Select(n => n.Message))}");
            }
        }
    }

    private static void AssertReadersAlwaysAdvance(byte[] buffer, string context)
    {
        var reader = new NetlinkMessageReader(buffer);
        int maxMessages = buffer.Length / SockDiagLayout.HeaderSize + 1;
        for (int step = 0; ; step++)
        {
            Assert.True(step <= maxMessages, $"the message reader returned more than {maxMessages} messages from {buffer.Length} bytes: {context}");
            NetlinkMessage message;
            try
            {
                if (!reader.TryRead(out message))
                    return;
            }
            catch (SockDiagException)
            {
                return;
            }
            WalkAttributes(message.Payload.Length > SockDiagLayout.InetMessageSize ? message.Payload[SockDiagLayout.InetMessageSize..] : [], context);
            WalkAttributes(message.Payload.Length > SockDiagLayout.UnixMessageSize ? message.Payload[SockDiagLayout.UnixMessageSize..] : [], context);
        }
    }

    private static void WalkAttributes(ReadOnlySpan<byte> attributes, string context)
    {
        var reader = new NetlinkAttributeReader(attributes);
        int maxAttributes = attributes.Length / 4 + 1;
        for (int step = 0; ; step++)
        {
            Assert.True(step <= maxAttributes, $"the attribute reader returned more than {maxAttributes} attributes from {attributes.Length} bytes: {context}");
            try
            {
                if (!reader.TryRead(out _))
                    return;
            }
            catch (SockDiagException)
            {
                return;
            }
        }
    }

    /// <summary>One of several damage patterns, aimed at the length and type fields most of the time.</summary>
    private static byte[] Mutate(byte[] original, Random random, out string how)
    {
        byte[] bytes = (byte[])original.Clone();
        var messages = SockDiagRecording.Messages(original);
        var (start, length, _) = messages[random.Next(messages.Count)];
        switch (random.Next(9))
        {
            case 0:
                int flips = random.Next(1, 8);
                for (int i = 0; i < flips; i++)
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                how = $"{flips} bit flips";
                return bytes;
            case 1:
                uint newLength = (uint)(random.Next(4) switch { 0 => random.Next(0, 16), 1 => length + random.Next(-8, 9), 2 => random.Next(), _ => random.Next(16, 200) });
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(start), newLength);
                how = $"nlmsg_len at {start} set to {newLength}";
                return bytes;
            case 2:
                ushort type = (ushort)(random.Next(3) switch { 0 => random.Next(0, 5), 1 => SockDiagLayout.SOCK_DIAG_BY_FAMILY, _ => random.Next(65536) });
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(start + 4), type);
                how = $"nlmsg_type at {start} set to {type}";
                return bytes;
            case 3:
                int attributeAt = start + 16 + random.Next(Math.Max(1, length - 16));
                attributeAt = Math.Min(attributeAt & ~3, bytes.Length - 2);
                ushort attributeLength = (ushort)(random.Next(3) switch { 0 => random.Next(0, 4), 1 => random.Next(4, 600), _ => random.Next(65536) });
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(attributeAt), attributeLength);
                how = $"u16 at {attributeAt} set to {attributeLength}";
                return bytes;
            case 4:
                int cut = random.Next(bytes.Length);
                how = $"cut to {cut} bytes";
                return bytes[..cut];
            case 5:
                int from = random.Next(bytes.Length), count = random.Next(1, 64);
                byte[] noise = new byte[count];
                random.NextBytes(noise);
                how = $"{count} random bytes inserted at {from}";
                return [.. bytes[..from], .. noise, .. bytes[from..]];
            case 6:
                if (start + 16 < bytes.Length)
                    bytes[start + 16] = (byte)random.Next(256);
                how = $"family byte of message at {start} set to {(start + 16 < bytes.Length ? bytes[start + 16] : -1)}";
                return bytes;
            case 7:
                int payloadLength = random.Next(0, 80);
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(start), (uint)(16 + payloadLength));
                how = $"message at {start} shortened to a {payloadLength}-byte payload";
                return bytes;
            default:
                byte[] garbage = new byte[random.Next(1, 400)];
                random.NextBytes(garbage);
                how = $"{garbage.Length} random bytes appended";
                return [.. bytes, .. garbage];
        }
    }
}
