using System.Globalization;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// --json and --csv on the classic sockets: every JSON document is valid against
/// docs/json-schema.json and lists the same sockets as ss; CSV parses back with CsvHelper into the
/// same sockets.
/// </summary>
public sealed class MachineFormatTests : IClassFixture<ClassicSockets>
{
    private readonly ClassicSockets _sockets;
    private readonly JsonSchemaCheck _schema = JsonSchemaCheck.Load();

    public MachineFormatTests(ClassicSockets sockets)
    {
        _sockets = sockets;
        _sockets.EnsureTimeWait();
    }

    [Theory]
    [InlineData("-tan")]
    [InlineData("-tanpe", "--info", "-m")]
    [InlineData("-anpeo")]
    [InlineData("-xa", "-m")]
    [InlineData("-uanp", "--memory")]
    [InlineData("-an", "--count-by", "state,proto,local-port,remote-addr,remote-port,process,user")]
    [InlineData("-tan", "--count-by", "state", "--top", "2")]
    public void Json_documents_are_valid_against_the_schema(params string[] flags)
    {
        JsonElement document = Json(flags);
        List<string> errors = _schema.Validate(document);
        Assert.True(errors.Count == 0, string.Join('\n', errors.Take(20)));
        Assert.Equal(1, document.GetProperty("version").GetInt32());
    }

    [Fact]
    public void The_schema_check_rejects_a_document_that_breaks_it()
    {
        JsonElement document = Json("-tan");
        string text = document.GetRawText();
        string renamed = text.Replace("\"recv_q\"", "\"recvq\"", StringComparison.Ordinal);
        string wrongType = System.Text.RegularExpressions.Regex.Replace(text, "\"state_code\": (\\d+)", "\"state_code\": \"$1\"");
        Assert.NotEqual(text, wrongType);
        Assert.NotEmpty(_schema.Validate(JsonDocument.Parse(renamed).RootElement));
        Assert.NotEmpty(_schema.Validate(JsonDocument.Parse(wrongType).RootElement));
    }

    [Fact]
    public void Json_lists_the_sockets_ss_lists_with_their_inodes_and_cookies()
    {
        JsonElement document = Json("-tanpe", "--info");
        var fromJson = document.GetProperty("sockets").EnumerateArray()
            .Select(s => $"{s.GetProperty("inode").GetUInt64()} {s.GetProperty("cookie").GetUInt64():x}")
            .Order(StringComparer.Ordinal).ToList();
        string ss = Ss("-tane");
        var fromSs = ss.Split('\n').Skip(1).Where(l => l.Length > 0)
            .Select(l => $"{Field(l, "ino:")} {Field(l, "sk:")}")
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(fromSs, fromJson);

        JsonElement established = document.GetProperty("sockets").EnumerateArray()
            .First(s => s.GetProperty("state").GetString() == "ESTABLISHED" && s.GetProperty("inode").GetUInt64() != 0);
        JsonElement tcp = established.GetProperty("details").GetProperty("tcp");
        Assert.True(tcp.GetProperty("send_mss").GetUInt32() > 0);
        Assert.False(string.IsNullOrEmpty(established.GetProperty("details").GetProperty("congestion").GetString()));
        Assert.Equal(Environment.ProcessId, established.GetProperty("owners")[0].GetProperty("pid").GetInt32());
    }

    [Fact]
    public void Jsonl_writes_one_valid_document_per_line_and_listing()
    {
        ProcessResult result = Tools.Netstate(_sockets.Namespace, "-tan", "--jsonl", "-c", "0.2", "--count", "3");
        Assert.Equal(0, result.ExitCode);
        string[] lines = result.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        foreach (string line in lines)
        {
            using JsonDocument document = JsonDocument.Parse(line);
            Assert.Empty(_schema.Validate(document.RootElement));
            Assert.Equal("sockets", document.RootElement.GetProperty("kind").GetString());
        }
    }

    [Fact]
    public void Csv_parses_back_into_the_sockets_ss_lists()
    {
        ProcessResult result = Tools.Netstate(_sockets.Namespace, "-tanp", "--csv", "--info", "-m");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("\r\n", result.Stdout, StringComparison.Ordinal);
        List<Dictionary<string, string>> rows = Csv(result.Stdout, out string[] header);
        Assert.Equal(["proto", "state", "recv_q", "send_q", "local_address", "local_port"], header.Take(6));
        Assert.Contains("skmem_rb", header);
        Assert.Contains("rtt_us", header);

        var fromCsv = rows.Select(r => $"{Bracket(r["local_address"])}:{r["local_port"]} {Bracket(r["remote_address"])}:{(r["remote_port"] == "0" ? "*" : r["remote_port"])}")
            .Order(StringComparer.Ordinal).ToList();
        var fromSs = Ss("-tan").Split('\n').Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(f => $"{Unstar(f[3])} {Unstar(f[4])}")
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(fromSs, fromCsv);
        Assert.All(rows.Where(r => r["state"] == "LISTEN"), r => Assert.Equal(Environment.ProcessId.ToString(CultureInfo.InvariantCulture), r["pid"]));
    }

