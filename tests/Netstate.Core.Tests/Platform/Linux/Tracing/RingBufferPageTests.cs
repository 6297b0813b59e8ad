using Netstate.Core.Model;
using Netstate.Core.Platform.Linux.Tracing;
using Netstate.Core.Tracing;
using Netstate.Core.Vocabulary;

namespace Netstate.Core.Tests;

/// <summary>
/// The tracefs reader on pages captured from Linux 6.18 (Fixtures/tracefs/capture.py): the format
/// files give the offsets, the page parser walks the records, the decoder makes TCP events. Then
/// the same parser on damaged and random pages: only a reported problem, never an exception.
/// </summary>
public sealed class RingBufferPageTests
{
    private static RingBufferPageLayout Layout() =>
        new(TraceEventFormat.Parse(File.ReadAllText(Fixture.PathOf("tracefs/header_page")), "header_page"));

    private static TcpTracepointDecoder Decoder()
    {
        var decoder = new TcpTracepointDecoder();
        decoder.Add(TcpTraceEventKind.StateChange, Format("inet_sock_set_state"));
        decoder.Add(TcpTraceEventKind.ResetSent, Format("tcp_send_reset"));
        decoder.Add(TcpTraceEventKind.ResetReceived, Format("tcp_receive_reset"));
        return decoder;
    }

    private static TraceEventFormat Format(string name) =>
        TraceEventFormat.Parse(File.ReadAllText(Fixture.PathOf($"tracefs/{name}.format")), name);

    private static (List<TcpTraceRecord> Records, RingBufferPageResult Result, List<string> Problems) Decode(byte[] page)
    {
        TcpTracepointDecoder decoder = Decoder();
        var records = new List<TcpTraceRecord>();
        var problems = new List<string>();
        RingBufferPageResult result = Layout().Read(page, (in RingBufferEvent e) =>
        {
            if (decoder.TryDecode(e.Timestamp, e.Payload, out TcpTraceRecord record, out string? problem))
                records.Add(record);
            else if (problem is not null)
                problems.Add(problem);
        });
        return (records, result, problems);
    }

    [Fact]
    public void Format_files_give_the_fields_where_the_kernel_puts_them()
    {
        TraceEventFormat format = Format("inet_sock_set_state");
        Assert.Equal("inet_sock_set_state", format.Name);
        Assert.True(format.Id > 0);
        Assert.Equal(new TraceField(8, 8, false), format.Field("skaddr"));
        Assert.Equal(new TraceField(16, 4, true), format.Field("oldstate"));
        Assert.Equal(new TraceField(32, 4, false), format.Field("saddr"));
        Assert.Equal(new TraceField(56, 16, false), format.Field("daddr_v6"));
        RingBufferPageLayout layout = Layout();
        Assert.Equal(16, layout.DataOffset);
        Assert.Equal(4096, layout.PageSize);
    }

    [Fact]
    public void A_captured_page_holds_the_exact_transitions_of_the_capture_connection()
    {
        (List<TcpTraceRecord> records, RingBufferPageResult result, List<string> problems) = Decode(Fixture.Bytes("tracefs/connection.page-0"));
        Assert.Null(result.Problem);
        Assert.Empty(problems);
        Assert.Equal(0, result.LostBefore);
        Assert.False(result.LostUncounted);

        // The client: connect, ESTABLISHED, it closes first, then the server's FIN ends it.
        TcpTraceRecord connect = records.Single(r => r.Kind == TcpTraceEventKind.StateChange && r.Remote.Port == 21001 && r.OldState == TcpState.Close);
        ushort clientPort = records.First(r => r.Socket == connect.Socket && r.Local.Port != 0).Local.Port;
        Assert.Equal(
            ["CLOSE>SYN_SENT", "SYN_SENT>ESTABLISHED", "ESTABLISHED>FIN_WAIT1", "FIN_WAIT1>FIN_WAIT2", "FIN_WAIT2>CLOSE"],
            Changes(records, connect));
        Assert.NotNull(connect.CallerPid); // connect() runs in the program's system call

        // The server's connection socket, born from the listener.
        TcpTraceRecord child = records.Single(r => r.Local.Port == 21001 && r.Remote.Port == clientPort && r.OldState == TcpState.Listen);
        Assert.Equal(
            ["LISTEN>SYN_RECV", "SYN_RECV>ESTABLISHED", "ESTABLISHED>CLOSE_WAIT", "CLOSE_WAIT>LAST_ACK", "LAST_ACK>CLOSE"],
            Changes(records, child));
        Assert.Null(child.CallerPid); // made in softirq: the running task says nothing about the owner
        Assert.Equal(InetAddress.FromV4([127, 0, 0, 1]), child.Local.Address);

        // The refused connect: SYN_SENT, then the reset received, then CLOSE.
        TcpTraceRecord refused = records.Single(r => r.Remote.Port == 21002 && r.OldState == TcpState.Close);
        Assert.Equal(["CLOSE>SYN_SENT", "RESET_RECEIVED", "SYN_SENT>CLOSE"], Changes(records, refused, withResets: true));

        // Time stamps only grow within a page.
        Assert.True(records.Zip(records.Skip(1)).All(p => p.First.Timestamp <= p.Second.Timestamp));
    }

