using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json;

namespace Netstate.IntegrationTests.TestBed;

/// <summary>
/// Debian's Prometheus inside a test namespace, scraping one <c>netstate serve</c> every second,
/// with its storage in a temporary directory removed afterwards. Queried through its HTTP API.
/// </summary>
public sealed class PrometheusServer : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("netstate-prometheus-").FullName;
    private readonly Process _process;
    private readonly HttpClient _client;

    public PrometheusServer(NetworkNamespace ns, int servePort)
    {
        string prometheus = Tools.Require("prometheus", "prometheus");
        int port = ns.Run(() =>
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return ((IPEndPoint)probe.LocalEndPoint!).Port;
        });
        string config = Path.Combine(_directory, "prometheus.yml");
        File.WriteAllText(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: netstate
                static_configs:
                  - targets: ['127.0.0.1:{servePort}']
            """);
        var start = new ProcessStartInfo(prometheus) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in (string[])[$"--config.file={config}", $"--storage.tsdb.path={Path.Combine(_directory, "data")}",
            $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn"])
            start.ArgumentList.Add(argument);
        _process = ns.Run(() => Process.Start(start)!);
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        _client = NamespaceHttp.Client(ns, port, TimeSpan.FromSeconds(30));
        Poll.UntilAsync(async () =>
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"prometheus exited with {_process.ExitCode}");
            try
            {
                using HttpResponseMessage ready = await _client.GetAsync("-/ready");
                return ready.IsSuccessStatusCode ? "ready" : null;
            }
            catch (HttpRequestException)
            {
                return null;
            }
        }, TimeSpan.FromSeconds(90), "prometheus to be ready").GetAwaiter().GetResult();
    }

    /// <summary>An instant PromQL query; the value of each series in the result (empty when none).</summary>
    public async Task<List<double>> QueryAsync(string promql)
    {
        using JsonDocument answer = JsonDocument.Parse(await _client.GetStringAsync("api/v1/query?query=" + Uri.EscapeDataString(promql)));
        Assert.Equal("success", answer.RootElement.GetProperty("status").GetString());
        return answer.RootElement.GetProperty("data").GetProperty("result").EnumerateArray()
            .Select(series => double.Parse(series.GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
    }

    public void Dispose()
    {
        _client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
