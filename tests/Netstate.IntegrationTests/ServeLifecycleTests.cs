using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>How netstate serve starts and stops (SIGTERM, as systemd stops it), and its token. Each test runs its own short-lived server.</summary>
public sealed class ServeLifecycleTests
{
    [Fact]
    public async Task Sigterm_stops_serve_gracefully_with_exit_code_0()
    {
        using var ns = new NetworkNamespace();
        using var serve = new ServeProcess(ns);
        using (HttpResponseMessage summary = await serve.Client.GetAsync("api/summary"))
            Assert.Equal(HttpStatusCode.OK, summary.StatusCode);
        Assert.Equal(0, serve.Terminate(TimeSpan.FromSeconds(60)));
        Assert.Contains("netstate: serve stopped", serve.Stderr, StringComparison.Ordinal);
        // The port is free again at once.
        Assert.Equal("", ns.Exec(Tools.Require("ss", "iproute2"), ["-tlnH", $"sport = :{serve.Port}"]).Stdout.Trim());
    }

    [Fact]
    public void A_second_serve_on_a_taken_port_fails_with_one_line_instead_of_sharing_it()
    {
        using var ns = new NetworkNamespace();
        using var serve = new ServeProcess(ns);
        ProcessResult second = PublishedNetstate.Run(ns, "serve", "--listen", $"127.0.0.1:{serve.Port}");
        Assert.Equal(1, second.ExitCode);
        Assert.Equal($"netstate: cannot listen on 127.0.0.1:{serve.Port}: the port is in use (another netstate serve?); choose one with --listen ADDR:PORT", second.Stderr.Trim());
    }

    [Fact]
    public async Task With_a_token_every_request_needs_it_as_bearer_or_as_a_browsers_password()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "s3cret-token-for-tests\n");
            using var ns = new NetworkNamespace();
            using var serve = new ServeProcess(ns, "--token", file);
            using (HttpResponseMessage none = await serve.Client.GetAsync("metrics"))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
                Assert.Equal("Basic", none.Headers.WwwAuthenticate.Single().Scheme);
            }
            Assert.Equal(HttpStatusCode.Unauthorized, await Status(serve, new AuthenticationHeaderValue("Bearer", "s3cret-token-for-test")));
            Assert.Equal(HttpStatusCode.OK, await Status(serve, new AuthenticationHeaderValue("Bearer", "s3cret-token-for-tests")));
            Assert.Equal(HttpStatusCode.OK, await Status(serve, new AuthenticationHeaderValue("Basic", Convert.ToBase64String("anyone:s3cret-token-for-tests"u8.ToArray()))));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task With_background_readings_go_on_unasked_and_the_owner_scan_is_never_newer_than_the_sockets()
    {
        using var ns = new NetworkNamespace();
        using var serve = new ServeProcess(ns, "--background", "--interval", "0.2", "--owners-interval", "0.2");
        // On demand, two scrapes one after the other are at most one reading apart; in the background
        // the readings went on between them (given two seconds for at least two readings of 0.2 s).
        await Poll.UntilAsync(async () =>
        {
            double first = Sample(await serve.Client.GetStringAsync("metrics"), "netstate_readings_total");
            await Task.Delay(TimeSpan.FromSeconds(2));
            return Sample(await serve.Client.GetStringAsync("metrics"), "netstate_readings_total") - first >= 2 ? "readings went on" : null;
        }, TimeSpan.FromSeconds(60), "readings without requests");
        string metrics = await serve.Client.GetStringAsync("metrics");
        // Owners are scanned before the sockets they are joined with, so their scan is at least as old.
        Assert.True(Sample(metrics, "netstate_owners_age_seconds") >= Sample(metrics, "netstate_reading_age_seconds"), metrics);
        Assert.True(Sample(metrics, "netstate_owner_scan_duration_seconds") > 0, metrics);
        Assert.Equal(0, Sample(metrics, "netstate_owner_scan_failures_total"));
        Assert.Equal(0, serve.Terminate(TimeSpan.FromSeconds(60)));
    }

    private static double Sample(string metrics, string name) =>
        double.Parse(metrics.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal))[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(new[] { "--owners-interval", "x" }, "--owners-interval needs a number of seconds from 0.1 to 3600")]
    [InlineData(new[] { "--listen", "0.0.0.0:9891" }, "give --token FILE too")]
    [InlineData(new[] { "--listen", "localhost" }, "--listen needs ADDR:PORT")]
    [InlineData(new[] { "--interval", "0" }, "--interval needs a number of seconds from 0.1 to 3600")]
    [InlineData(new[] { "--top", "-3" }, "--top needs a number from 1 to 1000")]
    [InlineData(new[] { "--bogus" }, "unknown option '--bogus' for serve")]
    public void Bad_options_are_one_line_and_exit_code_2(string[] arguments, string message)
    {
        ProcessResult result = PublishedNetstate.Run(["serve", .. arguments]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }

    private static async Task<HttpStatusCode> Status(ServeProcess serve, AuthenticationHeaderValue authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "metrics") { Headers = { Authorization = authorization } };
        using HttpResponseMessage response = await serve.Client.SendAsync(request);
        return response.StatusCode;
    }
}
