using System.Text.RegularExpressions;
using Netstate.Cli.Arguments;
using Netstate.Cli.Rendering;
using Netstate.Core.Kernel;
using Netstate.Core.Model;
using Netstate.Core.Tcp;
using Netstate.Core.Vocabulary;

namespace Netstate.Cli.Tests;

/// <summary>
/// <c>netstate explain</c> on a replayed proc tree: known sockets per state, an owner, and sysctl
/// files with values no real machine has, so every number printed can be traced to the tree.
/// </summary>
public sealed partial class ExplainTests : IDisposable
{
    private const string Header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
    private const string Tail = " 0000000000000000 100 0 0 10 0\n";

    private readonly TempTree _proc = new();

    /// <summary>The values written for each setting; tcp_max_orphans is left out, as inside a container.</summary>
    private readonly Dictionary<string, string> _settings = new(StringComparer.Ordinal);

    public ExplainTests()
    {
        // 127.0.0.1:10050 listens; three TIME_WAIT clients towards it, one CLOSE_WAIT held by pid 4242,
        // one ESTABLISHED pair, one SYN_RECV, one orphaned FIN_WAIT2 (inode 0).
        _proc.WriteText("net/tcp", Header +
            Row(0, "0100007F:2742", "00000000:0000", "0A", 500) +
            Row(1, "0100007F:9C41", "0100007F:2742", "06", 0) +
            Row(2, "0100007F:9C42", "0100007F:2742", "06", 0) +
            Row(3, "0100007F:9C43", "0100007F:2742", "06", 0) +
            Row(4, "0100007F:2742", "0200007F:A000", "08", 501) +
            Row(5, "0100007F:2742", "0300007F:A001", "01", 502) +
            Row(6, "0300007F:A001", "0100007F:2742", "01", 503) +
            Row(7, "0100007F:2742", "0400007F:A002", "03", 0) +
            Row(8, "0100007F:A003", "0500007F:0050", "05", 0));
        _proc.WriteText("net/tcp6", Header);
        _proc.WriteBytes("4242/cmdline", "/usr/bin/leaky\0"u8.ToArray());
        _proc.Link("4242/fd/7", "socket:[501]");
        int value = 1001;
        foreach (KernelSetting setting in TcpSettings.All.Where(s => s.PerNamespace))
        {
            string text = setting == TcpSettings.LocalPortRange ? "20000\t29999" : (value++).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _proc.WriteText(setting.RelativePath, text + "\n");
            _settings[setting.Name] = text.Replace('\t', ' ');
        }
    }

    private static string Row(int slot, string local, string remote, string state, int inode) =>
        $"   {slot}: {local} {remote} {state} 00000000:00000000 00:00000000 00000000     0        0 {inode} 1" + Tail;

