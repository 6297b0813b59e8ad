using System.Net;
using System.Text;
using Netstate.Cli.Arguments;
using Netstate.Cli.Rendering.Prometheus;
using Netstate.Cli.Serve.Http;

namespace Netstate.Cli.Tests;

/// <summary>serve's options, its request parsing and the exposition format's escaping, without a server.</summary>
public sealed class ServeTests
{
    [Fact]
    public void Defaults_are_loopback_port_9891_two_seconds_and_top_10()
    {
        ServeOptions options = ServeOptions.Parse([]);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 9891), options.Listen);
        Assert.Equal(TimeSpan.FromSeconds(2), options.Interval);
        Assert.Equal(10, options.Top);
        Assert.Null(options.TokenFile);
        Assert.False(options.Background);
        Assert.Equal(TimeSpan.FromSeconds(10), options.OwnersInterval);
    }

    [Fact]
    public void Background_and_owners_interval_are_taken()
    {
        ServeOptions options = ServeOptions.Parse(["--background", "--owners-interval", "2.5"]);
        Assert.True(options.Background);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.OwnersInterval);
    }

    [Theory]
    [InlineData("127.0.0.1:8080", "127.0.0.1:8080")]
    [InlineData(":0", "127.0.0.1:0")]
    [InlineData("[::1]:9000", "[::1]:9000")]
    public void Listen_takes_address_and_port(string given, string expected) =>
        Assert.Equal(expected, ServeOptions.Parse(["--listen", given]).Listen.ToString());

    [Theory]
    [InlineData("::1")]
    [InlineData("127.0.0.1")]
    [InlineData("localhost:80")]
    [InlineData("[::1]")]
    public void Listen_without_a_port_or_with_a_name_is_a_usage_error(string given) =>
        Assert.Contains("--listen needs ADDR:PORT", Assert.Throws<UsageException>(() => ServeOptions.Parse(["--listen", given])).Message, StringComparison.Ordinal);

    [Fact]
    public void A_reachable_address_needs_a_token()
    {
        Assert.Throws<UsageException>(() => ServeOptions.Parse(["--listen", "0.0.0.0:9891"]));
        Assert.Equal("/etc/netstate/token", ServeOptions.Parse(["--listen", "0.0.0.0:9891", "--token", "/etc/netstate/token"]).TokenFile);
    }

    [Theory]
    [InlineData("http://127.0.0.1:4318", "http://127.0.0.1:4318/v1/metrics")]
    [InlineData("http://collector.example:4318/", "http://collector.example:4318/v1/metrics")]
    [InlineData("https://[::1]:4318/otlp/v1/metrics", "https://[::1]:4318/otlp/v1/metrics")]
    public void Otlp_takes_a_collector_url_and_posts_to_v1_metrics_when_it_has_no_path(string given, string expected)
    {
        ServeOptions options = ServeOptions.Parse(["--otlp", given, "--otlp-interval", "2.5"]);
        Assert.Equal(expected, options.Otlp!.ToString());
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.OtlpInterval);
    }

    [Theory]
    [InlineData("127.0.0.1:4318")]
    [InlineData("ftp://collector:21")]
    [InlineData("http://")]
    [InlineData("http://user:pw@collector:4318")]
    [InlineData("collector")]
    public void Otlp_without_an_http_url_is_a_usage_error(string given) =>
        Assert.Contains("--otlp needs the collector's http:// or https:// URL", Assert.Throws<UsageException>(() => ServeOptions.Parse(["--otlp", given])).Message, StringComparison.Ordinal);

    [Fact]
    public void Otlp_interval_without_otlp_is_a_usage_error() =>
        Assert.Contains("--otlp-interval needs --otlp", Assert.Throws<UsageException>(() => ServeOptions.Parse(["--otlp-interval", "5"])).Message, StringComparison.Ordinal);

    [Fact]
    public void A_request_is_decoded_and_its_first_repeated_parameter_counts()
    {
        HttpRequest request = HttpRequest.Parse(Encoding.ASCII.GetBytes("GET /api/sockets?filter=state+established%20and%20dport%20%3D%20%3A443&limit=5&limit=9 HTTP/1.1\r\nAuthorization: Bearer x\r\nHost: h"), new HttpLimits());
        Assert.Equal(("GET", "/api/sockets"), (request.Method, request.Path));
        Assert.Equal("state established and dport = :443", request.Query["filter"]);
        Assert.Equal("5", request.Query["limit"]);
        Assert.Equal("Bearer x", request.Authorization);
    }

    [Theory]
    [InlineData("GET /\r\n", 400)]
    [InlineData("GET http://elsewhere/ HTTP/1.1", 400)]
    [InlineData("GET / HTTP/1.1\r\nno colon here", 400)]
    [InlineData("GET / HTTP/1.1\r\nTransfer-Encoding: chunked", 413)]
    public void Malformed_or_bodied_requests_are_refused_with_a_status(string head, int status) =>
        Assert.Equal(status, Assert.Throws<HttpError>(() => HttpRequest.Parse(Encoding.Latin1.GetBytes(head), new HttpLimits())).Status);

    [Fact]
    public void Label_values_escape_backslash_quote_and_newline()
    {
        string text = new ExpositionWriter().Family("m", "gauge", "help").Sample("m", 2, ("process", "a\\b\"c\nd")).ToString();
        Assert.Equal("# HELP m help\n# TYPE m gauge\nm{process=\"a\\\\b\\\"c\\nd\"} 2\n", text);
    }
}
