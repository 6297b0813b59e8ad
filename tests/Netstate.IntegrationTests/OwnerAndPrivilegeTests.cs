using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>-p as root and as an unprivileged user, next to netstat on the same sockets.</summary>
public sealed class OwnerAndPrivilegeTests : IClassFixture<ClassicSockets>
{
    private static readonly string[] AsNobody = ["--reuid=65534", "--regid=65534", "--clear-groups", "env", "HOME=/tmp"];
    private readonly ClassicSockets _sockets;

    public OwnerAndPrivilegeTests(ClassicSockets sockets) => _sockets = sockets;

    [Fact]
    public void Root_sees_the_test_process_as_owner_of_its_listener()
    {
        string output = Tools.Netstate(_sockets.Namespace, "-tlnp").Stdout;
        string listener = output.Split('\n').Single(l => l.Contains("127.0.0.1:10050", StringComparison.Ordinal));
        Assert.Contains($" {Environment.ProcessId}/", listener, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unprivileged_user_gets_dashes_and_one_warning_like_netstat()
    {
        string setpriv = Tools.Require("setpriv", "util-linux");
        ProcessResult netstat = _sockets.Namespace.Run(() => ProcessResult.Run(setpriv, [.. AsNobody, Tools.Require("netstat", "net-tools"), "-tanp"]));
        ProcessResult netstate = _sockets.Namespace.Run(() => ProcessResult.Run(setpriv, [.. AsNobody, Tools.NetstateBinary, "-tanp"]));

        Assert.Equal(0, netstate.ExitCode);
        Assert.Equal(netstat.Stdout, netstate.Stdout);
        Assert.DoesNotContain($" {Environment.ProcessId}/", netstate.Stdout, StringComparison.Ordinal);
        string warning = Assert.Single(netstate.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Not all processes could be identified", warning, StringComparison.Ordinal);
        Assert.Contains("root", warning, StringComparison.Ordinal);
    }
}
