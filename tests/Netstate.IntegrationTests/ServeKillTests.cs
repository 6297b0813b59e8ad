using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// netstate serve --allow-kill: POST /api/close, refused unless every guard passes (the flag, the
/// token, POST, the page's CSRF token, the server's own Origin), then the same close as -K, which
/// the peer sees as a reset. Real connections in a private namespace.
/// </summary>
public sealed partial class ServeKillTests : IDisposable
{
    private const string Token = "kill-token-for-the-tests";
    private readonly string _tokenFile = Path.GetTempFileName();

    public ServeKillTests() => File.WriteAllText(_tokenFile, Token + "\n");

    [Fact]
    public async Task Without_allow_kill_there_is_no_close_and_no_csrf_token_in_the_page()
    {
        using var ns = new NetworkNamespace();
        using var serve = new ServeProcess(ns, "--token", _tokenFile);
        serve.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using (HttpResponseMessage post = await serve.Client.PostAsync("api/close?inode=1", null))
            Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        using (HttpResponseMessage get = await serve.Client.GetAsync("api/close?inode=1"))
            Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        Assert.Contains("<meta name=\"netstate-csrf\" content=\"\">", await serve.Client.GetStringAsync(""), StringComparison.Ordinal);
        Assert.Contains("(read-only;", serve.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Allow_kill_without_a_token_is_a_usage_error()
    {
        ProcessResult result = PublishedNetstate.Run("serve", "--allow-kill");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("netstate: --allow-kill needs --token FILE", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Close_needs_the_token_post_the_csrf_header_and_the_same_origin_and_then_the_peer_sees_a_reset()
    {
        using var ns = new NetworkNamespace();
        using Socket listener = LoopbackTcp.Listen(ns, 7501);
        using Socket client = LoopbackTcp.Connect(ns, listener);
        using Socket accepted = listener.Accept();
        using var serve = new ServeProcess(ns, "--token", _tokenFile, "--allow-kill", "--interval", "0.5");
        Assert.Contains("connections can be closed from the page (--allow-kill)", serve.Stderr, StringComparison.Ordinal);
        string origin = $"http://127.0.0.1:{serve.Port}";

        // Without the token nothing is answered, not even the page.
        using (HttpResponseMessage anonymous = await serve.Client.GetAsync(""))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        serve.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        string csrf = CsrfMeta().Match(await serve.Client.GetStringAsync("")).Groups[1].Value;
        Assert.Equal(48, csrf.Length);

        // The server end of the test's connection, by its inode in the API.
        ulong inode;
        using (JsonDocument sockets = JsonDocument.Parse(await serve.Client.GetStringAsync("api/sockets?filter=" + Uri.EscapeDataString("state established and sport = :7501"))))
            inode = sockets.RootElement.GetProperty("sockets").EnumerateArray().Single().GetProperty("inode").GetUInt64();
        string close = $"api/close?inode={inode}";

        Assert.Equal(HttpStatusCode.Unauthorized, await Post(serve, close, csrf, origin, bearer: false));
        using (HttpResponseMessage get = await serve.Client.GetAsync(close))
            Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, await Post(serve, close, csrf: null, origin));
        Assert.Equal(HttpStatusCode.Forbidden, await Post(serve, close, csrf: new string('0', 48), origin));
        Assert.Equal(HttpStatusCode.Forbidden, await Post(serve, close, csrf, origin: "http://evil.example"));
        Assert.Equal(HttpStatusCode.Forbidden, await Post(serve, close, csrf, origin: $"http://127.0.0.1:{serve.Port + 1}"));
        Assert.Equal(HttpStatusCode.Forbidden, await Post(serve, close, csrf, origin, fetchSite: "cross-site"));
        // None of that closed anything: the connection still works both ways.
        client.Send("ping"u8);
        Assert.Equal(4, accepted.Receive(new byte[4]));

        using (HttpRequestMessage request = Request(close, csrf, origin, bearer: true, fetchSite: "same-origin"))
        using (HttpResponseMessage closed = await serve.Client.SendAsync(request))
        {
            string body = await closed.Content.ReadAsStringAsync();
            Assert.True(closed.StatusCode == HttpStatusCode.OK, body);
            using JsonDocument answer = JsonDocument.Parse(body);
            Assert.Equal("closed", answer.RootElement.GetProperty("outcome").GetString());
            Assert.Equal("tcp 127.0.0.1:7501 -> 127.0.0.1:" + ((IPEndPoint)client.LocalEndPoint!).Port + " ESTABLISHED", answer.RootElement.GetProperty("socket").GetString());
        }
        // The peer learns of it as -K's peers do: a reset.
        client.ReceiveTimeout = 60_000;
        SocketException reset = Assert.Throws<SocketException>(() => client.Receive(new byte[16]));
        Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
        Assert.Contains("netstate: serve: close tcp 127.0.0.1:7501", serve.Stderr, StringComparison.Ordinal);
    }

    private static async Task<HttpStatusCode> Post(ServeProcess serve, string path, string? csrf, string? origin, bool bearer = true, string? fetchSite = null)
    {
        using HttpRequestMessage request = Request(path, csrf, origin, bearer, fetchSite);
        using HttpResponseMessage response = await serve.Client.SendAsync(request);
        return response.StatusCode;
    }

    private static HttpRequestMessage Request(string path, string? csrf, string? origin, bool bearer, string? fetchSite)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent([]) };
        if (!bearer)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "wrong-token-wrong-token");
        if (csrf is not null)
            request.Headers.Add("X-Netstate-Csrf", csrf);
        if (origin is not null)
            request.Headers.Add("Origin", origin);
        if (fetchSite is not null)
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        return request;
    }

    [GeneratedRegex("<meta name=\"netstate-csrf\" content=\"([0-9A-F]*)\">")]
    private static partial Regex CsrfMeta();

    public void Dispose() => File.Delete(_tokenFile);
}