    private (ReturnCode Code, string Out, string Err) Run(TerminalInfo terminal, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        ReturnCode code = NetstateApp.Run([args[0], "--proc-root", _proc.Root, .. args[1..]], stdout, stderr, terminal);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private (ReturnCode Code, string Out, string Err) Run(params string[] args) => Run(TerminalInfo.Pipe, args);

    public static TheoryData<TcpState> States => new(TcpStateMachine.States);

    [Theory]
    [MemberData(nameof(States))]
    public void Explains_each_state_with_every_section_and_its_settings(TcpState state)
    {
        TcpStateInfo info = TcpStateCatalogue.Of(state);
        (ReturnCode code, string stdout, string stderr) = Run("explain", info.NetstatName);

        Assert.Equal(ReturnCode.Success, code);
        Assert.Equal("", stderr);
        Assert.StartsWith(info.NetstatName + ": ", stdout, StringComparison.Ordinal);
        foreach ((string heading, _) in info.Explanation.Sections)
            Assert.Contains("\n" + heading + "\n", stdout, StringComparison.Ordinal);
        Assert.Contains("\nTransitions\n", stdout, StringComparison.Ordinal);
        Assert.Contains("\nKernel settings (this machine's values)\n", stdout, StringComparison.Ordinal);
        foreach (KernelSetting setting in info.Explanation.Settings)
        {
            Assert.Contains(setting.PerNamespace
                ? $"\n  {setting.Name} = {_settings[setting.Name]}\n"
                : $"\n  {setting.Name}: not visible here", stdout, StringComparison.Ordinal);
        }
        Assert.All(stdout.Split('\n'), line => Assert.True(line.Length <= 80, $"longer than 80 columns: '{line}'"));
        Assert.DoesNotContain('─', stdout);
    }

    [Theory]
    [InlineData("TIME_WAIT", "Sockets in TIME_WAIT now: 3")]
    [InlineData("close-wait", "Sockets in CLOSE_WAIT now: 1")]
    [InlineData("ESTAB", "Sockets in ESTABLISHED now: 2")]
    [InlineData("LISTENING", "Sockets in LISTEN now: 1")]
    [InlineData("SYN_RECEIVED", "Sockets in SYN_RECV now: 1")]
    [InlineData("new-syn-recv", "Sockets in SYN_RECV (which includes NEW_SYN_RECV) now: 1")]
    [InlineData("fin-wait-2", "Sockets in FIN_WAIT2 now: 1")]
    [InlineData("LAST-ACK", "Sockets in LAST_ACK now: 0")]
    [InlineData("bound-inactive", "Sockets in BOUND_INACTIVE now: unknown (only netlink lists them")]
    public void Counts_the_sockets_in_the_state_now(string name, string line)
    {
        (ReturnCode code, string stdout, _) = Run("explain", name);
        Assert.Equal(ReturnCode.Success, code);
        Assert.Contains("\n" + line, stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_the_destination_a_client_fills_with_time_wait()
    {
        (_, string stdout, _) = Run("explain", "timewait");
        Assert.Contains("  Remote addresses and ports: 127.0.0.1:10050 (3)\n", stdout, StringComparison.Ordinal);
        Assert.Contains("  Local ports: 40001 (1), 40002 (1), 40003 (1)\n", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Processes:", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_the_process_holding_close_wait_sockets()
    {
        (_, string stdout, _) = Run("explain", "CLOSE_WAIT");
        Assert.Contains("  Processes: 4242/leaky (1)\n", stdout, StringComparison.Ordinal);
        Assert.Contains("  Remote addresses: 127.0.0.2 (1)\n", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Draws_the_diagram_with_the_live_count_in_each_box()
    {
        (ReturnCode code, string stdout, string stderr) = Run("explain");

        Assert.Equal(ReturnCode.Success, code);
        Assert.Equal("", stderr);
        Dictionary<string, int> boxes = DiagramCounts(stdout);
        Assert.Equal(11, boxes.Count);
        Assert.Equal(3, boxes["TIME_WAIT"]);
        Assert.Equal(1, boxes["CLOSE_WAIT"]);
        Assert.Equal(2, boxes["ESTABLISHED"]);
        Assert.Equal(1, boxes["LISTEN"]);
        Assert.Equal(1, boxes["SYN_RECV"]);
        Assert.Equal(1, boxes["FIN_WAIT2"]);
        Assert.Equal(0, boxes["CLOSING"]);
        Assert.Contains("(BOUND_INACTIVE): not known", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_diagram_is_ascii_for_a_pipe_and_box_drawing_on_a_utf8_terminal()
    {
        (_, string piped, _) = Run("explain");
        Assert.All(piped, c => Assert.True(c < 128, $"non-ASCII '{c}' in piped output"));

        (_, string terminal, _) = Run(new TerminalInfo(true, 80, true), "explain");
        Assert.Contains("│ CLOSE_WAIT       1 │", terminal, StringComparison.Ordinal);
        Assert.Contains('▼', terminal);
        Assert.Equal(DiagramCounts(piped), DiagramCounts(terminal.Replace('│', '|')));

        (_, string forced, _) = Run(new TerminalInfo(true, 80, true), "explain", "--ascii");
        Assert.Equal(piped, forced);

        (_, string latin1, _) = Run(new TerminalInfo(true, 80, false), "explain");
        Assert.Equal(piped, latin1);
    }

    [Fact]
    public void A_narrow_terminal_gets_a_list_and_wrapped_text()
    {
        (ReturnCode code, string stdout, _) = Run(new TerminalInfo(true, 50, true), "explain");
        Assert.Equal(ReturnCode.Success, code);
        Assert.Contains("\nCLOSE_WAIT 1: ", stdout, StringComparison.Ordinal);
        Assert.All(stdout.Split('\n'), line => Assert.True(line.Length <= 50, $"longer than 50 columns: '{line}'"));

        (_, string state, _) = Run(new TerminalInfo(true, 50, true), "explain", "time-wait");
        Assert.All(state.Split('\n'), line => Assert.True(line.Length <= 50, $"longer than 50 columns: '{line}'"));
    }

    [Theory]
    [InlineData("explain bogus", "netstate: unknown TCP state 'bogus' (valid states: CLOSE, BOUND_INACTIVE, LISTEN, ")]
    [InlineData("explain time-wait close-wait", "netstate: explain takes one state, not 'close-wait' as well")]
    [InlineData("explain --bogus", "netstate: unknown option '--bogus' for explain")]
    [InlineData("explain --source", "netstate: option '--source' needs a value")]
    [InlineData("explain --source=nope", "netstate: unknown source 'nope'")]
    [InlineData("explain --ascii=1", "netstate: option '--ascii' takes no value")]
    public void Bad_arguments_exit_2_with_one_line(string commandLine, string expectedStart)
    {
        (ReturnCode code, string stdout, string stderr) = Run(commandLine.Split(' '));

        Assert.Equal(ReturnCode.UsageError, code);
        Assert.Equal("", stdout);
        Assert.StartsWith(expectedStart, stderr, StringComparison.Ordinal);
        Assert.Equal(1, stderr.Count(c => c == '\n'));
    }

    [Fact]
    public void An_unknown_state_lists_every_valid_name()
    {
        (_, _, string stderr) = Run("explain", "nope");
        foreach (string name in TcpStateText.Valid)
            Assert.Contains(name, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_state_name_with_control_characters_is_escaped_in_the_error()
    {
        (ReturnCode code, _, string stderr) = Run("explain", "time\u001b[2Jwait");
        Assert.Equal(ReturnCode.UsageError, code);
        Assert.DoesNotContain('\u001b', stderr);
        Assert.Equal(1, stderr.Count(c => c == '\n'));
    }

    [Fact]
    public void Help_describes_the_command()
    {
        (ReturnCode code, string stdout, _) = Run("explain", "--help");
        Assert.Equal(ReturnCode.Success, code);
        Assert.StartsWith("usage: netstate explain [STATE]", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_is_only_a_command_as_the_first_word() =>
        Assert.Throws<UsageException>(() => NetstatArgumentParser.Parse(["-tan", "explain"]));

    /// <summary>State name → the count in its box, from "| NAME   N |" cells.</summary>
    private static Dictionary<string, int> DiagramCounts(string diagram) =>
        BoxCell().Matches(diagram).ToDictionary(m => m.Groups["name"].Value, m => int.Parse(m.Groups["count"].Value, System.Globalization.CultureInfo.InvariantCulture));

    [GeneratedRegex(@"\| (?<name>[A-Z_0-9]+) +(?<count>\d+) \|")]
    private static partial Regex BoxCell();

    public void Dispose() => _proc.Dispose();
}
