using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Netstate.Cli.Serve.Http;

/// <summary>
/// A small HTTP/1.1 server for a read-only service: GET and HEAD, one request per connection,
/// bounded request heads, a bounded number of connections at once. Kept in-house rather than
/// ASP.NET Core: Kestrel grew the Native AOT binary by 80 % and every command's start by ~2 ms,
/// and this service needs none of its features.
/// </summary>
internal sealed class HttpServer : IDisposable
{
    /// <summary>SOL_SOCKET and SO_REUSEADDR as Linux numbers them (Windows: 0xffff and 4).</summary>
    private const int SolSocket = 1;
    private const int SoReuseAddr = 2;

    private readonly Socket _listener;
    private readonly HttpLimits _limits;
    private readonly Func<HttpRequest, HttpResponse, CancellationToken, Task> _handle;
    private readonly SemaphoreSlim _slots;
    private readonly X509Certificate2? _certificate;
    private readonly bool _allowPost;

    /// <summary>Binds and listens on <paramref name="endpoint"/> (port 0 picks a free one: see <see cref="Bound"/>).</summary>
    /// <param name="certificate">With one, every connection speaks TLS (HTTPS) with it; without, plain HTTP.</param>
    /// <param name="allowPost">Pass POST (without a body) to the handler too (--allow-kill); else it gets 405 here.</param>
    public HttpServer(IPEndPoint endpoint, HttpLimits limits, Func<HttpRequest, HttpResponse, CancellationToken, Task> handle, X509Certificate2? certificate = null, bool allowPost = false)
    {
        _certificate = certificate;
        _allowPost = allowPost;
        _limits = limits;
        _handle = handle;
        _slots = new SemaphoreSlim(limits.MaxConnections);
        _listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // A restart must not wait for the previous run's connections to leave TIME_WAIT. SO_REUSEADDR
            // alone, set raw: .NET's ReuseAddress also sets SO_REUSEPORT on Linux, which would let a second
            // server bind the same port silently instead of failing. The numbers are Linux's; Windows needs
            // nothing (its default bind is not blocked by TIME_WAIT, and its SO_REUSEADDR would let
            // another process take the port over).
            if (OperatingSystem.IsLinux())
                _listener.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
            if (endpoint.AddressFamily == AddressFamily.InterNetworkV6)
                _listener.DualMode = endpoint.Address.Equals(IPAddress.IPv6Any);
            _listener.Bind(endpoint);
            _listener.Listen(128);
        }
        catch
        {
            _listener.Dispose();
            throw;
        }
        Bound = (IPEndPoint)_listener.LocalEndPoint!;
    }

    /// <summary>The address and port actually bound.</summary>
    public IPEndPoint Bound { get; }

    /// <summary>Accepts and serves connections until <paramref name="stop"/>; then waits for the requests in flight.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var running = new List<Task>();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await _slots.WaitAsync(stop).ConfigureAwait(false);
                Socket client;
                try
                {
                    client = await _listener.AcceptAsync(stop).ConfigureAwait(false);
                }
                catch
                {
                    _slots.Release();
                    throw;
                }
                running.RemoveAll(t => t.IsCompleted);
                running.Add(ServeAsync(client, stop));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        _listener.Close();
        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private async Task ServeAsync(Socket client, CancellationToken stop)
    {
        try
        {
            client.NoDelay = true;
            await using Stream stream = await OpenAsync(client, stop).ConfigureAwait(false);
            HttpResponse response = new(stream, head: false);
            HttpRequest request;
            try
            {
                request = await ReadRequestAsync(stream, stop).ConfigureAwait(false);
            }
            catch (HttpError e)
            {
                await response.SendTextAsync(e.Status, "text/plain; charset=utf-8", e.Message + "\n", stop).ConfigureAwait(false);
                return;
            }
            if (request.Method is not ("GET" or "HEAD") && !(_allowPost && request.Method == "POST"))
            {
                await response.SendTextAsync(405, "text/plain; charset=utf-8", "this server is read-only: GET and HEAD only\n", stop, ("Allow", "GET, HEAD")).ConfigureAwait(false);
                return;
            }
            await _handle(request, new HttpResponse(stream, request.IsHead), stop).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or AuthenticationException)
        {
            // The client went away, failed the TLS handshake, or the server is stopping: nothing to answer.
        }
        finally
        {
            client.Dispose();
            _slots.Release();
        }
    }

    /// <summary>The connection's stream: the socket's, or with a certificate a TLS stream over it once the handshake is done (within the head's time limit).</summary>
    private async Task<Stream> OpenAsync(Socket client, CancellationToken stop)
    {
        var network = new NetworkStream(client, ownsSocket: true);
        if (_certificate is null)
            return network;
        var tls = new SslStream(network, leaveInnerStreamOpen: false);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            timeout.CancelAfter(_limits.HeadTimeout);
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = _certificate,
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            }, timeout.Token).ConfigureAwait(false);
            return tls;
        }
        catch
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Reads up to the blank line that ends the head, within the size and time limits.</summary>
    private async Task<HttpRequest> ReadRequestAsync(Stream stream, CancellationToken stop)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(_limits.HeadTimeout);
        byte[] buffer = new byte[_limits.MaxHeadBytes];
        int filled = 0;
        while (true)
        {
            int end = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
                return HttpRequest.Parse(buffer.AsSpan(0, end), _limits);
            if (filled == buffer.Length)
                throw new HttpError(431, $"the request head is longer than {_limits.MaxHeadBytes} bytes");
            int read;
            try
            {
                read = await stream.ReadAsync(buffer.AsMemory(filled), timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
                throw new HttpError(408, "the request head did not arrive in time");
            }
            if (read == 0)
                throw new IOException("the client closed the connection");
            filled += read;
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        _slots.Dispose();
    }
}
