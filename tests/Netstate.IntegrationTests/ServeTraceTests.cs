using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json;
using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// serve --trace: /api/trace streams the state changes of real connections (the schema of trace
/// --jsonl, the filter applied), without --trace it is a 404 that says how to turn it on, and
/// SIGTERM removes the tracefs instance.
/// </summary>
public sealed class ServeTraceTests
{
    [Fact]
    public async Task The_trace_stream_shows_a_connections_changes_under_the_filter_and_serve_cleans_up_on_sigterm()
    {
        using var ns = new NetworkNamespace();
        using var serve = new ServeProcess(ns, "--trace");
        Assert.Contains("tracing sock/inet_sock_set_state in tracefs instance", serve.Stderr, StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/trace?filter=" + Uri.EscapeDataString("sport = :7411 or dport = :7411"));
        using HttpResponseMessage response = await serve.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        // The first message (a comment while nothing is traced) says the stream is open before the connection is made.
        Assert.Equal(": quiet", await reader.ReadLineAsync());

        int clientPort = ns.Run(() =>
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 7411));
            listener.Listen(4);
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            client.Connect(listener.LocalEndPoint!);
            using Socket accepted = listener.Accept();
            int port = ((IPEndPoint)client.LocalEndPoint!).Port;
            client.LingerState = new LingerOption(true, 0);
            return port;
        });

        var changes = new List<string>();
        using var give = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        // The listener is closed last (the using declarations end in reverse order).
        while (!changes.Contains("7411 LISTEN>CLOSE"))
        {
            string? line = await reader.ReadLineAsync(give.Token);
            Assert.NotNull(line);
            if (!line.StartsWith("data: ", StringComparison.Ordinal))
                continue;
            JsonElement e = JsonDocument.Parse(line["data: ".Length..]).RootElement;
            Assert.Equal("state_change", e.GetProperty("type").GetString());
            int local = e.GetProperty("local_port").GetInt32(), remote = e.GetProperty("remote_port").GetInt32();
            // The filter holds: every event is the test's listener or connection (a connect's first change has port 0).
            Assert.True(local == 7411 || remote == 7411, line);
            changes.Add($"{local} {e.GetProperty("old_state").GetString()}>{e.GetProperty("new_state").GetString()}");
            if (e.GetProperty("new_state").GetString() == "SYN_SENT")
                Assert.Equal("active OPEN", e.GetProperty("event_rfc").GetString());
        }
        Assert.Contains("7411 CLOSE>LISTEN", changes);
        Assert.Contains("0 CLOSE>SYN_SENT", changes);
        Assert.Contains($"{clientPort} SYN_SENT>ESTABLISHED", changes);
        Assert.Contains("7411 SYN_RECV>ESTABLISHED", changes);
        // The server's end closed first (FIN), then the client's with SO_LINGER 0 (a reset from CLOSE_WAIT).
        Assert.Contains("7411 ESTABLISHED>FIN_WAIT1", changes);
        Assert.Contains($"{clientPort} CLOSE_WAIT>CLOSE", changes);

        Assert.Equal(0, serve.Terminate(TimeSpan.FromSeconds(60)));
        TracefsLeftovers.AssertNoneOf(serve.Pid);
    }

    [Fact]
    public async Task Without_trace_the_stream_is_a_404_that_says_how_to_turn_it_on()
    {
        using var ns = new NetworkNamespace();
        using var serve = new ServeProcess(ns);
        using HttpResponseMessage response = await serve.Client.GetAsync("api/trace");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("start netstate serve with --trace", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
