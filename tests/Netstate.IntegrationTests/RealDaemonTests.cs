using System.Globalization;
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
}
