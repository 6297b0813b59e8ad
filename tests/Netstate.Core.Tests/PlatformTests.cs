using Netstate.Core.Kernel;
using Netstate.Core.Platform;
using Netstate.Core.Platform.Linux;
using Netstate.Core.Sources;

namespace Netstate.Core.Tests;

/// <summary>The platform factory: picks the implementation at run time, and each platform resolves the source policy.</summary>
public sealed class PlatformTests
{
    [Fact]
    public void On_linux_the_factory_gives_the_linux_platform()
    {
        IPlatform platform = Platforms.Open();

        Assert.IsType<LinuxPlatform>(platform);
        Assert.Equal("linux", platform.Name);
    }

    [Fact]
    public void Elsewhere_the_factory_says_what_is_missing_instead_of_reading_nothing()
    {
        var error = Assert.Throws<PlatformUnavailableException>(() => Platforms.Open(null, isLinux: false));

        Assert.StartsWith("netstate cannot read sockets on ", error.Message, StringComparison.Ordinal);
        Assert.Equal("it reads the kernel's tables on Linux and IP Helper's on Windows", error.Hint);
    }

    [Fact]
    public void On_windows_the_factory_gives_the_windows_platform_and_refuses_a_proc_root()
    {
        IPlatform platform = Platforms.Open(null, isLinux: false, isWindows: true);
        var error = Assert.Throws<PlatformUnavailableException>(() => Platforms.Open("/tmp/tree", isLinux: false, isWindows: true));

        Assert.IsType<Netstate.Core.Platform.Windows.WindowsPlatform>(platform);
        Assert.Equal("windows", platform.Name);
        Assert.Contains("Linux proc tree", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, SourcePolicy.Auto)]
    [InlineData(SourcePolicy.Auto, SourcePolicy.Auto)]
    [InlineData(SourcePolicy.Netlink, SourcePolicy.Netlink)]
    [InlineData(SourcePolicy.Proc, SourcePolicy.Proc)]
    public void The_live_system_takes_the_policy_asked_for_and_auto_when_none_is(SourcePolicy? asked, SourcePolicy expected)
    {
        Assert.Equal(expected, Platforms.Open("/proc").Resolve(asked));
    }

    [Theory]
    [InlineData(null, SourcePolicy.Proc)]
    [InlineData(SourcePolicy.Netlink, SourcePolicy.Netlink)]
    public void A_replayed_tree_defaults_to_proc(SourcePolicy? asked, SourcePolicy expected)
    {
        Assert.Equal(expected, Platforms.Open(Fixture.PathOf("proc-basic")).Resolve(asked));
    }

    [Fact]
    public void Kernel_tables_come_from_the_tree_the_platform_was_opened_on()
    {
        IPlatform platform = Platforms.Open(Fixture.PathOf("counters/linux-6.18"));

        KernelCounterRead read = platform.ReadCounters(CounterFiles.Snmp);

        Assert.Equal(CounterFiles.None, read.Missing);
        Assert.Equal(Fixture.PathOf("counters/linux-6.18") + "/net/snmp", read.Paths[CounterFiles.Snmp]);
        Assert.NotNull(read.Counters.Table("Tcp"));
    }

    [Fact]
    public void Multicast_groups_report_a_missing_ipv4_table_and_pass_over_a_missing_ipv6_one()
    {
        using TempDirectory temp = Fixture.CreateTempDirectory();
        Directory.CreateDirectory(temp.Combine("net"));
        IPlatform platform = Platforms.Open(temp.Path);

        MulticastGroupTable none = platform.ReadMulticastGroups(ipv4: true, ipv6: true);
        MulticastGroupTable ipv6Only = platform.ReadMulticastGroups(ipv4: false, ipv6: true);

        Assert.Equal("No such file or directory", none.Ipv4Failure);
        Assert.Equal(temp.Path + "/net/igmp", none.Ipv4File);
        Assert.Empty(none.Memberships);
        Assert.Null(ipv6Only.Ipv4Failure);
        Assert.Empty(ipv6Only.Memberships);
    }

    [Fact]
    public void Multicast_groups_of_the_running_kernel_include_the_all_hosts_group_on_loopback()
    {
        // Every IPv4 interface that is up joins 224.0.0.1; lo is always up.
        MulticastGroupTable groups = Platforms.Open().ReadMulticastGroups(ipv4: true, ipv6: false);

        Assert.Null(groups.Ipv4Failure);
        Assert.Contains(groups.Memberships, m => m.Device == "lo" && m.Group.ToString() == "224.0.0.1");
    }
}
