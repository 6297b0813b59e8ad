using Netstate.Cli.Arguments;
using Netstate.Core.Aggregation;
using Netstate.Cli.Rendering;
using Netstate.Cli.Rendering.Json;
using Netstate.Core.Model;
using Netstate.Core.Vocabulary;

namespace Netstate.Cli.Tests;

/// <summary>The pieces of the ss, JSON, CSV and count renderers that live tests cannot reach on purpose.</summary>
public sealed class FormatRenderingTests
{
    [Theory]
    // Expected values are C's printf("%g") (and "%.3g") output for the same doubles.
    [InlineData(0.026, 6, "0.026")]
    [InlineData(204.0, 6, "204")]
    [InlineData(2.88671875, 6, "2.88672")]
    [InlineData(0.00001, 6, "1e-05")]
    [InlineData(1234567.0, 6, "1.23457e+06")]
    [InlineData(100.0, 6, "100")]
    [InlineData(0.0001, 6, "0.0001")]
    [InlineData(123456.0, 6, "123456")]
    [InlineData(0.0, 6, "0")]
    [InlineData(28.262389888, 3, "28.3")]
    [InlineData(100.82, 3, "101")]
    [InlineData(999.5, 3, "1e+03")]
    // From Python's '%.Ng' (C's correctly rounded conversion): ties of the decimal text round by the binary value.
    [InlineData(0.035, 6, "0.035")]
    [InlineData(1234.5678, 6, "1234.57")]
    [InlineData(-0.5, 6, "-0.5")]
    [InlineData(99999.95, 6, "99999.9")]
    [InlineData(999999.5, 6, "1e+06")]
    [InlineData(0.00012345678, 6, "0.000123457")]
    [InlineData(9.9995, 3, "10")]
    [InlineData(0.0009995, 3, "0.000999")]
    [InlineData(2.675, 3, "2.67")]
    [InlineData(1e-05, 3, "1e-05")]
    [InlineData(12345678.9, 6, "1.23457e+07")]
    public void G_formats_as_printf_does(double value, int precision, string expected) =>
        Assert.Equal(expected, CFormat.G(value, precision));

    [Fact]
    public void G_with_one_conversion_gives_the_digits_of_the_fixed_conversion()
    {
        // The former two-conversion form ("E" for the exponent, "F" for the fixed digits) as the reference.
        static string Reference(double value, int precision)
        {
            var invariant = System.Globalization.CultureInfo.InvariantCulture;
            string scientific = value.ToString("E" + (precision - 1), invariant);
            int e = scientific.IndexOf('E', StringComparison.Ordinal);
            int exponent = int.Parse(scientific.AsSpan(e + 1), System.Globalization.NumberStyles.AllowLeadingSign, invariant);
            static string Trim(string n) => n.Contains('.', StringComparison.Ordinal) ? n.TrimEnd('0').TrimEnd('.') : n;
            if (exponent < -4 || exponent >= precision)
                return Trim(scientific[..e]) + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", invariant);
            return Trim(value.ToString("F" + (precision - 1 - exponent), invariant));
        }
        var random = new Random(14);
        for (int i = 0; i < 20_000; i++)
        {
            // Microseconds as milliseconds (rtt, ato) and rates scaled to k/M/G, over many magnitudes.
            double value = i % 2 == 0 ? random.Next(1, 100_000_000) / 1000.0 : random.NextDouble() * Math.Pow(10, random.Next(-6, 13));
            foreach (int precision in (int[])[3, 6])
                Assert.Equal(Reference(value, precision), CFormat.G(value, precision));
        }
    }

    [Theory]
    [InlineData(2.5, 0, "2")]
    [InlineData(3.5, 0, "4")]
    [InlineData(12.25, 1, "12.2")]
    [InlineData(109226666666.67, 0, "109226666667")]
    public void F_rounds_ties_to_even_as_glibc_does(double value, int decimals, string expected) =>
        Assert.Equal(expected, CFormat.F(value, decimals));

    [Theory]
    [InlineData(0UL, "")]
    [InlineData(176UL, "176ms")]
    [InlineData(1021UL, "1.021ms")]
    [InlineData(9500UL, "9.500ms")]
    [InlineData(59000UL, "59sec")]
    [InlineData(59999UL, "59sec")]
    [InlineData(61000UL, "1min1sec")]
    [InlineData(599999UL, "9min59sec")]
    [InlineData(600000UL, "10min")]
    [InlineData(7200000UL, "120min")]
    public void Timers_read_as_ss_prints_them(ulong milliseconds, string expected) =>
        Assert.Equal(expected, SsTcpInfoText.Timer(milliseconds));

