using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Netstate.Core.Text;
using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// A process whose name holds quotes, commas, a newline, an escape sequence and a leading '=' (a
/// spreadsheet formula) owns a socket: JSON carries the name exactly with every control character
/// escaped by the writer, CSV parses back into the terminal- and spreadsheet-safe form, and the ss
/// and count tables never write the raw escape.
/// </summary>
public sealed class HostileFormatTests : IDisposable
{
    private const string Escape = "\u001b";
    private const string HostileArgv0 = "=HYPERLINK(\"x\"),\"quoted\",comma\nfake row\u001b[31mred";
    private readonly NetworkNamespace _ns = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("netstate-hostile-format-").FullName;
    private readonly Socket _listener;

    public HostileFormatTests()
    {
        _listener = _ns.Run(() =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 7100));
            socket.Listen(4);
            return socket;
        });
    }

    [Fact]
    public void Json_carries_the_exact_name_with_control_characters_escaped()
    {
        using Process holder = Hold("sleep", HostileArgv0);
        ProcessResult result = WaitFor(holder, "-tnp", "--json");

        Assert.DoesNotContain(Escape, result.Stdout, StringComparison.Ordinal);
        Assert.Contains("\\u001B[31mred", result.Stdout, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("comma\\nfake row", result.Stdout, StringComparison.Ordinal);
        using JsonDocument document = JsonDocument.Parse(result.Stdout);
        Assert.Empty(JsonSchemaCheck.Load().Validate(document.RootElement));
        JsonElement owner = document.RootElement.GetProperty("sockets").EnumerateArray()
            .SelectMany(s => s.GetProperty("owners").EnumerateArray())
            .Single(o => o.GetProperty("pid").GetInt32() == holder.Id);
        Assert.Equal(HostileArgv0, owner.GetProperty("program").GetString());
    }

    [Fact]
    public void Csv_parses_back_into_the_safe_form_of_the_name()
    {
        using Process holder = Hold("sleep", HostileArgv0);
        ProcessResult result = WaitFor(holder, "-tnp", "--csv");

        Assert.DoesNotContain(Escape, result.Stdout, StringComparison.Ordinal);
        List<Dictionary<string, string>> rows = MachineFormatTests.Csv(result.Stdout, out _);
        // One header and one row per socket: the newline in the name did not start a row.
        Assert.DoesNotContain("\n", result.Stdout.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(result.Stdout.Split("\r\n").Length - 2, rows.Count);
        Dictionary<string, string> row = rows.Single(r => r["pid"] == holder.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("'" + UntrustedText.Escape(HostileArgv0), row["program"]);
        Assert.StartsWith("'=HYPERLINK(\"x\"),\"quoted\",comma\\x0Afake row\\x1B[31mred", row["program"], StringComparison.Ordinal);
    }

    [Fact]
    public void Ss_format_and_counts_escape_a_hostile_command_name_that_ss_prints_raw()
    {
        // The kernel's comm (what ss shows) comes from the executable's file name.
        string hostileFile = Path.Combine(_directory, $"ev{Escape}[1mil");
        File.Copy("/bin/sleep", hostileFile); // keeps its execute bits
        using Process holder = Hold(hostileFile, hostileFile);

        ProcessResult netstate = WaitFor(holder, "-tnp", "--format", "ss");
        ProcessResult ss = _ns.Run(() => ProcessResult.Run(Tools.Require("ss", "iproute2"), ["-tnp"]));
        ProcessResult counts = Tools.Netstate(_ns, "-tn", "--format", "ss", "--count-by", "process");

        Assert.Contains($"((\"ev{Escape}[1mil\",pid={holder.Id},", ss.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Escape, netstate.Stdout, StringComparison.Ordinal);
        Assert.Contains($"((\"ev\\x1B[1mil\",pid={holder.Id},", netstate.Stdout, StringComparison.Ordinal);
        // Equal but for the escape, and the padding of the Process column, which the longer escaped name widens.
        Assert.Equal(Lines(ss.Stdout.Replace(Escape, "\\x1B", StringComparison.Ordinal)), Lines(netstate.Stdout));
        Assert.DoesNotContain(Escape, counts.Stdout, StringComparison.Ordinal);
        Assert.Contains("ev\\x1B[1mil", counts.Stdout, StringComparison.Ordinal);
    }

    private static string[] Lines(string output) => output.Split('\n').Select(l => l.TrimEnd()).ToArray();

    /// <summary>bash connects fd 3 to the listener, then execs <paramref name="program"/> with the given argv[0], keeping fd 3.</summary>
    private Process Hold(string program, string argv0) => _ns.Run(() => Process.Start("bash",
        ["-c", "exec 3<>/dev/tcp/127.0.0.1/7100; exec -a \"$0\" \"$1\" 30", argv0, program]))!;

    /// <summary>Waits until netstat's table names the holder as an owner ("PID/name"), then lists with <paramref name="arguments"/>.</summary>
    private ProcessResult WaitFor(Process holder, params string[] arguments)
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            if (Tools.Netstate(_ns, "-tnp").Stdout.Contains($" {holder.Id}/", StringComparison.Ordinal))
            {
                ProcessResult result = Tools.Netstate(_ns, arguments);
                Assert.True(result.ExitCode == 0, result.Stderr);
                return result;
            }
            Thread.Sleep(100);
        }
        throw new InvalidOperationException($"pid {holder.Id} never showed as an owner");
    }

    public void Dispose()
    {
        _ns.Run(_listener.Dispose);
        _ns.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
