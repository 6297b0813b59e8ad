using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// netstate serve --otlp: the published binary pushes to an OTLP/HTTP receiver inside the test's
/// private namespace, whose protobuf the test decodes field by field; the counts must be ss's.
/// </summary>
public sealed class ServeOtlpTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Otlp_pushes_the_semantic_convention_connection_count_and_netstates_metrics_with_ss_counts()
    {
        using var ns = new NetworkNamespace();
        using var receiver = new OtlpReceiver(ns, 0);
        var held = new List<Socket>();
        try
        {
            Socket listener = Held(held, LoopbackTcp.Listen(ns, 7401));
            for (int i = 0; i < 2; i++)
            {
                Held(held, LoopbackTcp.Connect(ns, listener));
                Held(held, listener.Accept());
            }
            Held(held, ns.Run(() =>
            {
                var udp = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp) { DualMode = false };
                udp.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 7402));
                return udp;
            }));

            using var serve = new ServeProcess(ns, "--interval", "0.5", "--otlp", $"http://127.0.0.1:{receiver.Port}", "--otlp-interval", "0.5");
            Assert.Contains($"netstate: pushing metrics to http://127.0.0.1:{receiver.Port}/v1/metrics over OTLP/HTTP every 0.5 s", serve.Stderr, StringComparison.Ordinal);

            // A push whose TCP state counts are what ss counts in the namespace at that moment (the push's own connection included).
            Dictionary<string, int> ss = [];
            OtlpExport export = await Poll.UntilAsync(() =>
            {
                ss = SsStates(ns);
                OtlpExport? latest = receiver.Received.LastOrDefault(e => e.Metrics.Metrics.Any(m => m.Name == "netstate_tcp_connection_states"));
                return Task.FromResult(latest is not null && SameCounts(TcpStates(latest), ss) ? latest : null);
            }, Deadline, "a push with the TCP state counts of ss");

            Assert.Equal("POST", export.Method);
            Assert.Equal("/v1/metrics", export.Path);
            Assert.Equal("application/x-protobuf", export.ContentType);
            Assert.Equal("netstate", export.Metrics.Resource["service.name"]);

            // The semantic convention: an up-down counter with transport, network type and (TCP only) state.
            OtlpMetric connections = export.Metrics.Named("system.network.connection.count");
            Assert.Equal("sum", connections.Kind);
            Assert.False(connections.Monotonic);
            Assert.True(ss["established"] >= 4 && ss["listen"] >= 2, string.Join(", ", ss));
            Assert.Equal(ss["established"], TcpStates(export)["established"]);
            Assert.All(connections.Points.Where(p => p.Attributes["network.transport"] == "tcp"),
                p => Assert.Equal(["network.connection.state", "network.transport", "network.type"], p.Attributes.Keys.Order()));
            OtlpPoint udp = connections.Points.Single(p => p.Attributes["network.transport"] == "udp" && p.Attributes["network.type"] == "ipv6");
            Assert.False(udp.Attributes.ContainsKey("network.connection.state"));
            Assert.Equal(ns.Exec(Tools.Require("ss", "iproute2"), ["-6uanH"]).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, udp.Value);

            // netstate's own metrics under their /metrics names: gauges, and counters as monotonic sums without _total.
            OtlpMetric states = export.Metrics.Named("netstate_tcp_connection_states");
            Assert.Equal("gauge", states.Kind);
            Assert.Equal(ss["established"], states.Points.Single(p => p.Attributes["state"] == "established").Value);
            Assert.Equal(2, export.Metrics.Named("netstate_tcp_sockets_by_local_port").Points.Single(p => p.Attributes["port"] == "7401").Value);
            OtlpMetric retransmitted = export.Metrics.Named("netstate_tcp_retransmitted_segments");
            Assert.Equal("sum", retransmitted.Kind);
            Assert.True(retransmitted.Monotonic);
            foreach (string name in (string[])["netstate_sockets", "netstate_tcp_listeners", "netstate_doctor_findings", "netstate_sockets_by_process", "netstate_readings"])
                Assert.Contains(export.Metrics.Metrics, m => m.Name == name);
        }
        finally
        {
            foreach (Socket socket in held)
                ServeBed.Reset(socket);
        }
    }

    [Fact]
    public async Task An_unreachable_collector_is_one_warning_and_serving_goes_on_until_it_answers()
    {
        using var ns = new NetworkNamespace();
        using var serve = new ServeProcess(ns, "--otlp", "http://127.0.0.1:7403", "--otlp-interval", "0.5");
        const string Warning = "netstate: warning: OTLP push to http://127.0.0.1:7403/v1/metrics failed";
        Poll.Until(() => serve.Stderr.Contains(Warning, StringComparison.Ordinal) ? true : (bool?)null, Deadline, "the warning about the unreachable collector");
        using (HttpResponseMessage summary = await serve.Client.GetAsync("api/summary"))
            Assert.Equal(HttpStatusCode.OK, summary.StatusCode);

        using var receiver = new OtlpReceiver(ns, 7403);
        Poll.Until(() => serve.Stderr.Contains("netstate: OTLP push to http://127.0.0.1:7403/v1/metrics works again", StringComparison.Ordinal) ? true : (bool?)null,
            Deadline, "serve to say the push works again");
        Assert.Single(serve.Stderr.Split('\n'), line => line.StartsWith(Warning, StringComparison.Ordinal));
        Assert.Contains(receiver.Received, e => e.Metrics.Metrics.Any(m => m.Name == "system.network.connection.count"));
        Assert.Equal(0, serve.Terminate(TimeSpan.FromSeconds(60)));
    }

    private static Socket Held(List<Socket> held, Socket socket)
    {
        held.Add(socket);
        return socket;
    }

    /// <summary>TCP sockets per semantic-convention state in one push, both network types summed.</summary>
    private static Dictionary<string, int> TcpStates(OtlpExport export) =>
        export.Metrics.Named("system.network.connection.count").Points
            .Where(p => p.Attributes["network.transport"] == "tcp")
            .GroupBy(p => p.Attributes["network.connection.state"])
            .ToDictionary(g => g.Key, g => (int)g.Sum(p => p.Value));

    /// <summary>ss -tan's states in the namespace, in the semantic conventions' names (ESTAB is established, UNCONN close, FIN-WAIT-1 fin_wait_1).</summary>
    private static Dictionary<string, int> SsStates(NetworkNamespace ns) =>
        ns.Exec(Tools.Require("ss", "iproute2"), ["-tanH"]).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', 2)[0].ToLowerInvariant().Replace('-', '_') switch
            {
                "estab" => "established",
                "unconn" => "close",
                var state => state,
            })
            .GroupBy(state => state)
            .ToDictionary(g => g.Key, g => g.Count());

    private static bool SameCounts(Dictionary<string, int> pushed, Dictionary<string, int> ss) =>
        pushed.Where(p => p.Value != 0).OrderBy(p => p.Key).SequenceEqual(ss.OrderBy(p => p.Key));
}