    [Theory]
    [InlineData(28262389888.0, false, "28.3G")]
    [InlineData(1070240895144.0, false, "1.07T")]
    [InlineData(850.0, false, "850")]
    [InlineData(1500.0, false, "1.5k")]
    [InlineData(28262389888.0, true, "28262389888")]
    public void Rates_are_scaled_unless_numeric(double bitsPerSecond, bool numeric, string expected) =>
        Assert.Equal(expected, SsTcpInfoText.Rate(bitsPerSecond, numeric));

    [Theory]
    [InlineData("nginx", "nginx")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("=1+2", "\"'=1+2\"")]
    [InlineData("+cmd", "\"'+cmd\"")]
    [InlineData("-x", "\"'-x\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    [InlineData("line\nbreak", "line\\x0Abreak")]
    [InlineData("red\u001b[31m", "red\\x1B[31m")]
    [InlineData(" padded", "\" padded\"")]
    [InlineData("", "")]
    public void Csv_cells_are_quoted_and_made_safe(string text, string expected) =>
        Assert.Equal(expected, CsvCells.Text(new LineBuffer(), text).ToString());

    [Fact]
    public void Json_escapes_every_control_character_and_keeps_the_text_exact()
    {
        string path = "/tmp/evil\u001b[31m\u009b2J\u007f\nend\"q";
        var output = new StringWriter();
        var renderer = new JsonListingRenderer(output, lines: true);
        renderer.WriteSockets(new SocketListing([TestSockets.Unix(2, 0, UnixSocketType.Stream, UnixSocketState.Unconnected, 42, path)], null, DateTimeOffset.UnixEpoch));

        string json = output.ToString();
        Assert.Single(json.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain(json, c => c is < ' ' and not '\n' || c is >= '\u007f' and <= '\u009f');
        Assert.Contains("\\u001B[31m", json, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\\u009B", json, StringComparison.OrdinalIgnoreCase);
        using var document = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(path, document.RootElement.GetProperty("sockets")[0].GetProperty("unix").GetProperty("path").GetString());
    }

    [Fact]
    public void Ss_table_sizes_columns_after_all_rows_and_writes_compact_into_pipes()
    {
        string output = Rendered(hideNetid: true, screenWidth: null, table =>
        {
            table.Field(SsTable.State).Append("LISTEN");
            table.Field(SsTable.RecvQ).AppendPadded(0);
            table.Field(SsTable.SendQ).AppendPadded(128);
            table.Field(SsTable.Local).Append("127.0.0.1:").Next().Append("22").Next();
            table.Append("0.0.0.0:").Next().Append("*").Next();
            table.EndRow();
            table.Field(SsTable.State).Append("ESTAB");
            table.Field(SsTable.RecvQ).AppendPadded(0);
            table.Field(SsTable.SendQ).AppendPadded(0);
            table.Field(SsTable.Local).Append("[2001:db8::1]:").Next().Append("22").Next();
            table.Append("[2001:db8::2]:").Next().Append("50000").Next();
            table.EndRow();
        });

        // Each column is as wide as its longest field plus its one-space delimiter; addresses are right
        // aligned against their ports; the Process column stays, padded to its header.
        Assert.Equal(
            "State " + " Recv-Q" + " Send-Q" + " Local Address:" + "Port" + "  Peer Address:" + "Port " + "Process" + "\n" +
            "LISTEN" + " 0     " + " 128   " + "     127.0.0.1:" + "22  " + "       0.0.0.0:" + "*    " + "       " + "\n" +
            "ESTAB " + " 0     " + " 0     " + " [2001:db8::1]:" + "22  " + " [2001:db8::2]:" + "50000" + "       " + "\n",
            output);
    }

    [Fact]
    public void Ss_table_prints_a_batch_when_ss_starts_its_fifth_buffer_chunk_and_widths_only_grow()
    {
        var output = new StringWriter();
        var table = new SsTable(hideNetid: true, hideState: true, screenWidth: null, output);
        int firstPrintedAt = -1;
        for (int row = 0; row < 8000; row++)
        {
            table.Field(SsTable.RecvQ).AppendPadded(0);
            table.Field(SsTable.SendQ).AppendPadded(0);
            table.Field(SsTable.Process).Append(new string('x', row == 7000 ? 1500 : 1000));
            table.EndRow();
            if (firstPrintedAt < 0 && output.GetStringBuilder().Length > 0)
                firstPrintedAt = row;
        }
        table.Finish();

        // Each row takes 1028 bytes of ss's buffer (1020 rows to a 1 MiB chunk): the first batch is
        // printed at the end of the row that started the fifth chunk, not at the end.
        Assert.Equal(4079, firstPrintedAt);
        string[] lines = output.ToString().TrimEnd('\n').Split('\n');
        Assert.Equal(8001, lines.Length);
        int narrow = lines[1].Length;
        // The first batch is sized by its own rows; the second by the wider row in it, and stays
        // at least as wide as the first.
        Assert.All(lines.Skip(1).Take(firstPrintedAt + 1), line => Assert.Equal(narrow, line.Length));
        Assert.All(lines.Skip(firstPrintedAt + 2), line => Assert.Equal(narrow + 500, line.Length));
    }

    /// <summary>ss's table as the renderer drives it: rows, then Finish for what is left.</summary>
    private static string Rendered(bool hideNetid, int? screenWidth, Action<SsTable> rows)
    {
        var output = new StringWriter();
        var table = new SsTable(hideNetid, hideState: false, screenWidth, output);
        rows(table);
        table.Finish();
        return output.ToString();
    }

    [Fact]
    public void Ss_table_spreads_over_a_terminal_and_wraps_when_narrow()
    {
        string Render(int width)
        {
            return Rendered(hideNetid: false, screenWidth: width, table =>
            {
                table.Field(SsTable.Netid).Append("tcp");
                table.Field(SsTable.State).Append("ESTAB");
                table.Field(SsTable.RecvQ).AppendPadded(0);
                table.Field(SsTable.SendQ).AppendPadded(0);
                table.Field(SsTable.Local).Append("127.0.0.1:").Next().Append("40000").Next();
                table.Append("127.0.0.1:").Next().Append("22").Next();
                table.Append(" users:((\"sshd\",pid=1,fd=3))");
                table.EndRow();
            });
        }

        string[] wide = Render(120).TrimEnd('\n').Split('\n');
        Assert.Equal(2, wide.Length);
        Assert.All(wide, line => Assert.Equal(120, line.Length));
        // Too narrow for one line: ss pads each run of columns to exactly the screen width, so the
        // terminal's own wrapping keeps the columns aligned across the wrapped lines.
        string[] narrow = Render(40).TrimEnd('\n').Split('\n');
        Assert.Equal(2, narrow.Length);
        Assert.All(narrow, line => Assert.True(line.Length > 40 && line.Length % 40 == 0, $"[{line}] is {line.Length} long"));
        Assert.EndsWith("users:((\"sshd\",pid=1,fd=3))", narrow[1].TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void Counts_group_sort_by_size_then_name_and_keep_the_top()
    {
        SocketEntry[] entries =
        [
            TestSockets.Tcp("127.0.0.1", 80, "127.0.0.1", 5000, TcpState.Established),
            TestSockets.Tcp("127.0.0.1", 80, "127.0.0.1", 5001, TcpState.Established),
            TestSockets.Tcp("::1", 80, "::1", 5002, TcpState.Established),
            TestSockets.Tcp("127.0.0.1", 80, "127.0.0.1", 5003, TcpState.TimeWait),
            TestSockets.Tcp("0.0.0.0", 80, "0.0.0.0", 0, TcpState.Listen),
            TestSockets.Unix(2, UnixSocketInfo_Listening, UnixSocketType.Stream, UnixSocketState.Unconnected, 9, "/run/a.sock"),
        ];

        SocketCounts netstat = new SocketCounter([CountKey.State, CountKey.Proto], Dialect.Netstat, users: null, taskNames: null).Count(entries, null, top: 0);
        Assert.Equal(["2 ESTABLISHED tcp", "1 ESTABLISHED tcp6", "1 LISTEN tcp", "1 LISTENING unix", "1 TIME_WAIT tcp"], netstat.Rows.Select(Describe));
        Assert.Equal(6, netstat.Total);

        SocketCounts ss = new SocketCounter([CountKey.State, CountKey.Proto], Dialect.Ss, users: null, taskNames: null).Count(entries, null, top: 2);
        Assert.Equal(["3 ESTAB tcp", "1 LISTEN tcp"], ss.Rows.Select(Describe));

        SocketCounts ports = new SocketCounter([CountKey.LocalPort], Dialect.Netstat, users: null, taskNames: null).Count(entries, null, top: 0);
        Assert.Equal(["5 80", "1 -"], ports.Rows.Select(Describe));
        Assert.True(ports.Rows[1].IsMissing(CountKey.LocalPort));

        var table = new StringWriter();
        CountTableWriter.Write(table, netstat);
        Assert.Equal("Count  State        Proto\n    2  ESTABLISHED  tcp\n", string.Join('\n', table.ToString().Split('\n').Take(2)) + "\n");
    }

    private const ulong UnixSocketInfo_Listening = UnixSocketInfo.AcceptConnectionsFlag;

    private static string Describe(CountRow row) => $"{row.Count} {string.Join(' ', row.Labels)}";
}