    [Fact]
    public void Count_by_state_matches_awk_over_netstat()
    {
        // netstat -tan | awk 'NR > 2 {print $6}' | sort | uniq -c | sort -rn
        Dictionary<string, long> awk = Tally(Tools.Netstat(_sockets.Namespace, "-tan").Stdout.Split('\n').Skip(2)
            .Where(l => l.Length > 0).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[5]));
        Dictionary<string, long> netstate = CountTable(Tools.Netstate(_sockets.Namespace, "-tan", "--count-by", "state").Stdout);
        Assert.Equal(awk.OrderBy(p => p.Key, StringComparer.Ordinal), netstate.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Count_by_state_and_local_port_matches_awk_over_ss_in_every_format()
    {
        // ss -tan | awk 'NR > 1 {n = split($4, a, ":"); print $1, a[n]}' | sort | uniq -c | sort -rn
        Dictionary<string, long> awk = Tally(Ss("-tan").Split('\n').Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(f => $"{f[0]} {f[3][(f[3].LastIndexOf(':') + 1)..]}"));

        Dictionary<string, long> table = CountTable(Tools.Netstate(_sockets.Namespace, "-tan", "--format", "ss", "--count-by", "state", "--count-by", "local-port").Stdout);
        Assert.Equal(Sorted(awk), Sorted(table));

        JsonElement json = Json("-tan", "--count-by", "state,local-port");
        Assert.Equal(awk.Values.Sum(), json.GetProperty("total").GetInt64());
        var fromJson = json.GetProperty("counts").EnumerateArray().ToDictionary(
            c => $"{SsState(c.GetProperty("state").GetString()!)} {c.GetProperty("local_port").GetInt32()}", c => c.GetProperty("count").GetInt64());
        Assert.Equal(Sorted(awk), Sorted(fromJson));

        List<Dictionary<string, string>> csv = Csv(Tools.Netstate(_sockets.Namespace, "-tan", "--csv", "--count-by", "state,local-port").Stdout, out string[] header);
        Assert.Equal(["count", "state", "local_port"], header);
        Assert.Equal(Sorted(awk), Sorted(csv.ToDictionary(r => $"{SsState(r["state"])} {r["local_port"]}", r => long.Parse(r["count"], CultureInfo.InvariantCulture))));
    }

    [Fact]
    public void Counts_are_sorted_largest_first_and_top_keeps_the_head()
    {
        string all = Tools.Netstate(_sockets.Namespace, "-an", "--count-by", "proto,state").Stdout;
        string top = Tools.Netstate(_sockets.Namespace, "-an", "--count-by", "proto,state", "--top", "3").Stdout;
        string[] allLines = all.TrimEnd('\n').Split('\n');
        long[] counts = allLines.Skip(1).Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture)).ToArray();
        Assert.True(counts.Length > 3);
        Assert.Equal(counts.OrderDescending(), counts);
        Assert.Equal(allLines.Take(4), top.TrimEnd('\n').Split('\n'));
    }

    private JsonElement Json(params string[] flags)
    {
        ProcessResult result = Tools.Netstate(_sockets.Namespace, [.. flags, "--json"]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal("", result.Stderr);
        return JsonDocument.Parse(result.Stdout).RootElement.Clone();
    }

    private string Ss(string flags) => _sockets.Namespace.Run(() => ProcessResult.Run(Tools.Require("ss", "iproute2"), [flags])).Stdout;

    internal static List<Dictionary<string, string>> Csv(string text, out string[] header)
    {
        using var reader = new CsvReader(new StringReader(text), new CsvConfiguration(CultureInfo.InvariantCulture));
        reader.Read();
        reader.ReadHeader();
        header = reader.HeaderRecord!;
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read())
        {
            Assert.Equal(header.Length, reader.Parser.Count);
            var row = new Dictionary<string, string>();
            for (int i = 0; i < header.Length; i++)
                row[header[i]] = reader.GetField(i)!;
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>A "Count  Key1  Key2" table into "key1 key2" → count.</summary>
    private static Dictionary<string, long> CountTable(string output) =>
        output.TrimEnd('\n').Split('\n').Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(f => string.Join(' ', f.Skip(1)), f => long.Parse(f[0], CultureInfo.InvariantCulture));

    private static Dictionary<string, long> Tally(IEnumerable<string> keys) =>
        keys.GroupBy(k => k, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count());

    private static List<KeyValuePair<string, long>> Sorted(Dictionary<string, long> counts) =>
        counts.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();

    /// <summary>netstat's state names (JSON, CSV) in ss's spelling, to compare with ss's column.</summary>
    private static string SsState(string netstat) => netstat switch
    {
        "ESTABLISHED" => "ESTAB",
        "CLOSE" => "UNCONN",
        _ => netstat.Replace("FIN_WAIT", "FIN-WAIT-", StringComparison.Ordinal).Replace('_', '-'),
    };

    private static string Field(string line, string label)
    {
        int start = line.IndexOf(label, StringComparison.Ordinal) + label.Length;
        int end = line.IndexOf(' ', start);
        return end < 0 ? line[start..] : line[start..end];
    }

    private static string Bracket(string address) => address.Contains(':', StringComparison.Ordinal) ? $"[{address}]" : address;

    /// <summary>ss writes the unspecified address of a dual-stack socket as "*"; CSV keeps "::".</summary>
    private static string Unstar(string endpoint) => endpoint.StartsWith("*:", StringComparison.Ordinal) ? "[::]" + endpoint[1..] : endpoint;
}
