using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// netstate serve's JSON API and metrics, asked over HTTP of the published binary running in a
/// private namespace: the same answers as the command line, filters with the caret message, limits.
/// </summary>
[Collection(ServeTests.Name)]
public sealed class ServeApiTests(ServeBed bed)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Api_sockets_is_the_json_listing_of_the_sockets_the_filter_keeps()
    {
        Socket listener = bed.Listen(7101);
        (Socket client, Socket server) = bed.Connect(listener);
        try
        {
            string filter = "sport = :7101 or dport = :7101";
            // The reading is at most half a second old: poll until it has the connection.
            JsonDocument listing = await Poll.UntilAsync(async () =>
            {
                JsonDocument doc = JsonDocument.Parse(await bed.Serve.Client.GetStringAsync("api/sockets?filter=" + Uri.EscapeDataString(filter)));
                return doc.RootElement.GetProperty("sockets").GetArrayLength() == 3 ? doc : null;
            }, Deadline, "the listener and both ends of the connection");

            Assert.Empty(JsonSchemaCheck.Load().Validate(listing.RootElement));
            Assert.Equal("sockets", listing.RootElement.GetProperty("kind").GetString());
            // The same sockets as the command line's --json with the same filter, in the same namespace.
            ProcessResult cli = PublishedNetstate.Run(bed.Namespace, "-ta", "--json", filter);
            Assert.Equal(0, cli.ExitCode);
            using JsonDocument expected = JsonDocument.Parse(cli.Stdout);
            Assert.Equal(Keys(expected.RootElement), Keys(listing.RootElement));
            Assert.Contains(listing.RootElement.GetProperty("sockets").EnumerateArray(),
                s => s.GetProperty("state").GetString() == "ESTABLISHED" && s.GetProperty("local").GetProperty("port").GetInt32() == 7101);
        }
        finally
        {
            ServeBed.Reset(client, server);
        }
    }

    [Theory]
    [InlineData("api/sockets?filter=state%20establishd", 6)]
    [InlineData("api/sockets?filter=sport%20%3D%20%3A80%20and%20(dport%20%3D%20%3A1", 16)]
    [InlineData("api/events?filter=sport%20%3E%3D", 8)]
    public async Task A_malformed_filter_gets_400_with_the_caret_message(string path, int position)
    {
        using HttpResponseMessage response = await bed.Serve.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using JsonDocument error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("filter: ", error.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(position, error.RootElement.GetProperty("position").GetInt32());
        string[] pointer = error.RootElement.GetProperty("pointer").GetString()!.Split('\n');
        Assert.Equal(2 + position, pointer[1].IndexOf('^', StringComparison.Ordinal));
    }

    [Fact]
    public async Task Summary_counts_listeners_as_ss_does_and_explain_counts_one_state()
    {
        bed.Listen(7102);
        bed.Listen(7103);
        int listeners = bed.SsCount("state", "listening");
        JsonDocument summary = await Poll.UntilAsync(async () =>
        {
            JsonDocument doc = JsonDocument.Parse(await bed.Serve.Client.GetStringAsync("api/summary"));
            return doc.RootElement.GetProperty("tcp_states").GetProperty("LISTEN").GetInt32() == listeners ? doc : null;
        }, Deadline, $"{listeners} listeners in /api/summary");
        Assert.Equal("summary", summary.RootElement.GetProperty("kind").GetString());
        Assert.True(summary.RootElement.GetProperty("sockets").GetInt32() >= listeners);

        using JsonDocument explain = JsonDocument.Parse(await bed.Serve.Client.GetStringAsync("api/explain/listening"));
        Assert.Equal("LISTEN", explain.RootElement.GetProperty("state").GetString());
        Assert.Equal(listeners, explain.RootElement.GetProperty("count").GetInt32());
        Assert.Contains(explain.RootElement.GetProperty("top_local_ports").EnumerateArray(), p => p.GetProperty("port").GetInt32() == 7102);
        Assert.False(string.IsNullOrEmpty(explain.RootElement.GetProperty("explanation").GetProperty("What it means").GetString()));

        using HttpResponseMessage unknown = await bed.Serve.Client.GetAsync("api/explain/LISTENNG");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("no TCP state 'LISTENNG'", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_answers_the_report_of_doctor_json()
    {
        using JsonDocument report = JsonDocument.Parse(await bed.Serve.Client.GetStringAsync("api/doctor"));
        Assert.Equal(1, report.RootElement.GetProperty("version").GetInt32());
        Assert.Equal(JsonValueKind.Array, report.RootElement.GetProperty("findings").ValueKind);
        Assert.True(report.RootElement.GetProperty("tcp_sockets").GetInt32() >= 1);
    }

    [Fact]
    public async Task Events_stream_pushes_updates_with_the_filtered_sockets()
    {
        Socket listener = bed.Listen(7104);
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/events?filter=" + Uri.EscapeDataString("sport = :7104"));
        using HttpResponseMessage response = await bed.Serve.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var sequences = new List<long>();
        while (sequences.Count < 2)
        {
            string? line = await reader.ReadLineAsync().WaitAsync(Deadline);
            Assert.NotNull(line);
            if (!line.StartsWith("data: ", StringComparison.Ordinal))
                continue;
            using JsonDocument update = JsonDocument.Parse(line["data: ".Length..]);
            Assert.Equal("update", update.RootElement.GetProperty("kind").GetString());
            // The first update may come from a reading taken before the listener existed.
            JsonElement[] sockets = [.. update.RootElement.GetProperty("sockets").EnumerateArray()];
            if (sequences.Count == 0 && sockets.Length == 0)
                continue;
            JsonElement only = Assert.Single(sockets);
            Assert.Equal("LISTEN", only.GetProperty("state").GetString());
            Assert.Contains("ESTABLISHED", update.RootElement.GetProperty("diagram").GetString(), StringComparison.Ordinal);
            sequences.Add(update.RootElement.GetProperty("sequence").GetInt64());
        }
        // Pushed: the second update came without asking, from a later reading.
        Assert.True(sequences[1] > sequences[0]);
        GC.KeepAlive(listener);
    }

    [Fact]
    public async Task Concurrent_scrapes_share_one_reading()
    {
        string[] bodies = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => bed.Serve.Client.GetStringAsync("metrics")));
        // Twelve scrapes at once read the kernel at most twice (one reading may turn over while they arrive), not twelve times.
        int distinct = bodies.Select(b => b.Split('\n').Single(l => l.StartsWith("netstate_readings_total ", StringComparison.Ordinal))).Distinct().Count();
        Assert.InRange(distinct, 1, 2);
    }

    [Fact]
    public async Task Metrics_pass_promtool_check_metrics_with_a_hostile_process_name_in_a_label()
    {
        int pid = bed.Hostile.Id;
        string metrics = await Poll.UntilAsync(async () =>
        {
            string body = await bed.Serve.Client.GetStringAsync("metrics");
            return body.Contains("<img src=x", StringComparison.Ordinal) ? body : null;
        }, Deadline, $"the hostile process {pid} in the metrics");
        // The quote in the name is escaped as the exposition format asks; ESC is kept (valid UTF-8).
        Assert.Contains("netstate_sockets_by_process{process=\"<img src=x onerror=\\\"document.title='pwned'\\\"><script>", metrics, StringComparison.Ordinal);

        ProcessResult check = RunWithInput(Tools.Require("promtool", "prometheus"), ["check", "metrics"], metrics);
        Assert.True(check.ExitCode == 0, $"promtool check metrics: {check.Stdout}{check.Stderr}");
        Assert.Equal("", (check.Stdout + check.Stderr).Trim());
        foreach (string family in new[] { "netstate_tcp_connection_states", "netstate_tcp_listener_accept_queue_length", "netstate_tcp_listener_accept_queue_limit",
            "netstate_tcp_sockets_by_local_port", "netstate_sockets_by_process", "netstate_tcp_retransmitted_segments_total", "netstate_doctor_findings",
            "netstate_scrape_duration_seconds" })
            Assert.Contains($"# TYPE {family} ", metrics, StringComparison.Ordinal);
        Assert.Contains("netstate_tcp_sockets_by_local_port{port=\"other\"}", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prometheus_scrapes_serve_and_counts_the_tests_established_connections_as_ss_does()
    {
        Socket listener = bed.Listen(7195);
        var pairs = Enumerable.Range(0, 3).Select(_ => bed.Connect(listener)).ToList();
        try
        {
            int ss = bed.SsCount("state", "established", "sport", "=", ":7195");
            Assert.Equal(3, ss);
            string query = "netstate_tcp_sockets_by_local_port{job=\"netstate\",port=\"7195\"}";
            List<double> values = await Poll.UntilAsync(async () =>
            {
                List<double> result = await bed.Prometheus.QueryAsync(query);
                return result.Count == 1 && result[0] == ss ? result : null;
            }, TimeSpan.FromSeconds(120), $"Prometheus to answer {ss} for {query}");
            Assert.Equal(ss, values.Single());

            // The listener count of node_exporter's state metric, as ss counts listeners in the namespace.
            int listeners = bed.SsCount("state", "listening");
            await Poll.UntilAsync(async () =>
            {
                List<double> result = await bed.Prometheus.QueryAsync("netstate_tcp_connection_states{state=\"listen\"}");
                return result.Count == 1 && result[0] == listeners ? result : null;
            }, TimeSpan.FromSeconds(120), $"Prometheus to count {listeners} listeners");
        }
        finally
        {
            foreach ((Socket client, Socket server) in pairs)
                ServeBed.Reset(client, server);
        }
    }

    [Theory]
    [InlineData("POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", 405)]
    [InlineData("GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n", 404)]
    [InlineData("GET /api/sockets?limit=many HTTP/1.1\r\nHost: x\r\n\r\n", 400)]
    [InlineData("GET /metrics HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello", 413)]
    [InlineData("BROKEN\r\n\r\n", 400)]
    public void Requests_outside_what_serve_answers_get_an_error_status(string request, int status) =>
        Assert.StartsWith($"HTTP/1.1 {status} ", RawRequest(Encoding.Latin1.GetBytes(request)), StringComparison.Ordinal);

    [Fact]
    public void Oversized_requests_are_refused_without_reading_them_whole()
    {
        Assert.StartsWith("HTTP/1.1 414 ", RawRequest(Encoding.ASCII.GetBytes($"GET /api/sockets?filter={new string('a', 5000)} HTTP/1.1\r\n\r\n")), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 431 ", RawRequest(Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nX-Big: {new string('b', 9000)}\r\n\r\n")), StringComparison.Ordinal);
    }

    private string RawRequest(byte[] request) => bed.Namespace.Run(() =>
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(IPAddress.Loopback, bed.Serve.Port);
        socket.ReceiveTimeout = 60_000;
        try
        {
            socket.Send(request);
        }
        catch (SocketException)
        {
            // The server may answer and close before an oversized request is all sent.
        }
        byte[] buffer = new byte[4096];
        int read = socket.Receive(buffer);
        return Encoding.ASCII.GetString(buffer, 0, read);
    });

    private static List<string> Keys(JsonElement listing) =>
        listing.GetProperty("sockets").EnumerateArray()
            .Select(s => $"{s.GetProperty("state").GetString()} {s.GetProperty("local")} {s.GetProperty("remote")} {s.GetProperty("inode")}")
            .Order(StringComparer.Ordinal).ToList();

    private static ProcessResult RunWithInput(string program, string[] arguments, string input)
    {
        var start = new System.Diagnostics.ProcessStartInfo(program) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = System.Diagnostics.Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), $"{program} did not finish");
        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
