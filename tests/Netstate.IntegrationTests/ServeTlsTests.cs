using System.Text.Json;
using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// netstate serve --tls-cert/--tls-key: HTTPS with a self-signed certificate that openssl makes for
/// the test, fetched by curl trusting exactly that certificate, inside a private namespace.
/// </summary>
public sealed class ServeTlsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("netstate-tls-").FullName;

    private string Certificate => Path.Combine(_directory, "cert.pem");

    private string Key => Path.Combine(_directory, "key.pem");

    public ServeTlsTests()
    {
        ProcessResult made = ProcessResult.Run(Tools.Require("openssl", "openssl"),
            ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", Key, "-out", Certificate,
             "-days", "2", "-subj", "/CN=netstate-test", "-addext", "subjectAltName=IP:127.0.0.1"]);
        Assert.True(made.ExitCode == 0, made.Stderr);
    }

    [Fact]
    public void With_a_certificate_serve_speaks_https_that_a_client_trusting_it_accepts_and_plain_http_gets_nothing()
    {
        using var ns = new NetworkNamespace();
        using var serve = new ServeProcess(ns, "--tls-cert", Certificate, "--tls-key", Key);
        Assert.Contains($"netstate: serving https://127.0.0.1:{serve.Port}/", serve.Stderr, StringComparison.Ordinal);
        string curl = Tools.Require("curl", "curl");
        string url = $"https://127.0.0.1:{serve.Port}/api/summary";

        ProcessResult trusted = ns.Exec(curl, ["-sS", "--cacert", Certificate, url]);
        Assert.True(trusted.ExitCode == 0, trusted.Stderr);
        using (JsonDocument summary = JsonDocument.Parse(trusted.Stdout))
            Assert.True(summary.RootElement.GetProperty("tcp_states").GetProperty("LISTEN").GetInt32() >= 1);

        // Without trusting the self-signed certificate curl refuses it (60: peer certificate cannot be authenticated).
        Assert.Equal(60, ns.Exec(curl, ["-sS", "-o", "/dev/null", url]).ExitCode);
        // Plain HTTP to the TLS port gets no HTTP answer (52: empty reply), and the server goes on.
        ProcessResult plain = ns.Exec(curl, ["-sS", "-o", "/dev/null", "-w", "%{http_code}", $"http://127.0.0.1:{serve.Port}/api/summary"]);
        Assert.Equal(52, plain.ExitCode);
        Assert.Equal("000", plain.Stdout);
        Assert.Equal("200", ns.Exec(curl, ["-sS", "--cacert", Certificate, "-o", "/dev/null", "-w", "%{http_code}", $"https://127.0.0.1:{serve.Port}/metrics"]).Stdout);
        Assert.Equal(0, serve.Terminate(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public void Missing_malformed_encrypted_or_mismatched_pem_files_are_one_clear_line_each()
    {
        string junk = Path.Combine(_directory, "junk.pem");
        File.WriteAllText(junk, "not a certificate\n");
        string other = Path.Combine(_directory, "other.pem");
        string encrypted = Path.Combine(_directory, "encrypted.pem");
        string openssl = Tools.Require("openssl", "openssl");
        Assert.Equal(0, ProcessResult.Run(openssl, ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-out", other]).ExitCode);
        Assert.Equal(0, ProcessResult.Run(openssl, ["pkey", "-in", Key, "-aes256", "-passout", "pass:secret", "-out", encrypted]).ExitCode);
        string missing = Path.Combine(_directory, "missing.pem");
        using var ns = new NetworkNamespace();

        Assert.Equal($"netstate: cannot read --tls-cert {missing}: no such file or directory (ENOENT)", Fails(ns, missing, Key));
        Assert.Equal($"netstate: --tls-cert {junk} holds no PEM certificate (a -----BEGIN CERTIFICATE----- block)", Fails(ns, junk, Key));
        Assert.Equal($"netstate: --tls-key {junk} holds no PEM private key (a -----BEGIN PRIVATE KEY-----, EC PRIVATE KEY or RSA PRIVATE KEY block)", Fails(ns, Certificate, junk));
        Assert.StartsWith($"netstate: --tls-key {encrypted} is encrypted;", Fails(ns, Certificate, encrypted), StringComparison.Ordinal);
        Assert.StartsWith($"netstate: the key in --tls-key {other} is not the private key of the certificate in --tls-cert {Certificate}", Fails(ns, Certificate, other), StringComparison.Ordinal);

        ProcessResult alone = PublishedNetstate.Run(ns, "serve", "--listen", "127.0.0.1:0", "--tls-cert", Certificate);
        Assert.Equal(2, alone.ExitCode);
        Assert.StartsWith("netstate: --tls-cert needs --tls-key FILE too", alone.Stderr, StringComparison.Ordinal);
    }

    /// <summary>serve with these files: it must exit 1 at once with one line on stderr, which is returned.</summary>
    private static string Fails(NetworkNamespace ns, string certificate, string key)
    {
        ProcessResult result = PublishedNetstate.Run(ns, "serve", "--listen", "127.0.0.1:0", "--tls-cert", certificate, "--tls-key", key);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        return Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