    [Fact]
    public void A_page_after_an_overrun_says_how_many_events_were_lost()
    {
        (_, RingBufferPageResult result, List<string> problems) = Decode(Fixture.Bytes("tracefs/lost.page-0"));
        Assert.Null(result.Problem);
        Assert.Empty(problems);
        Assert.True(result.LostBefore > 0, "the capture overran a 4 KiB buffer: the page must carry a lost count");
        Assert.True(result.Events > 0);
    }

    [Fact]
    public void A_commit_larger_than_the_page_is_a_problem_not_an_exception()
    {
        byte[] page = Fixture.Bytes("tracefs/connection.page-0");
        page[8] = 0xFF;
        page[9] = 0x7F; // commit = 0x7FFF... bytes
        (List<TcpTraceRecord> records, RingBufferPageResult result, _) = Decode(page);
        Assert.Empty(records);
        Assert.Contains("bytes are used", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_page_cut_short_is_a_problem()
    {
        (_, RingBufferPageResult result, _) = Decode(Fixture.Bytes("tracefs/connection.page-0")[..10]);
        Assert.NotNull(result.Problem);
    }

    [Fact]
    public void Damaged_pages_give_records_or_problems_never_exceptions()
    {
        byte[] original = Fixture.Bytes("tracefs/connection.page-0");
        var random = new Random(1616);
        for (int round = 0; round < 3000; round++)
        {
            byte[] page = (byte[])original.Clone();
            int flips = random.Next(1, 12);
            for (int i = 0; i < flips; i++)
                page[random.Next(16, 16 + 0x4d0)] = (byte)random.Next(256);
            if (round % 7 == 0)
                page = page[..random.Next(0, page.Length)];
            (List<TcpTraceRecord> records, _, _) = Decode(page);
            Assert.All(records, r => Assert.True(r.Family is Family.Inet or Family.Inet6));
        }
        for (int round = 0; round < 500; round++)
        {
            byte[] page = new byte[random.Next(0, 5000)];
            random.NextBytes(page);
            Decode(page);
        }
    }

    [Fact]
    public void A_format_file_without_fields_or_with_bad_numbers_is_refused_clearly()
    {
        Assert.Throws<TraceFormatException>(() => TraceEventFormat.Parse("name: x\nID: 5\nformat:\n", "x"));
        Assert.Throws<TraceFormatException>(() => TraceEventFormat.Parse("name: x\nID: five\n", "x"));
        Assert.Throws<TraceFormatException>(() => TraceEventFormat.Parse("field:int a;\toffset:zz;\tsize:4;\tsigned:1;\n", "x"));
        var decoder = new TcpTracepointDecoder();
        TraceEventFormat missing = TraceEventFormat.Parse("name: inet_sock_set_state\nID: 7\nfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n", "x");
        TraceFormatException e = Assert.Throws<TraceFormatException>(() => decoder.Add(TcpTraceEventKind.StateChange, missing));
        Assert.Contains("common_flags", e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The events of one socket from the record given: the kernel reuses a freed socket's memory, so
    /// the same address can name the next connection; a socket's story ends at its CLOSE.
    /// </summary>
    private static string[] Changes(List<TcpTraceRecord> records, TcpTraceRecord first, bool withResets = false)
    {
        var changes = new List<string>();
        foreach (TcpTraceRecord r in records.SkipWhile(r => r != first).Where(r => r.Socket == first.Socket))
        {
            if (r.Kind == TcpTraceEventKind.StateChange)
                changes.Add($"{TcpStateText.Name(r.OldState, Dialect.Netstat)}>{TcpStateText.Name(r.NewState, Dialect.Netstat)}");
            else if (withResets)
                changes.Add(r.Kind == TcpTraceEventKind.ResetReceived ? "RESET_RECEIVED" : "RESET_SENT");
            if (r.NewState == TcpState.Close)
                break;
        }
        return [.. changes];
    }
}
