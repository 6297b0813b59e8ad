using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// netstate against a real daemon from Debian's packages: nginx, whose processes rewrite their
/// titles ("nginx: master process ...", "nginx: worker process") and share one listener.
/// </summary>
public sealed class RealDaemonTests(NginxServer nginx) : IClassFixture<NginxServer>
{
    private static string Text(int pid) => pid.ToString(CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("nginx")]  // the kernel's comm and the executable's name; argv[0] is the rewritten title
    [InlineData("ngin*")]
    public void A_daemon_that_rewrote_its_title_is_found_by_its_name(string name)
    {
        foreach (string format in new[] { "netstat", "ss" })
        {
            ProcessResult listing = Tools.Netstate(nginx.Namespace, "-tlnp", "--format", format, "comm", name);
            Assert.Equal(0, listing.ExitCode);
            Assert.Contains($"127.0.0.1:{NginxServer.Port}", listing.Stdout, StringComparison.Ordinal);
        }

        ProcessResult who = Tools.Netstate(nginx.Namespace, "who", name);
        Assert.True(who.ExitCode == 0, who.Stderr);
        foreach (int pid in nginx.WorkerPids().Append(nginx.Master.Id))
            Assert.Contains($"(PID {Text(pid)},", who.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_no_process_has_finds_nothing()
    {
        ProcessResult who = Tools.Netstate(nginx.Namespace, "who", "nginx-not");
        Assert.Equal(1, who.ExitCode);
        Assert.Equal("", Tools.Netstate(nginx.Namespace, "-tlnp", "--format", "ss", "comm", "master").Stdout.Split('\n', 2)[1]);
    }

    [Fact]
    public void Doctor_names_every_holder_of_a_full_listener_and_says_they_are_stopped()
    {
        List<int> pids = [nginx.Master.Id, .. nginx.WorkerPids()];
        var clients = new List<Socket>();
        Signal("STOP", pids);
        try
        {
            nginx.Namespace.Run(() =>
            {
                // backlog=2: the queue is full at three waiting connections; the rest wait for SYN-ACK retries.
                for (int i = 0; i < 5; i++)
                {
                    var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
                    clients.Add(client);
                    try
                    {
                        client.Connect(IPAddress.Loopback, NginxServer.SmallBacklogPort);
                    }
                    catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
                    {
                    }
                }
            });
            Thread.Sleep(300);
            ProcessResult doctor = Tools.Netstate(nginx.Namespace, "doctor", "--json", "--window", "0");
            using JsonDocument report = JsonDocument.Parse(doctor.Stdout);
            JsonElement finding = Assert.Single(report.RootElement.GetProperty("findings").EnumerateArray(),
                f => f.GetProperty("rule").GetString() == "listen-queue" && f.GetProperty("figures").GetProperty("port").GetInt32() == NginxServer.SmallBacklogPort);
            Assert.Contains("every process holding it is stopped", finding.GetProperty("title").GetString(), StringComparison.Ordinal);
            string held = Assert.Single(finding.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()!), e => e.StartsWith("held by ", StringComparison.Ordinal));
            foreach (int pid in pids)
                Assert.Contains($"(pid {Text(pid)}, stopped)", held, StringComparison.Ordinal);
        }
        finally
        {
            Signal("CONT", pids);
            nginx.Namespace.Run(() => clients.ForEach(c => c.Dispose()));
        }
    }

    private static void Signal(string signal, List<int> pids)
    {
        ProcessResult kill = ProcessResult.Run("kill", [$"-{signal}", .. pids.Select(Text)]);
        Assert.True(kill.ExitCode == 0, kill.Stderr);
    }
}
