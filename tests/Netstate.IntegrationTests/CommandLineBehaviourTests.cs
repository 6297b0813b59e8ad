using System.Diagnostics;
using Netstate.Core.Owners;
using Netstate.Core.Platform.Linux;
using Netstate.Core.Platform.Linux.Owners;
using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>The built netstate run as a user would: repetition, bad input, and a /proc in motion.</summary>
public sealed class CommandLineBehaviourTests : IClassFixture<ClassicSockets>
{
    private readonly ClassicSockets _sockets;

    public CommandLineBehaviourTests(ClassicSockets sockets) => _sockets = sockets;

    [Fact]
    public void Continuous_mode_repeats_the_listing_until_the_count()
    {
        ProcessResult result = Tools.Netstate(_sockets.Namespace, "-tln", "-c", "0.2", "--count", "3");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(3, result.Stdout.Split('\n').Count(l => l.StartsWith("Active Internet connections (only servers)", StringComparison.Ordinal)));
        Assert.Equal(3, result.Stdout.Split('\n').Count(l => l.Contains("127.0.0.1:10050", StringComparison.Ordinal)));
    }

    [Fact]
    public void Malformed_proc_lines_are_reported_with_file_and_line_and_the_rest_is_listed()
    {
        string root = Directory.CreateTempSubdirectory("netstate-proc-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "net"));
            File.WriteAllText(Path.Combine(root, "net", "tcp"),
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
                + "   0: 0100007F:2742 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4382 1 0000000000000000 100 0 0 10 0\n"
                + "   1: 0100007F:ZZZZ 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4383 1\n"
                + "   2: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4384 1 0000000000000000 100 0 0 10 0\n");

            ProcessResult result = Tools.Netstate(_sockets.Namespace, "--proc-root", root, "-tln", "-v");

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("127.0.0.1:10050", result.Stdout, StringComparison.Ordinal);
            Assert.Contains("127.0.0.1:22", result.Stdout, StringComparison.Ordinal);
            Assert.Contains($"netstate: warning: {root}/net/tcp line 2: bad local address", result.Stderr, StringComparison.Ordinal);
            Assert.Contains($"{root}/net/tcp6 does not exist", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData("--bogus", "unknown option '--bogus'")]
    [InlineData("-tq", "unknown option '-q'")]
    [InlineData("-A", "unknown address family 'A'")]
    [InlineData("-r -i", "cannot be combined")]
    public void Usage_errors_are_one_line_and_exit_2(string arguments, string message)
    {
        string[] args = arguments == "-A" ? ["-A", "A"] : arguments.Split(' ');
        ProcessResult result = Tools.Netstate(_sockets.Namespace, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        string line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("netstate: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_owner_scan_survives_processes_that_exit_mid_scan()
    {
        using var churn = new CancellationTokenSource();
        var spawner = Task.Run(() =>
        {
            while (!churn.IsCancellationRequested)
            {
                using Process? child = Process.Start(new ProcessStartInfo("sh", ["-c", "exec 3<>/dev/null; sleep 0.01"]));
                child?.WaitForExit();
            }
        });
        using var probe = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        ulong ownInode = OwnSocketInode(probe);
        try
        {
            for (int round = 0; round < 30; round++)
            {
                OwnerMap owners = ProcessOwnerScanner.Scan(new ProcRoot("/proc"));
                // A child forked by the churn holds copies of our descriptors until it execs, and
                // once pids wrap it can have the lower pid: this process must be among the holders.
                var holders = new List<int>();
                foreach (SocketOwner owner in owners.Get(ownInode))
                    holders.Add(owner.Process.Pid);
                Assert.Contains(Environment.ProcessId, holders);
            }
        }
        finally
        {
            churn.Cancel();
            await spawner;
        }
    }

    private static ulong OwnSocketInode(System.Net.Sockets.Socket socket)
    {
        string link = new FileInfo($"/proc/self/fd/{socket.SafeHandle.DangerousGetHandle()}").LinkTarget!;
        return ulong.Parse(link["socket:[".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
