using System.Globalization;
using Netstate.Core.Platform;
using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// A namespace that goes away between being listed and being entered (--all-namespaces lists them
/// all first, then reads one after the other): deleted, or its path now naming another namespace
/// (a name re-added, a PID reused). Either way it is not entered and the reason says so, rather
/// than reading some other namespace's sockets under its label.
/// </summary>
[Collection("namespaces")]
public sealed class NamespaceVanishTests : IDisposable
{
    private readonly string _name = $"nstest-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-vanish";

    public NamespaceVanishTests() => Check(ProcessResult.Run("ip", ["netns", "add", _name]), "ip netns add");

    private global::Netstate.Core.Model.NetworkNamespace Listed(IPlatform host)
    {
        var notes = new List<global::Netstate.Core.Model.SourceNote>();
        return host.ListNetworkNamespaces(notes).Single(n => n.Name == _name);
    }

    [Fact]
    public void A_namespace_deleted_after_listing_is_not_entered_and_says_why()
    {
        IPlatform host = Platforms.Open(null);
        global::Netstate.Core.Model.NetworkNamespace listed = Listed(host);
        Check(ProcessResult.Run("ip", ["netns", "del", _name]), "ip netns del");

        var e = Assert.Throws<PlatformUnavailableException>(() => host.EnterNetworkNamespace(listed));
        Assert.Equal($"/run/netns/{_name} does not exist", e.Message);
    }

    [Fact]
    public void A_path_that_names_another_namespace_by_then_is_not_entered()
    {
        IPlatform host = Platforms.Open(null);
        global::Netstate.Core.Model.NetworkNamespace listed = Listed(host);
        // The same name, a new namespace: what the listing found is gone, its path lives on.
        Check(ProcessResult.Run("ip", ["netns", "del", _name]), "ip netns del");
        Check(ProcessResult.Run("ip", ["netns", "add", _name]), "ip netns add again");
        ulong now = Listed(host).Inode;
        Assert.NotEqual(listed.Inode, now);

        var e = Assert.Throws<PlatformUnavailableException>(() => host.EnterNetworkNamespace(listed));
        Assert.Equal(
            $"net:[{listed.Inode.ToString(CultureInfo.InvariantCulture)}] is gone (/run/netns/{_name} now refers to net:[{now.ToString(CultureInfo.InvariantCulture)}])",
            e.Message);
    }

    private static void Check(ProcessResult result, string what)
    {
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{what} failed: {result.Stderr}");
    }

    public void Dispose() => ProcessResult.Run("ip", ["netns", "del", _name]);
}
