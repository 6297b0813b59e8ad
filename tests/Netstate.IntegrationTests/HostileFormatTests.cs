using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
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
public sealed partial class HostileFormatTests : IDisposable
{
    private const string Escape = "\u001b";
    private const string HostileArgv0 = "=HYPERLINK(\"x\"),\"quoted\",comma\nfake row\u001b[31mred";
    private readonly NetworkNamespace _ns = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("netstate-hostile-format-").FullName;
    private readonly Socket _listener;
    private int _unixSocket = -1;
    private byte[]? _unixPath;

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

    [Fact]
    public void Bidi_controls_and_bytes_that_are_not_utf8_are_escaped_for_people_and_exact_in_json()
    {
        // "evil" U+202E "gpj" 0xFF ".exe": shown raw, the override displays it as "evil.exe?jpg".
        byte[] name = [.. "evil"u8, 0xE2, 0x80, 0xAE, .. "gpj"u8, 0xFF, .. ".exe"u8];
        byte[] path = [.. Encoding.UTF8.GetBytes(_directory + "/"), .. name, .. ".sock"u8];
        _ns.Run(() => BindUnix(path));
        using Process holder = _ns.Run(() => Process.Start("bash",
            ["-c", "exec 3<>/dev/tcp/127.0.0.1/7100; exec -a $'evil\\xe2\\x80\\xaegpj\\xff.exe' sleep 30"]))!;
        const string Shown = "evil\\u202Egpj\\xFF.exe";
        string exactText = "evil\u202Egpj\uFFFD.exe";

        // People: the netstat and ss tables, CSV and who show escapes, never the override itself.
        ProcessResult table = WaitFor(holder, "-tnp");
        ProcessResult unixTable = Tools.Netstate(_ns, "-xl");
        ProcessResult ss = Tools.Netstate(_ns, "-xl", "--format", "ss");
        ProcessResult csv = Tools.Netstate(_ns, "-anp", "--csv");
        ProcessResult who = Tools.Netstate(_ns, "who", holder.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (ProcessResult result in (ProcessResult[])[table, unixTable, ss, csv, who])
        {
            Assert.DoesNotContain("\u202E", result.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("\uFFFD", result.Stdout, StringComparison.Ordinal);
        }
        // netstat's program column keeps printable ASCII only, as upstream net-tools does, cut to 19 characters.
        Assert.Contains($"{holder.Id}/evil...gpj..exe"[..19], table.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{_directory}/{Shown}.sock", unixTable.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{_directory}/{Shown}.sock", ss.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{_directory}/{Shown}.sock", csv.Stdout, StringComparison.Ordinal);
        Assert.Contains($",{Shown},", csv.Stdout, StringComparison.Ordinal);
        Assert.StartsWith(Shown + " (PID", who.Stdout, StringComparison.Ordinal);

        // Programs: JSON has the text (U+FFFD for the byte) and the exact bytes beside it.
        ProcessResult json = Tools.Netstate(_ns, "-anp", "--json");
        Assert.DoesNotContain("\u202E", json.Stdout, StringComparison.Ordinal);
        using JsonDocument document = JsonDocument.Parse(json.Stdout);
        Assert.Empty(JsonSchemaCheck.Load().Validate(document.RootElement));
        JsonElement[] sockets = [.. document.RootElement.GetProperty("sockets").EnumerateArray()];
        JsonElement owner = sockets.SelectMany(s => s.GetProperty("owners").EnumerateArray()).First(o => o.GetProperty("pid").GetInt32() == holder.Id);
        Assert.Equal(exactText, owner.GetProperty("program").GetString());
        Assert.Equal(name, Convert.FromBase64String(owner.GetProperty("program_bytes").GetString()!));
        JsonElement unix = sockets.Select(s => s.GetProperty("unix")).Single(u => u.ValueKind == JsonValueKind.Object
            && u.GetProperty("path").GetString()!.StartsWith(_directory, StringComparison.Ordinal));
        Assert.Equal($"{_directory}/{exactText}.sock", unix.GetProperty("path").GetString());
        Assert.Equal(path, Convert.FromBase64String(unix.GetProperty("path_bytes").GetString()!));
        // Names that are valid UTF-8 have no bytes field to read.
        Assert.All(sockets.SelectMany(s => s.GetProperty("owners").EnumerateArray()).Where(o => o.GetProperty("pid").GetInt32() != holder.Id),
            o => Assert.Equal(JsonValueKind.Null, o.GetProperty("program_bytes").ValueKind));

        ProcessResult counts = Tools.Netstate(_ns, "-tn", "--count-by", "process", "--json");
        using JsonDocument countDocument = JsonDocument.Parse(counts.Stdout);
        Assert.Empty(JsonSchemaCheck.Load().Validate(countDocument.RootElement));
        JsonElement row = countDocument.RootElement.GetProperty("counts").EnumerateArray().Single(r => r.GetProperty("process").GetString() == exactText);
        Assert.Equal(name, Convert.FromBase64String(row.GetProperty("process_bytes").GetString()!));
    }

    [Fact]
    public void Ss_format_escapes_a_quote_and_a_backslash_in_a_process_name()
    {
        string hostileFile = Path.Combine(_directory, "ev\"il\\");
        File.Copy("/bin/sleep", hostileFile);
        using Process holder = Hold(hostileFile, hostileFile);

        ProcessResult netstate = WaitFor(holder, "-tnp", "--format", "ss");
        ProcessResult ss = _ns.Run(() => ProcessResult.Run(Tools.Require("ss", "iproute2"), ["-tnp"]));

        // ss writes the name raw, so its quote ends the field early: (("ev"il\",pid=...
        Assert.Contains($"((\"ev\"il\\\",pid={holder.Id},", ss.Stdout, StringComparison.Ordinal);
        Assert.Contains($"((\"ev\\\"il\\\\\",pid={holder.Id},", netstate.Stdout, StringComparison.Ordinal);
    }

    /// <summary>A listening unix socket bound at <paramref name="path"/> byte for byte (.NET's endpoint takes only valid text).</summary>
    private unsafe void BindUnix(byte[] path)
    {
        const int AF_UNIX = 1, SOCK_STREAM = 1, SOCK_CLOEXEC = 0x80000;
        byte[] address = new byte[2 + path.Length + 1];
        address[0] = AF_UNIX;
        path.CopyTo(address, 2);
        _unixPath = [.. path, 0];
        _unixSocket = Socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        fixed (byte* pointer = address)
        {
            if (_unixSocket < 0 || Bind(_unixSocket, pointer, (uint)address.Length) != 0 || Listen(_unixSocket, 1) != 0)
                throw new InvalidOperationException($"binding the unix socket failed with errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    private static unsafe partial int Bind(int socket, byte* address, uint length);

    [LibraryImport("libc", EntryPoint = "listen", SetLastError = true)]
    private static partial int Listen(int socket, int backlog);

    [LibraryImport("libc", EntryPoint = "unlink", SetLastError = true)]
    private static partial int Unlink(byte[] path);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);

    private static string[] Lines(string output) => output.Split('\n').Select(l => l.TrimEnd()).ToArray();

    /// <summary>
    /// bash connects fd 3 to the listener, then execs <paramref name="program"/> with the given argv[0], keeping fd 3.
    /// It sleeps long enough for a slow run of the test (a loaded machine took over 30 s); Dispose ends it.
    /// </summary>
    private Process Hold(string program, string argv0)
    {
        Process holder = _ns.Run(() => Process.Start("bash",
            ["-c", "exec 3<>/dev/tcp/127.0.0.1/7100; exec -a \"$0\" \"$1\" 600", argv0, program]))!;
        _holders.Add(holder.Id);
        return holder;
    }

    private readonly List<int> _holders = [];

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
        foreach (int pid in _holders)
        {
            try
            {
                using Process holder = Process.GetProcessById(pid);
                holder.Kill();
                holder.WaitForExit(5000);
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
            catch (InvalidOperationException)
            {
                // Exited between the lookup and the kill.
            }
        }
        _ns.Run(_listener.Dispose);
        if (_unixSocket >= 0)
            Close(_unixSocket);
        // .NET cannot name a file whose name is not UTF-8, so Directory.Delete could not remove it.
        if (_unixPath is not null)
            Unlink(_unixPath);
        _ns.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
