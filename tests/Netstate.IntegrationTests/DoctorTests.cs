using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// Each doctor rule is triggered by its condition made for real in a private namespace (a process
/// that leaks CLOSE_WAIT, a listener that never accepts, lost handshake ACKs, a lossy link, ...)
/// and stays silent in a quiet one. The sockets are this test process's own, so the findings must
/// name this process.
/// </summary>
public sealed class DoctorTests
{
    private const int Port = 10050;

    [Fact]
    public void A_quiet_namespace_has_no_findings()
    {
        using var scene = new DoctorScene();
        scene.Run(() => scene.Pairs(3));
        ProcessResult result = scene.Doctor("--window", "0");
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Equal("No problems found in 7 TCP sockets and the kernel's TCP counters and settings.\n", result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void A_process_that_never_closes_its_sockets_is_named_as_leaking_CLOSE_WAIT()
    {
        using var scene = new DoctorScene();
        scene.Run(() =>
        {
            // The peer (server side) closes every connection; our client sockets are never closed.
            foreach ((Socket _, Socket accepted) in scene.Pairs(12))
                accepted.Close();
        });
        scene.WaitFor("CLOSE-WAIT", 12);

        JsonElement finding = scene.OnlyFinding("close-wait-leak", out int exitCode);
        Assert.Equal(3, exitCode);
        Assert.Equal("warning", finding.GetProperty("severity").GetString());
        Assert.Equal(Environment.ProcessId, finding.GetProperty("figures").GetProperty("pid").GetInt32());
        Assert.Equal(12, finding.GetProperty("figures").GetProperty("close_wait").GetInt32());
        Assert.Contains($"(pid {Environment.ProcessId})", finding.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_sockets_that_stay_in_CLOSE_WAIT_through_the_window_count_as_a_leak()
    {
        using var scene = new DoctorScene();
        scene.Run(() =>
        {
            foreach ((Socket _, Socket accepted) in scene.Pairs(12))
                accepted.Close();
        });
        scene.WaitFor("CLOSE-WAIT", 12);
        // The doctor takes its first look, then watches for 3 s; meanwhile twelve more sockets reach
        // CLOSE_WAIT. They were not there at the start: churn as far as this window can tell.
        var start = new System.Diagnostics.ProcessStartInfo(Tools.NetstateBinary) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in (string[])["doctor", "--json", "--window", "3"])
            start.ArgumentList.Add(argument);
        using var doctor = scene.Namespace.Run(() => System.Diagnostics.Process.Start(start)!);
        Task<string> output = doctor.StandardOutput.ReadToEndAsync();
        Thread.Sleep(1500);
        scene.Run(() =>
        {
            foreach ((Socket _, Socket accepted) in scene.Pairs(12))
                accepted.Close();
        });
        Assert.True(doctor.WaitForExit(30_000));

        using JsonDocument report = JsonDocument.Parse(await output);
        JsonElement finding = Assert.Single(report.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("rule").GetString() == "close-wait-leak");
        Assert.Equal(12, finding.GetProperty("figures").GetProperty("close_wait").GetInt32());
        Assert.Equal(Environment.ProcessId, finding.GetProperty("figures").GetProperty("pid").GetInt32());
        string[] evidence = [.. finding.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()!)];
        Assert.Contains("the same sockets were already in CLOSE_WAIT 3 s earlier", evidence);
        Assert.Contains("12 more reached CLOSE_WAIT during the window and are not counted: short-lived, not a leak", evidence);
    }

    [Fact]
    public void A_listener_that_never_accepts_shows_a_full_queue_and_listen_drops()
    {
        using var scene = new DoctorScene();
        scene.Run(() =>
        {
            scene.Listen(Port, backlog: 2);
            for (int i = 0; i < 8; i++)
                scene.ConnectNonBlocking(Port);
        });
        DoctorScene.WaitUntil(() => scene.Counter("TcpExt:", "ListenOverflows") > 0, "ListenOverflows to grow");

        JsonElement queue = scene.OnlyFinding("listen-queue", out int exitCode);
        Assert.Equal(3, exitCode);
        Assert.Equal(Port, queue.GetProperty("figures").GetProperty("port").GetInt32());
        Assert.Equal(2, queue.GetProperty("figures").GetProperty("backlog").GetInt32());
        Assert.True(queue.GetProperty("figures").GetProperty("accept_queue").GetInt32() >= 2);
        // Overflows in the past are no finding; overflows during the window are. A client in the
        // namespace keeps connecting while the doctor watches.
        Assert.DoesNotContain("listen-drops", scene.Doctor("--json", "--window", "0").Stdout, StringComparison.Ordinal);
        using var clients = scene.Namespace.Run(() => System.Diagnostics.Process.Start("bash",
            ["-c", $"for i in $(seq 40); do (exec 3<>/dev/tcp/127.0.0.1/{Port}) 2>/dev/null & sleep 0.1; done; wait"]));
        try
        {
            JsonElement drops = scene.OnlyFinding("listen-drops", out int dropsExit, window: "2");
            Assert.Equal(4, dropsExit);
            JsonElement figures = drops.GetProperty("figures");
            Assert.True(figures.GetProperty("listen_overflows_in_window").GetInt64() > 0);
            Assert.True(figures.GetProperty("listen_overflows").GetInt64() <= scene.Counter("TcpExt:", "ListenOverflows"));
        }
        finally
        {
            clients.Kill(entireProcessTree: true);
            clients.WaitForExit();
        }
    }

    [Fact]
    public void Handshakes_whose_last_ACK_is_lost_pile_up_in_SYN_RECV()
    {
        using var scene = new DoctorScene();
        // Drop the client's final handshake ACK (a bare ACK to the server port): the server keeps
        // every connection half-open while the clients think they are established.
        scene.Nft("add table inet doctor",
            "add chain inet doctor in { type filter hook input priority 0 ; }",
            $"add rule inet doctor in tcp dport {Port} tcp flags & (syn | ack | fin | rst) == ack drop");
        scene.Run(() =>
        {
            scene.Listen(Port, backlog: 512);
            for (int i = 0; i < 120; i++)
                scene.ConnectNonBlocking(Port);
        });
        scene.WaitFor("SYN-RECV", 120);

        JsonElement finding = scene.OnlyFinding("syn-backlog", out int exitCode);
        Assert.Equal(3, exitCode);
        Assert.Equal(120, finding.GetProperty("figures").GetProperty("syn_recv").GetInt32());
        Assert.Contains(finding.GetProperty("evidence").EnumerateArray(), e => e.GetString() == $"listening ports: {Port} (120)");
    }

    [Fact]
    public void SYN_cookies_sent_are_reported()
    {
        using var scene = new DoctorScene();
        scene.Sysctl("net/ipv4/tcp_syncookies", "2"); // always answer with a cookie: the counter moves for real
        scene.Run(() =>
        {
            Socket server = scene.Listen(Port, backlog: 16);
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            client.Connect(IPAddress.Loopback, Port);
            server.Accept().Dispose();
        });
        JsonElement finding = scene.OnlyFinding("syn-backlog", out int exitCode);
        Assert.Equal(3, exitCode);
        Assert.Equal(scene.Counter("TcpExt:", "SyncookiesSent"), finding.GetProperty("figures").GetProperty("syncookies_sent").GetInt64());
        Assert.True(finding.GetProperty("figures").GetProperty("syncookies_sent").GetInt64() > 0);
    }

    [Fact]
    public void Connections_to_one_destination_that_fill_the_port_range_are_port_exhaustion()
    {
        using var scene = new DoctorScene();
        scene.Sysctl("net/ipv4/ip_local_port_range", "40000 40099");
        scene.Run(() =>
        {
            // Client closes first: each leaves its ephemeral port in TIME_WAIT for 60 s.
            foreach ((Socket client, Socket accepted) in scene.Pairs(60))
            {
                client.Close();
                accepted.Close();
            }
        });
        scene.WaitFor("TIME-WAIT", 60);

        JsonElement finding = scene.OnlyFinding("ephemeral-port-exhaustion", out int exitCode);
        Assert.Equal(3, exitCode);
        Assert.Equal(100, finding.GetProperty("figures").GetProperty("port_range").GetInt32());
        Assert.Equal(60, finding.GetProperty("figures").GetProperty("time_wait").GetInt32());
        Assert.Equal($"connections from 127.0.0.1 to 127.0.0.1:{Port} use 60% of the ephemeral port range", finding.GetProperty("title").GetString());
    }

    [Fact]
    public void More_TIME_WAIT_than_tcp_max_tw_buckets_is_an_overflow()
    {
        using var scene = new DoctorScene();
        scene.Sysctl("net/ipv4/tcp_max_tw_buckets", "10");
        scene.Run(() =>
        {
            foreach ((Socket client, Socket accepted) in scene.Pairs(20))
            {
                client.Close();
                accepted.Close();
            }
        });
        DoctorScene.WaitUntil(() => scene.Counter("TcpExt:", "TCPTimeWaitOverflow") >= 10, "TCPTimeWaitOverflow to count the closes beyond 10");

        JsonElement finding = scene.OnlyFinding("time-wait-buckets", out int exitCode);
        Assert.Equal(3, exitCode);
        Assert.Equal(10, finding.GetProperty("figures").GetProperty("max_tw_buckets").GetInt32());
        Assert.Equal(scene.Counter("TcpExt:", "TCPTimeWaitOverflow"), finding.GetProperty("figures").GetProperty("overflows").GetInt64());
    }

    [Fact]
    public void Connections_closed_by_a_program_whose_peers_never_answer_leave_orphans()
    {
        using var scene = new DoctorScene();
        scene.Run(() =>
        {
            // The server side closes and lets go; the clients never close, so every server socket
            // waits in FIN_WAIT2 with no process holding it.
            foreach ((Socket _, Socket accepted) in scene.Pairs(110))
                accepted.Close();
        });
        scene.WaitFor("FIN-WAIT-2", 110);

        JsonElement finding = scene.OnlyFinding("orphans", out int exitCode);
        Assert.Equal(3, exitCode);
        Assert.Equal(110, finding.GetProperty("figures").GetProperty("orphans").GetInt32());
        Assert.Contains(finding.GetProperty("evidence").EnumerateArray(), e => e.GetString() == "110 orphaned sockets here: FIN_WAIT2 (110)");
    }

    [Fact]
    public void A_lossy_link_shows_as_retransmissions()
    {
        using var scene = new DoctorScene();
        // A 1500-byte MTU makes a bulk transfer many segments; one in ten is dropped on the way in.
        Assert.Equal(0, scene.Namespace.Exec("ip", "link", "set", "lo", "mtu", "1500").ExitCode);
        scene.Nft("add table inet doctor",
            "add chain inet doctor in { type filter hook input priority 0 ; }",
            $"add rule inet doctor in tcp dport {Port} numgen random mod 10 == 0 drop");
        scene.Run(() =>
        {
            (Socket client, Socket accepted) = scene.Pairs(1)[0];
            var reader = Task.Run(() =>
            {
                byte[] sink = new byte[1 << 16];
                while (accepted.Receive(sink) > 0)
                {
                }
            });
            byte[] chunk = new byte[1 << 16];
            for (int i = 0; i < 64; i++)
                client.Send(chunk);
            client.Shutdown(SocketShutdown.Send);
            Assert.True(reader.Wait(TimeSpan.FromSeconds(60)), "the transfer did not finish");
        });

        // The lossy link may still resend a FIN or an ACK while doctor runs: its figures must lie
        // between the kernel's counters read just before and just after it.
        (long sentBefore, long retransmittedBefore) = (scene.Counter("Tcp:", "OutSegs"), scene.Counter("Tcp:", "RetransSegs"));
        JsonElement finding = scene.OnlyFinding("retransmissions", out int exitCode);
        (long sentAfter, long retransmittedAfter) = (scene.Counter("Tcp:", "OutSegs"), scene.Counter("Tcp:", "RetransSegs"));
        Assert.True(exitCode is 3 or 4);
        long sent = finding.GetProperty("figures").GetProperty("sent_segments").GetInt64();
        long retransmitted = finding.GetProperty("figures").GetProperty("retransmitted_segments").GetInt64();
        Assert.InRange(sent, sentBefore, sentAfter);
        Assert.InRange(retransmitted, retransmittedBefore, retransmittedAfter);
        Assert.True(sentAfter - sentBefore <= 10, $"the link was still busy: {sentAfter - sentBefore} segments sent while doctor ran");
        Assert.True(retransmitted * 50 >= sent, $"{retransmitted} of {sent} retransmitted");
    }

    [Fact]
    public void A_program_that_stops_reading_has_large_unread_queues()
    {
        using var scene = new DoctorScene();
        scene.Run(() =>
        {
            (Socket client, Socket accepted) = scene.Pairs(1)[0];
            _ = accepted;
            client.Blocking = false;
            byte[] chunk = new byte[1 << 16];
            try
            {
                for (int i = 0; i < 1000; i++)
                    client.Send(chunk);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
            {
                // The send buffer is full: what is in flight fills the receiver's buffer.
            }
        });
        // Loopback delivers in the background: wait until the receive queue stops growing.
        long previous = -1;
        DoctorScene.WaitUntil(() =>
        {
            long queued = scene.Namespace.Exec("ss", "-tanH", "sport", "=", $":{Port}").Stdout
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Max(row => long.Parse(row.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture));
            bool settled = queued >= 100_000 && queued == previous;
            previous = queued;
            return settled;
        }, "the receive queue to fill and settle");

        JsonElement finding = scene.OnlyFinding("unread-receive-queue", out int exitCode);
        Assert.Equal(3, exitCode);
        Assert.Equal(1, finding.GetProperty("figures").GetProperty("sockets").GetInt32());
        Assert.True(finding.GetProperty("figures").GetProperty("unread_bytes").GetInt64() >= 64 << 10);
        Assert.Contains($"(pid {Environment.ProcessId})", finding.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_text_report_puts_the_worst_first_and_explains_what_to_do()
    {
        using var scene = new DoctorScene();
        scene.Run(() =>
        {
            foreach ((Socket _, Socket accepted) in scene.Pairs(12))
                accepted.Close();
        });
        scene.WaitFor("CLOSE-WAIT", 12);
        ProcessResult result = scene.Doctor("--window", "0");
        Assert.Equal(3, result.ExitCode);
        string[] lines = result.Stdout.Split('\n');
        Assert.StartsWith("1 finding in 25 TCP sockets", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("WARNING [close-wait-leak] ", lines[2], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("    what to do: CLOSE_WAIT never times out", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.True(l.Length <= 80, $"longer than 80 columns: {l}"));
    }

    [Fact]
    public void A_hostile_process_name_is_exact_in_json_and_escaped_in_the_text_report()
    {
        // bash opens 12 connections to the listener, then execs sleep under an argv[0] with ESC and a newline;
        // the listener's side closes them all, so the hostile process leaks CLOSE_WAIT.
        const string Argv0 = "evil\u001b[31m\nfake line";
        using var scene = new DoctorScene();
        scene.Run(() => scene.Listen(Port, 64));
        using var holder = scene.Namespace.Run(() => System.Diagnostics.Process.Start("bash",
            ["-c", $"for i in $(seq 12); do exec {{fd}}<>/dev/tcp/127.0.0.1/{Port}; done; exec -a \"$0\" sleep 30", Argv0]))!;
        try
        {
            scene.WaitFor("ESTABLISHED", 24);
            scene.Run(() => scene.AcceptAndClose(12));
            scene.WaitFor("CLOSE-WAIT", 12);
            DoctorScene.WaitUntil(() => scene.Doctor("--window", "0").Stdout.Contains("evil", StringComparison.Ordinal), "the holder to exec under its hostile name");

            JsonElement finding = scene.OnlyFinding("close-wait-leak", out _);
            string name = $"{Argv0} (pid {holder.Id})";
            Assert.Equal($"{name} does not close connections its peers have closed (12 in CLOSE_WAIT)", finding.GetProperty("title").GetString());
            Assert.Equal($"12 TCP sockets in CLOSE_WAIT held by {name}", finding.GetProperty("evidence")[0].GetString());
            JsonElement process = Assert.Single(finding.GetProperty("processes").EnumerateArray());
            Assert.Equal((holder.Id, Argv0), (process.GetProperty("pid").GetInt32(), process.GetProperty("name").GetString()));
            Assert.Equal(holder.Id, finding.GetProperty("subject").GetProperty("pid").GetInt32());

            string text = scene.Doctor("--window", "0").Stdout;
            Assert.Contains("evil\\x1B[31m\\x0Afake line (pid", text, StringComparison.Ordinal);
            Assert.DoesNotContain('\u001b', text);
            Assert.DoesNotContain("\nfake line", text, StringComparison.Ordinal);
        }
        finally
        {
            holder.Kill();
        }
    }

    [Fact]
    public void Bad_options_are_usage_errors()
    {
        using var scene = new DoctorScene();
        ProcessResult result = scene.Doctor("--window", "soon");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("netstate: --window needs a number of seconds from 0 to 3600, not 'soon' (see 'netstate --help')\n", result.Stderr);
        result = scene.Doctor("--bogus");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("netstate: unknown option '--bogus' for doctor (see 'netstate doctor --help')\n", result.Stderr);
    }
}
