using Netstate.Cli.Arguments;
using Netstate.Cli.Commands;
using Netstate.Cli.Rendering;
using Netstate.Core.Kernel;
using Netstate.Core.Model;

namespace Netstate.Cli.Tests;

/// <summary>
/// netstat -i and -g rendered from the captured kernel files in Fixtures/interfaces, compared with
/// what net-tools netstat printed for the same kernel state (netstat-ia.txt, netstat-gn.txt).
/// </summary>
public sealed class InterfaceAndGroupTableTests
{
    private static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "interfaces", name);

    private static (ReturnCode Code, string Out, string Err) RunInterfaces(string commandLine, string procRoot, IInterfaceDetails details)
    {
        NetstatOptions options = NetstatArgumentParser.Parse([.. commandLine.Split(' '), "--proc-root", procRoot]);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        ReturnCode code = new InterfaceTableCommand(options, stdout, stderr, details).Run();
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static (ReturnCode Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        ReturnCode code = NetstateApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static TempTree CapturedProc()
    {
        var tree = new TempTree();
        foreach (string name in new[] { "dev", "igmp", "igmp6" })
            tree.WriteBytes("net/" + name, File.ReadAllBytes(FixturePath(name)));
        return tree;
    }

    [Fact]
    public void Ia_matches_netstat_byte_for_byte_on_the_capture()
    {
        using TempTree proc = CapturedProc();

        (ReturnCode code, string stdout, string stderr) = RunInterfaces("-ia", proc.Root, CapturedDetails.Load(FixturePath("flags.txt")));

        Assert.Equal(ReturnCode.Success, code);
        Assert.Equal("", stderr);
        Assert.Equal(File.ReadAllText(FixturePath("netstat-ia.txt")), stdout);
    }

    [Fact]
    public void I_without_a_leaves_out_interfaces_that_are_down()
    {
        using TempTree proc = CapturedProc();
        string expected = string.Concat(File.ReadAllLines(FixturePath("netstat-ia.txt"))
            .Where(l => !l.StartsWith("abcdefghijklmno", StringComparison.Ordinal) && !l.StartsWith("odd.name-x", StringComparison.Ordinal))
            .Select(l => l + "\n"));

        (_, string stdout, _) = RunInterfaces("-i", proc.Root, CapturedDetails.Load(FixturePath("flags.txt")));

        Assert.Equal(expected, stdout);
    }

    [Fact]
    public void Ic_prints_the_title_once_and_the_header_every_round()
    {
        using TempTree proc = CapturedProc();

        (_, string stdout, _) = RunInterfaces("-ic 0.01 --count 2", proc.Root, CapturedDetails.Load(FixturePath("flags.txt")));

        Assert.Equal(1, CountOf(stdout, InterfaceTableRenderer.Title));
        Assert.Equal(2, CountOf(stdout, "Iface             MTU"));
    }

    [Fact]
    public void Vanished_interface_is_one_escaped_line_on_stderr_and_the_rest_still_shows()
    {
        using TempTree proc = CapturedProc();
        proc.WriteText("net/dev", File.ReadAllText(FixturePath("dev")) + "e\u001b]0;x\u0007: 1 2 0 0 0 0 0 0 1 2 0 0 0 0 0 0\n");

        (ReturnCode code, string stdout, string stderr) = RunInterfaces("-ia", proc.Root, CapturedDetails.Load(FixturePath("flags.txt")));

        Assert.Equal(ReturnCode.Success, code);
        Assert.Equal("netstate: e\\x1B]0;x\\x07: error fetching interface information: Device not found\n", stderr);
        Assert.Contains("veth10", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Row_formats_follow_net_tools()
    {
        using var output = new StringWriter();
        var renderer = new InterfaceTableRenderer(output);
        renderer.WriteRow(new InterfaceRow("e\u001bx", InterfaceState.None, 1500, new InterfaceCounters("e\u001bx")
        {
            RxPackets = 123456789, RxErrors = 1, RxFrameErrors = 2, RxDropped = 3, RxFifoErrors = 4,
            TxPackets = 5, TxErrors = 6, TxDropped = 7, TxFifoErrors = 8,
        }));
        renderer.WriteRow(new InterfaceRow("p2p0", InterfaceState.Up | InterfaceState.PointToPoint | InterfaceState.NoArp | InterfaceState.Promiscuous
            | InterfaceState.AllMulticast | InterfaceState.Master | InterfaceState.Slave | InterfaceState.Dynamic | InterfaceState.Debug
            | InterfaceState.NoTrailers, -1, null));

        Assert.Equal(
            "e\\x1Bx           1500 123456789      3      3 4             5      6      7      8 [NO FLAGS]\n" +
            "p2p0               -1      - no statistics available -                        ADdPNOpsmU\n",
            output.ToString());
    }

    [Fact]
    public void Gn_matches_netstat_byte_for_byte_on_the_capture()
    {
        using TempTree proc = CapturedProc();

        (ReturnCode code, string stdout, string stderr) = Run("-gn", "--proc-root", proc.Root);

        Assert.Equal(ReturnCode.Success, code);
        Assert.Equal("", stderr);
        Assert.Equal(File.ReadAllText(FixturePath("netstat-gn.txt")), stdout);
    }

    [Theory]
    [InlineData("-4", false)]
    [InlineData("-6", true)]
    public void G_with_one_family_keeps_only_its_groups(string family, bool v6)
    {
        using TempTree proc = CapturedProc();
        proc.WriteText("net/tcp", "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n");
        proc.WriteText("net/tcp6", "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n");

        (ReturnCode code, string stdout, _) = Run("-gn", family, "--proc-root", proc.Root);

        Assert.Equal(ReturnCode.Success, code);
        string groups = stdout[stdout.IndexOf(GroupTableRenderer.Header, StringComparison.Ordinal)..];
        string[] rows = groups[GroupTableRenderer.Header.Length..].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(v6 ? 13 : 5, rows.Length);
        Assert.All(rows, r => Assert.Equal(v6, r.Contains("::", StringComparison.Ordinal)));
        // -4/-6 select the socket tables too, so netstat prints the internet sockets first.
        Assert.StartsWith("Active Internet connections (w/o servers)\n", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void G_escapes_device_names_and_reports_bad_lines()
    {
        using TempTree proc = CapturedProc();
        proc.WriteText("net/igmp6", "7    e\u001b[31mvil      ff020000000000000000000000000001     2 0000000C 0\nbogus\n");

        (ReturnCode code, string stdout, string stderr) = Run("-gn", "--proc-root", proc.Root);

        Assert.Equal(ReturnCode.Success, code);
        Assert.Contains("e\\x1B[31mvil    2      ff02::1\n", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', stdout);
        Assert.StartsWith($"netstate: {proc.Root}/net/igmp6 line 1: interface index is not a number", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void G_without_the_ipv4_table_is_one_error_line_and_exit_1()
    {
        using var proc = new TempTree();
        proc.WriteText("net/igmp6", "");

        (ReturnCode code, string stdout, string stderr) = Run("-gn", "--proc-root", proc.Root);

        Assert.Equal(ReturnCode.Failure, code);
        Assert.Equal(GroupTableRenderer.Header, stdout);
        Assert.StartsWith($"netstate: cannot read {proc.Root}/net/igmp (No such file or directory)", stderr, StringComparison.Ordinal);
        Assert.Equal(1, stderr.Count(c => c == '\n'));
    }

    [Fact]
    public void Group_lookup_follows_net_tools_host_rule()
    {
        Assert.True(GroupTableRenderer.NeedsLookup(InetAddress.FromV4([224, 0, 0, 1])));
        Assert.False(GroupTableRenderer.NeedsLookup(InetAddress.FromV4([239, 1, 2, 0])));
        Assert.True(GroupTableRenderer.NeedsLookup(InetAddress.FromV6([0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])));
    }

    [Fact]
    public void Ie_is_not_implemented_yet_with_one_line()
    {
        (ReturnCode code, string stdout, string stderr) = Run("-ie");

        Assert.Equal(ReturnCode.Failure, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("netstate: the ifconfig-style interface listing (-ie) is not implemented yet", stderr, StringComparison.Ordinal);
        Assert.Equal(1, stderr.Count(c => c == '\n'));
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, StringComparison.Ordinal))
            count++;
        return count;
    }

    /// <summary>Flags and MTU as the capture recorded them (flags.txt: name, SIOCGIFFLAGS value, SIOCGIFMTU value).</summary>
    private sealed class CapturedDetails : IInterfaceDetails
    {
        private readonly Dictionary<string, (InterfaceState, int)> _known = [];

        public static CapturedDetails Load(string path)
        {
            var details = new CapturedDetails();
            foreach (string[] parts in File.ReadAllLines(path).Select(l => l.Split(' ')))
                details._known[parts[0]] = ((InterfaceState)Convert.ToInt32(parts[1], 16), int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
            return details;
        }

        public bool TryGet(string name, out InterfaceState flags, out int mtu, out string? failure)
        {
            bool found = _known.TryGetValue(name, out (InterfaceState, int) value);
            (flags, mtu) = value;
            failure = found ? null : "Device not found";
            return found;
        }

        public IReadOnlyList<string> AddressLabels() => [.. _known.Keys.Where(k => k.Contains(':', StringComparison.Ordinal))];
    }
}
