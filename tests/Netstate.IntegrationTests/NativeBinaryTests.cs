using System.Text.Json;
using System.Text.RegularExpressions;
using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// The published Native AOT executable against the JIT build on the same sockets: an AOT-only
/// failure (a trimmed type, JSON metadata, interop marshalling) shows as a difference or a crash.
/// Both run in the same private namespace, one after the other.
/// </summary>
public sealed partial class NativeBinaryTests : IClassFixture<ClassicSockets>
{
    private readonly ClassicSockets _sockets;

    public NativeBinaryTests(ClassicSockets sockets)
    {
        _sockets = sockets;
        _sockets.EnsureTimeWait();
    }

    [Theory]
    [InlineData("-tulpn")]
    [InlineData("-tan")]
    [InlineData("-tanp")]
    [InlineData("-tanpeo")]
    [InlineData("-uan")]
    [InlineData("-wan")]
    [InlineData("-xap")]
    [InlineData("-an", "--source", "proc")]
    [InlineData("-tanp", "--format", "ss")]
    [InlineData("-tanpeo", "--info", "-m", "--format", "ss")]
    // The SYN_SENT socket is left out: its tcp_info counters move with every resent SYN.
    [InlineData("-tanpeo", "--info", "-m", "--json", "exclude", "syn-sent")]
    [InlineData("-anpe", "--csv")]
    [InlineData("-tan", "--count-by", "state,local-port", "--json")]
    [InlineData("-tn", "state", "established", "and", "(", "sport", "=", ":10050", "or", "dport", "=", ":8080", ")")]
    [InlineData("-rn")]
    [InlineData("-gn")]
    [InlineData("explain", "time-wait")]
    [InlineData("explain", "--ascii")]
    [InlineData("completion", "bash")]
    [InlineData("--help")]
    public void The_native_binary_prints_what_the_jit_build_prints(params string[] arguments)
    {
        ProcessResult jit = Tools.NetstateJit(_sockets.Namespace, arguments);
        ProcessResult native = PublishedNetstate.Run(_sockets.Namespace, arguments);

        Assert.True(jit.ExitCode == 0, $"the JIT build failed: {jit.Stderr}");
        Assert.True(native.ExitCode == 0, $"the native binary failed with {native.ExitCode}: {native.Stderr}");
        Assert.Equal(jit.Stderr, native.Stderr);
        bool ss = arguments.Contains("ss");
        string[] expected = Comparable(jit.Stdout, ss), actual = Comparable(native.Stdout, ss);
        Assert.True(expected.Length > 2, $"nothing to compare:\n{jit.Stdout}");
        for (int i = 0; i < Math.Max(expected.Length, actual.Length); i++)
        {
            string want = i < expected.Length ? expected[i] : "<no line>";
            string got = i < actual.Length ? actual[i] : "<no line>";
            Assert.True(want == got, $"line {i + 1} of 'netstate {string.Join(' ', arguments)}' differs\njit:    [{want}]\nnative: [{got}]");
        }
    }

