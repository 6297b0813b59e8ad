using System.Text.Json;
using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// --net and --all-namespaces against ss run inside each namespace (nsenter), on namespaces of
/// every kind: named, held only by a process, and one whose process looks like a Docker container.
/// </summary>
[Collection("namespaces")]
public sealed class NamespaceTests : IClassFixture<NamespaceBedFixture>
{
    private readonly NamespaceBed _bed;

    public NamespaceTests(NamespaceBedFixture fixture) => _bed = fixture.Bed;

    private static ProcessResult Netstate(params string[] arguments) =>
        ProcessResult.Run(Tools.NetstateBinary, arguments);

    /// <summary>Each namespace of the bed: the label netstate must give it and the file ss is run in.</summary>
    private IEnumerable<(string Label, string Path)> Spaces() =>
        _bed.Named.Select(name => (name, $"/run/netns/{name}"))
            .Append((NamespaceBed.KernelName(_bed.UnnamedPid), $"/proc/{_bed.UnnamedPid}/ns/net"))
            .Append(("docker:" + NamespaceBed.ContainerId[..12], $"/proc/{_bed.ContainedPid}/ns/net"));

    [Fact]
    public void All_namespaces_lists_exactly_what_ss_sees_inside_each_one()
    {
        ProcessResult result = Netstate("--all-namespaces", "-tan", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        using JsonDocument json = JsonDocument.Parse(result.Stdout);
        JsonElement[] sockets = [.. json.RootElement.GetProperty("sockets").EnumerateArray()];
        foreach ((string label, string path) in Spaces())
        {
            List<string> ours = sockets.Where(s => s.GetProperty("netns").GetProperty("label").GetString() == label)
                .Select(s => Pair(s.GetProperty("local"), s.GetProperty("remote"))).Order(StringComparer.Ordinal).ToList();
            List<string> ss = NamespaceBed.SsPairs(path);
            Assert.Equal(3, ss.Count);
            Assert.Equal(ss, ours);
        }
        // netstate's own namespace comes first and is marked as its own.
        JsonElement own = sockets.First(s => s.GetProperty("netns").GetProperty("own").GetBoolean()).GetProperty("netns");
        Assert.Equal(NamespaceBed.KernelName(Environment.ProcessId), $"net:[{own.GetProperty("inode").GetUInt64()}]");
    }

    [Fact]
    public void Every_format_names_the_owner_ss_names_inside_each_namespace()
    {
        ProcessResult json = Netstate("--all-namespaces", "-tanp", "--json");
        Assert.True(json.ExitCode == 0, json.Stderr);
        using JsonDocument document = JsonDocument.Parse(json.Stdout);
        JsonElement[] sockets = [.. document.RootElement.GetProperty("sockets").EnumerateArray()];
        List<Dictionary<string, string>> csv = MachineFormatTests.Csv(Netstate("--all-namespaces", "-tanp", "--csv").Stdout, out _);
        string[] table = Netstate("--all-namespaces", "-tanp").Stdout.Split('\n');
        foreach ((string label, string path) in Spaces())
        {
            // ss -p inside the namespace: "local peer" -> the owner's pid.
            ProcessResult ss = ProcessResult.Run(Tools.Require("nsenter", "util-linux"), [$"--net={path}", Tools.Require("ss", "iproute2"), "-tanpH"]);
            Assert.True(ss.ExitCode == 0, ss.Stderr);
            Dictionary<string, string> theirs = ss.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .ToDictionary(f => f[3] + " " + f[4], f => System.Text.RegularExpressions.Regex.Match(f[5], @"pid=(\d+)").Groups[1].Value);
            Assert.Equal(3, theirs.Count);
            Assert.All(theirs.Values, pid => Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), pid));

            Dictionary<string, string> fromJson = sockets.Where(s => s.GetProperty("netns").GetProperty("label").GetString() == label)
                .ToDictionary(s => Pair(s.GetProperty("local"), s.GetProperty("remote")),
                    s => s.GetProperty("owners")[0].GetProperty("pid").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(theirs.OrderBy(p => p.Key, StringComparer.Ordinal), fromJson.OrderBy(p => p.Key, StringComparer.Ordinal));

            Dictionary<string, string> fromCsv = csv.Where(r => r["netns"] == label)
                .ToDictionary(r => $"{r["local_address"]}:{r["local_port"]} {r["remote_address"]}:{(r["remote_port"] == "0" ? "*" : r["remote_port"])}", r => r["pid"]);
            Assert.Equal(theirs.OrderBy(p => p.Key, StringComparer.Ordinal), fromCsv.OrderBy(p => p.Key, StringComparer.Ordinal));

            foreach ((string pair, string pid) in theirs)
            {
                string[] ends = pair.Split(' ');
                Assert.Contains(table, l => l.StartsWith(label + " ", StringComparison.Ordinal) && l.Contains($" {ends[0]} ", StringComparison.Ordinal)
                    && l.Contains($" {ends[1]} ", StringComparison.Ordinal) && l.Contains($" {pid}/", StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void A_container_is_recognised_from_its_processes_cgroup()
    {
        ProcessResult result = Netstate("--all-namespaces", "-tln", "--json");
        using JsonDocument json = JsonDocument.Parse(result.Stdout);
        // --all-namespaces sees every test's namespaces: the container's is told by its inode, not by the port alone.
        string link = new FileInfo($"/proc/{_bed.ContainedPid}/ns/net").LinkTarget!;
        long inode = long.Parse(link["net:[".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
        JsonElement netns = json.RootElement.GetProperty("sockets").EnumerateArray()
            .Single(s => s.GetProperty("local").GetProperty("port").GetInt32() == 7105 && s.GetProperty("netns").GetProperty("inode").GetInt64() == inode)
            .GetProperty("netns");
        Assert.Equal("docker", netns.GetProperty("container_runtime").GetString());
        Assert.Equal(NamespaceBed.ContainerId, netns.GetProperty("container_id").GetString());
        Assert.Equal(JsonValueKind.Null, netns.GetProperty("name").ValueKind);
        Assert.False(netns.GetProperty("own").GetBoolean());
    }

    [Fact]
    public void The_table_and_csv_name_each_rows_namespace()
    {
        ProcessResult table = Netstate("--all-namespaces", "-tln");
        Assert.Equal(0, table.ExitCode);
        string[] lines = table.Stdout.Split('\n');
        Assert.StartsWith("Netns            Proto Recv-Q", lines[1], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith(_bed.Named[1].PadRight(17) + "tcp ", StringComparison.Ordinal) && l.Contains("127.0.0.1:7102", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("docker:5ca1ab1e0000 tcp ", StringComparison.Ordinal) && l.Contains("127.0.0.1:7105", StringComparison.Ordinal));

        ProcessResult csv = Netstate("--all-namespaces", "-tln", "--csv");
        string[] rows = csv.Stdout.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",netns,netns_inode", rows[0], StringComparison.Ordinal);
        string inode = NamespaceBed.KernelName(_bed.UnnamedPid)[5..^1];
        Assert.Contains(rows, r => r.Contains(",7104,", StringComparison.Ordinal) && r.EndsWith($",net:[{inode}],{inode}", StringComparison.Ordinal));
    }

    [Fact]
    public void Net_reads_one_namespace_by_name_path_or_process()
    {
        foreach ((string spec, string path) in new[]
        {
            (_bed.Named[0], $"/run/netns/{_bed.Named[0]}"),
            ($"/run/netns/{_bed.Named[2]}", $"/run/netns/{_bed.Named[2]}"),
            ($"pid:{_bed.UnnamedPid}", $"/proc/{_bed.UnnamedPid}/ns/net"),
        })
        {
            ProcessResult result = Netstate("--net", spec, "-tan", "--json");
            Assert.True(result.ExitCode == 0, result.Stderr);
            using JsonDocument json = JsonDocument.Parse(result.Stdout);
            List<string> ours = json.RootElement.GetProperty("sockets").EnumerateArray()
                .Select(s => Pair(s.GetProperty("local"), s.GetProperty("remote"))).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(NamespaceBed.SsPairs(path), ours);
        }
    }

    [Fact]
    public void The_netns_filter_word_reads_every_namespace_and_keeps_the_matching_ones()
    {
        foreach ((string pattern, int port) in new[] { ("'docker:*'", 7105), (_bed.Named[1], 7102), (NamespaceBed.ContainerId, 7105), ("nstest-*-c", 7103) })
        {
            ProcessResult result = Netstate("-tln", "--json", "netns", pattern.Trim('\''));
            Assert.True(result.ExitCode == 0, result.Stderr);
            using JsonDocument json = JsonDocument.Parse(result.Stdout);
            int[] ports = [.. json.RootElement.GetProperty("sockets").EnumerateArray().Select(s => s.GetProperty("local").GetProperty("port").GetInt32())];
            Assert.Equal([port], ports);
        }
        // Not every namespace: the one --net names, and it does not match.
        ProcessResult named = Netstate("--net", _bed.Named[0], "-tln", "netns", _bed.Named[1]);
        Assert.Equal(0, named.ExitCode);
        Assert.DoesNotContain("LISTEN", named.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Count_by_netns_counts_each_namespaces_sockets()
    {
        ProcessResult result = Netstate("--all-namespaces", "-tan", "--count-by", "netns", "--json");
        using JsonDocument json = JsonDocument.Parse(result.Stdout);
        Dictionary<string, long> counts = json.RootElement.GetProperty("counts").EnumerateArray()
            .ToDictionary(c => c.GetProperty("netns").GetString()!, c => c.GetProperty("count").GetInt64());
        foreach ((string label, _) in Spaces())
            Assert.Equal(3, counts[label]);
    }

    [Fact]
    public void Without_root_the_namespaces_are_skipped_with_the_reason_and_the_own_sockets_still_listed()
    {
        ProcessResult result = ProcessResult.Run(Tools.Require("setpriv", "util-linux"),
            ["--reuid=65534", "--regid=65534", "--clear-groups", Tools.NetstateBinary, "--all-namespaces", "-tan"],
            new Dictionary<string, string> { ["DOTNET_CLI_HOME"] = "/tmp", ["HOME"] = "/tmp" });
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains($"{_bed.Named[0]} skipped: cannot enter /run/netns/{_bed.Named[0]}: entering a network namespace needs CAP_SYS_ADMIN", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(NamespaceBed.KernelName(Environment.ProcessId) + " tcp ", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1:7101", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--net no-such-namespace -tan", 1, "netstate: no network namespace is named 'no-such-namespace'")]
    [InlineData("--net pid:x -tan", 1, "netstate: 'pid:x' names no process")]
    [InlineData("--net /nonexistent/ns -tan", 1, "netstate: /nonexistent/ns does not exist")]
    [InlineData("--all-namespaces -r", 2, "--all-namespaces reads socket tables, so it cannot be used with")]
    [InlineData("--all-namespaces --net x -tan", 2, "--net and --all-namespaces were both given")]
    public void Bad_namespace_arguments_get_a_clear_error(string arguments, int exitCode, string message)
    {
        ProcessResult result = Netstate(arguments.Split(' '));
        Assert.Equal(exitCode, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    /// <summary>ss's "local peer": a listener's peer is 0.0.0.0:*.</summary>
    private static string Pair(JsonElement local, JsonElement remote)
    {
        int port = remote.GetProperty("port").GetInt32();
        return $"{local.GetProperty("address").GetString()}:{local.GetProperty("port").GetInt32()} "
            + $"{remote.GetProperty("address").GetString()}:{(port == 0 ? "*" : port.ToString(System.Globalization.CultureInfo.InvariantCulture))}";
    }
}

/// <summary>One bed for the class: five namespaces cost a few process starts.</summary>
public sealed class NamespaceBedFixture : IDisposable
{
    public NamespaceBed Bed { get; } = new();

    public void Dispose() => Bed.Dispose();
}
