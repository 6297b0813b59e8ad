using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Netstate.Cli.Arguments;
using Netstate.Cli.Serve;
using Netstate.Cli.Serve.Http;
using Netstate.Cli.Serve.Otlp;
using Netstate.Core.Platform;
using Netstate.Core.Text;

namespace Netstate.Cli.Commands;

/// <summary>
/// <c>netstate serve</c>: the web page, JSON API and Prometheus metrics over HTTP, until SIGTERM or
/// Ctrl+C, which stop it gracefully (requests in flight finish, pages are told the stream ended).
/// </summary>
internal sealed class ServeCommand
{
    private readonly ServeOptions _options;
    private readonly TextWriter _out;
    private readonly TextWriter _err;

    public ServeCommand(ServeOptions options, TextWriter stdout, TextWriter stderr)
    {
        _options = options;
        _out = stdout;
        // Requests log from many threads.
        _err = TextWriter.Synchronized(stderr);
    }

    public ReturnCode Run()
    {
        if (_options.Help)
        {
            _out.Write(ServeOptions.Usage);
            return ReturnCode.Success;
        }
        string? token = _options.TokenFile is { } file ? ReadToken(file) : null;
        using X509Certificate2? certificate = _options.TlsCertificate is { } cert ? LoadCertificate(cert, _options.TlsKey!) : null;
        IPlatform platform = Platforms.Open(_options.ProcRoot);
        var notes = new NoteReporter(_err, _options.Verbose);
        var limits = new HttpLimits();
        using var readings = new LiveReadings(platform, _options.Source, _options.Interval, _options.OwnersInterval, _options.Background, list =>
        {
            lock (notes)
                notes.Report(list);
        });
        // --trace changes the system (a tracefs instance): asked for explicitly, removed on the way out.
        using TraceFeed? trace = _options.Trace ? TraceFeed.Start(platform, list =>
        {
            lock (notes)
                notes.Report(list);
        }) : null;
        if (trace is not null)
            _err.WriteLine($"netstate: {trace.Description.Replace("\n", "; ", StringComparison.Ordinal)}");
        var routes = new ServeRoutes(readings, _options, limits, token, _err.WriteLine, _options.AllowKill ? platform : null, trace);
        using HttpServer server = Bind(limits, routes, certificate);
        using OtlpPush? push = _options.Otlp is { } endpoint ? new OtlpPush(endpoint, _options.OtlpInterval, readings, _options.Top, _err.WriteLine) : null;

        using var stop = new CancellationTokenSource();
        using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

        string url = $"{(certificate is null ? "http" : "https")}://{server.Bound}/";
        _err.WriteLine($"netstate: serving {url} ({(_options.AllowKill ? "connections can be closed from the page (--allow-kill)" : "read-only")}; page at /, API under /api/, metrics at /metrics); SIGTERM or Ctrl+C stops");
        if (!IPAddress.IsLoopback(server.Bound.Address) && certificate is null)
            _err.WriteLine("netstate: warning: listening beyond this machine without TLS: the token and every answer cross the network in clear text");
        if (push is not null)
            _err.WriteLine($"netstate: pushing metrics to {push.Endpoint} over OTLP/HTTP every {_options.OtlpInterval.TotalSeconds:0.###} s");
        server.RunAsync(stop.Token).GetAwaiter().GetResult();
        _err.WriteLine("netstate: serve stopped");
        return ReturnCode.Success;

        void Stop(PosixSignalContext context)
        {
            // Handled here: the runtime's default would end the process before the server closes.
            context.Cancel = true;
            stop.Cancel();
        }
    }

    private HttpServer Bind(HttpLimits limits, ServeRoutes routes, X509Certificate2? certificate)
    {
        try
        {
            return new HttpServer(_options.Listen, limits, routes.HandleAsync, certificate, allowPost: _options.AllowKill);
        }
        catch (SocketException e)
        {
            string why = e.SocketErrorCode switch
            {
                SocketError.AddressAlreadyInUse => "the port is in use (another netstate serve?); choose one with --listen ADDR:PORT",
                SocketError.AddressNotAvailable => "no interface of this machine has that address",
                SocketError.AccessDenied => "ports below 1024 need root or CAP_NET_BIND_SERVICE",
                _ => e.Message,
            };
            throw new UserFacingException($"cannot listen on {_options.Listen}: {why}");
        }
    }

    /// <summary>The certificate and its key from PEM files; a file that is missing, unreadable or holds no PEM certificate or key is a clear error.</summary>
    private static X509Certificate2 LoadCertificate(string certificateFile, string keyFile)
    {
        string certificate = ReadPem(certificateFile, "--tls-cert");
        string key = ReadPem(keyFile, "--tls-key");
        if (!certificate.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            throw new UserFacingException($"--tls-cert {certificateFile} holds no PEM certificate (a -----BEGIN CERTIFICATE----- block)");
        if (key.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal))
            throw new UserFacingException($"--tls-key {keyFile} is encrypted; give the key unencrypted (openssl pkey -in {keyFile} -out KEYFILE) and keep that file readable by this user only");
        if (!key.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
            throw new UserFacingException($"--tls-key {keyFile} holds no PEM private key (a -----BEGIN PRIVATE KEY-----, EC PRIVATE KEY or RSA PRIVATE KEY block)");
        try
        {
            return X509Certificate2.CreateFromPem(certificate, key);
        }
        catch (ArgumentException)
        {
            throw new UserFacingException($"the key in --tls-key {keyFile} is not the private key of the certificate in --tls-cert {certificateFile} (or not an RSA, EC or DSA key)");
        }
        catch (CryptographicException e)
        {
            throw new UserFacingException($"--tls-cert {certificateFile} or --tls-key {keyFile} is not valid PEM: {ErrorText.Of(e)}");
        }
    }

    /// <summary>A PEM file's text, at most 1 MiB (a certificate chain is a few KiB; a device or a wrong file is refused instead of read on and on).</summary>
    private static string ReadPem(string file, string option)
    {
        const int Limit = 1 << 20;
        try
        {
            using var reader = new StreamReader(file);
            char[] buffer = new char[Limit + 1];
            int length = reader.ReadBlock(buffer, 0, buffer.Length);
            return length <= Limit ? new string(buffer, 0, length)
                : throw new UserFacingException($"{option} {file} is larger than 1 MiB: not a PEM file");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserFacingException($"cannot read {option} {file}: {ErrorText.Of(e)}");
        }
    }

    /// <summary>The token: the file's first line, without surrounding blanks; an empty one would let anyone in.</summary>
    private static string ReadToken(string file)
    {
        string token;
        try
        {
            token = File.ReadLines(file).FirstOrDefault()?.Trim() ?? "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserFacingException($"cannot read the token file {file}: {ErrorText.Of(e)}");
        }
        return token.Length >= 16 ? token
            : throw new UserFacingException($"the token in {file} is {token.Length} characters long; use at least 16 (for example: head -c 24 /dev/urandom | base64 > {file})");
    }
}