    [Fact]
    public void The_native_binary_names_the_version_and_the_commit_it_was_built_from()
    {
        ProcessResult native = PublishedNetstate.Run("--version");
        ProcessResult jit = ProcessResult.Run(Tools.DotnetHost, [Tools.NetstateDll, "--version"]);
        ProcessResult head = ProcessResult.Run("git", ["-C", PublishedNetstate.RepositoryRoot, "rev-parse", "HEAD"]);

        Assert.Equal(0, native.ExitCode);
        Assert.Equal(jit.Stdout, native.Stdout);
        Assert.True(head.ExitCode == 0, $"git rev-parse HEAD failed: {head.Stderr}");
        Assert.StartsWith($"netstate 0.", native.Stdout, StringComparison.Ordinal);
        Assert.Contains($" (commit {head.Stdout.Trim()[..12]})\n", native.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_native_binary_needs_only_libc_and_no_dotnet()
    {
        // Everything the package's Depends: libc6 promises: no libstdc++, ICU, OpenSSL or zlib.
        ProcessResult dynamic = ProcessResult.Run("readelf", ["-d", PublishedNetstate.Binary]);
        string[] needed = NeededLibrary().Matches(dynamic.Stdout).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["ld-linux-x86-64.so.2", "libc.so.6", "libm.so.6"], needed);

        // An empty environment with no dotnet on PATH and no DOTNET_ROOT: it still runs.
        ProcessResult bare = ProcessResult.Run("env", ["-i", "PATH=/nonexistent", PublishedNetstate.Binary, "-tln"]);
        Assert.True(bare.ExitCode == 0, bare.Stderr);
        Assert.StartsWith("Active Internet connections (only servers)\n", bare.Stdout, StringComparison.Ordinal);

        // One file: nothing beside it for the runtime to load.
        Assert.Equal(["netstate"], System.IO.Directory.GetFiles(PublishedNetstate.Directory).Select(f => Path.GetFileName(f)!).ToArray());
    }

    [Fact]
    public void The_lab_runs_from_the_native_binary_and_its_json_record_holds_the_claimed_states()
    {
        // The lab uses threads, namespaces, helper processes, nft and its own JSON context: all AOT-sensitive.
        ProcessResult lab = PublishedNetstate.Run("lab", "handshake", "--json");

        Assert.True(lab.ExitCode == 0, $"lab handshake exited {lab.ExitCode}: {lab.Stderr}\n{lab.Stdout}");
        using JsonDocument record = JsonDocument.Parse(lab.Stdout);
        string[] seen = record.RootElement.GetProperty("steps").EnumerateArray()
            .SelectMany(step => step.GetProperty("sockets").EnumerateArray())
            .Select(row => $"{row.GetProperty("role").GetString()} {row.GetProperty("state").GetString()}").Distinct().ToArray();
        // The record names states as the enum does (the JIT build writes the same).
        foreach (string claim in new[] { "listener Listen", "client SynSent", "server SynRecv", "client Established", "server Established" })
            Assert.Contains(claim, seen);
    }

    [Fact]
    public void Doctor_reports_the_same_findings_from_the_native_binary()
    {
        ProcessResult jit = Tools.NetstateJit(_sockets.Namespace, "doctor", "--json", "--window", "0");
        ProcessResult native = PublishedNetstate.Run(_sockets.Namespace, "doctor", "--json", "--window", "0");

        Assert.True(native.ExitCode is 0 or 3 or 4, $"doctor exited {native.ExitCode}: {native.Stderr}");
        Assert.Equal(jit.ExitCode, native.ExitCode);
        using JsonDocument fromJit = JsonDocument.Parse(jit.Stdout), fromNative = JsonDocument.Parse(native.Stdout);
        Assert.Equal(FindingIds(fromJit), FindingIds(fromNative));
        Assert.Equal(fromJit.RootElement.EnumerateObject().Select(p => p.Name), fromNative.RootElement.EnumerateObject().Select(p => p.Name));
    }

    private static string[] FindingIds(JsonDocument doctor) =>
        doctor.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("rule").GetString()!).ToArray();

    [Fact]
    public void A_usage_error_and_an_internal_error_read_the_same_from_the_native_binary()
    {
        foreach (string[] arguments in new[] { new[] { "-tn", "sport", "=" }, ["--format", "yaml"], ["--proc-root", "/nonexistent/netstate"] })
        {
            ProcessResult jit = Tools.NetstateJit(_sockets.Namespace, arguments);
            ProcessResult native = PublishedNetstate.Run(_sockets.Namespace, arguments);
            Assert.NotEqual(0, native.ExitCode);
            Assert.Equal((jit.ExitCode, jit.Stdout, jit.Stderr), (native.ExitCode, native.Stdout, native.Stderr));
        }
    }

    /// <summary>
    /// Timers tick (and a SYN_SENT socket resends), tcp_info's times since the last packet grow, and
    /// JSON carries the time it was taken: those values are masked; nothing else may differ.
    /// </summary>
    private static string[] Comparable(string output, bool ss)
    {
        string masked = JsonMovingValue().Replace(output, "\"${key}\": T");
        masked = CsvTimer().Replace(masked, ",${kind},T,R,");
        return ss ? SsText.Normalise(masked) : TimerText.Normalise(masked);
    }

    // Values that move between the two runs: times, timers, and counters a live socket keeps raising
    // (skmem drops grow while a full listener refuses SYNs).
    [GeneratedRegex("\"(?<key>taken_at|expires_ms|retransmits|probes|drops|last_[a-z_]+_ms)\": ?(\"[^\"]*\"|\\d+)")]
    private static partial Regex JsonMovingValue();

    // CSV's timer, timer_ms and retransmits columns.
    [GeneratedRegex(",(?<kind>on|off|keepalive|timewait|probe),\\d+,\\d+,")]
    private static partial Regex CsvTimer();

    [GeneratedRegex(@"\(NEEDED\)\s+Shared library: \[([^\]]+)\]")]
    private static partial Regex NeededLibrary();
}
