using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// The filter language against the real ss: in a private namespace full of sockets (listeners on
/// v4, v6 and dual-stack, established pairs, an IPv4 peer on a v6 socket, TIME_WAIT, CLOSE_WAIT,
/// FIN_WAIT2, SYN_SENT, bound and connected UDP), each expression selects the same sockets with
/// <c>ss -tuanH EXPR</c> and <c>netstate -tuanW EXPR</c>. Sockets are compared by protocol,
/// local and peer address:port and state. The expressions are ones whose meaning does not depend
/// on precedence, where ss's left-to-right reading and netstate's agree.
/// </summary>
public sealed class FilterSemanticsTests : IClassFixture<ClassicSockets>
{
    private readonly ClassicSockets _sockets;

    public FilterSemanticsTests(ClassicSockets sockets)
    {
        _sockets = sockets;
        _sockets.EnsureTimeWait();
    }

    /// <summary>The expressions compared with ss (and, in KernelFilterTests, with and without the kernel's part).</summary>
    public static TheoryData<string> Expressions => new(
        "state established",
        "state listening",
        "state time-wait",
        "state close-wait",
        "state fin-wait-2",
        "state syn-sent",
        "state unconnected",
        "state connected",
        "state synchronized",
        "state bucket",
        "state big",
        "exclude established",
        "state established state listening",
        "sport = :10050",
        "sport == :22",
        "dport = :10050",
        "dport != :10050",
        "sport >= :8080",
        "sport < :1024",
        "sport gt :10000",
        "dport le :53",
        "dport = :domain",
        "src 127.0.0.1",
        "src 127.0.0.0/8",
        "src 0.0.0.0/0",
        "dst 127.0.0.1:10050",
        "src [::1]",
        "src [::1]:22",
        "dst :8080",
        "src *:53",
        "! sport = :10050",
        "not dst 127.0.0.1",
        "sport = :22 or sport = :53",
        "state established sport = :10050",
        "state established dst 127.0.0.1",
        "state established ( sport = :22 or dport = :22 )",
        "( sport = :10050 or dport = :10050 ) and src 127.0.0.1",
        "dst 127.0.0.1 dport eq :10050",
        "exclude listening ! src 127.0.0.1");

    [Theory]
    [MemberData(nameof(Expressions))]
    public void Selects_the_same_sockets_as_ss(string expression)
    {
        string[] words = expression.Split(' ');
        // A socket may time out between the two runs (TIME_WAIT, orphaned FIN_WAIT2): compare again then.
        for (int attempt = 1; ; attempt++)
        {
            ProcessResult ss = _sockets.Namespace.Exec(Tools.Require("ss", "iproute2"), ["-tuanH", .. words]);
            ProcessResult netstate = Tools.Netstate(_sockets.Namespace, ["-tuanW", .. words]);
            Assert.True(ss.ExitCode == 0, $"ss {expression} failed: {ss.Stderr}");
            Assert.True(netstate.ExitCode == 0, $"netstate {expression} failed: {netstate.Stderr}");
            Assert.Equal("", netstate.Stderr);

            SortedSet<string> expected = FromSs(ss.Stdout, out bool withStates);
            SortedSet<string> actual = FromNetstat(netstate.Stdout, withStates);
            if (expected.SetEquals(actual) || attempt == 3)
            {
                Assert.True(expected.SetEquals(actual),
                    $"'{expression}' selects different sockets\nonly ss:       {string.Join(" | ", expected.Except(actual))}\n"
                    + $"only netstate: {string.Join(" | ", actual.Except(expected))}\n\nss:\n{ss.Stdout}\nnetstate:\n{netstate.Stdout}");
                return;
            }
        }
    }

    [Fact]
    public void The_expressions_are_not_trivial()
    {
        // Guards the comparison above: the namespace has sockets on both sides of the filters.
        ProcessResult all = _sockets.Namespace.Exec(Tools.Require("ss", "iproute2"), "-tuanH");
        ProcessResult some = Tools.Netstate(_sockets.Namespace, "-tuanW", "state", "established", "sport", "=", ":10050");
        int total = FromSs(all.Stdout, out _).Count;
        int selected = FromNetstat(some.Stdout, withStates: true).Count;
        Assert.True(total > 15, all.Stdout);
        Assert.InRange(selected, 1, total - 1);
    }

    /// <summary>
    /// "udp UNCONN 0 0 0.0.0.0:53 0.0.0.0:*" → "udp 0.0.0.0:53 0.0.0.0:0 UNCONN". ss drops its State
    /// column when the filter allows a single state; then states are left out of the comparison.
    /// </summary>
    private static SortedSet<string> FromSs(string output, out bool withStates)
    {
        var rows = new SortedSet<string>(StringComparer.Ordinal);
        withStates = true;
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 5 || (f.Length > 1 && char.IsAsciiDigit(f[1][0])))
            {
                withStates = false;
                rows.Add($"{f[0]} {Endpoint(f[3])} {Endpoint(f[4])}");
                continue;
            }
            string state = f[1] switch
            {
                "ESTAB" => "ESTABLISHED",
                "UNCONN" => "UNCONN",
                var s => s.Replace('-', '_').Replace("FIN_WAIT_", "FIN_WAIT", StringComparison.Ordinal),
            };
            rows.Add($"{f[0]} {Endpoint(f[4])} {Endpoint(f[5])} {state}");
        }
        return rows;
    }

    /// <summary>"udp 0 0 0.0.0.0:53 0.0.0.0:*" (no state for unconnected UDP) → the same key as ss's row.</summary>
    private static SortedSet<string> FromNetstat(string output, bool withStates)
    {
        var rows = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f[0] is not ("tcp" or "tcp6" or "udp" or "udp6"))
                continue;
            string state = f.Length > 5 ? f[5] : "UNCONN";
            rows.Add(withStates ? $"{f[0][..3]} {Endpoint(f[3])} {Endpoint(f[4])} {state}" : $"{f[0][..3]} {Endpoint(f[3])} {Endpoint(f[4])}");
        }
        return rows;
    }

    /// <summary>One spelling for both tools: no brackets, mapped IPv4 as IPv4, '*' as :: or port 0.</summary>
    private static string Endpoint(string text)
    {
        int colon = text.LastIndexOf(':');
        string address = text[..colon].Trim('[', ']');
        string port = text[(colon + 1)..];
        if (address == "*")
            address = "::";
        if (address.StartsWith("::ffff:", StringComparison.Ordinal) && address.Contains('.', StringComparison.Ordinal))
            address = address[7..];
        return $"{address}:{(port == "*" ? "0" : port)}";
    }
}
