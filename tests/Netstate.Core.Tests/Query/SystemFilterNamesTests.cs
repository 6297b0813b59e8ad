using Netstate.Core.Names;
using Netstate.Core.Platform.Linux.Names;

namespace Netstate.Core.Tests.Query;

/// <summary>The real lookups behind filter values, on this machine.</summary>
public sealed class SystemFilterNamesTests
{
    private readonly SystemFilterNames _names = new();

    [Fact]
    public void Service_names_come_from_etc_services()
    {
        Assert.Equal((ushort)22, _names.ServicePort("ssh", ServiceTable.Tcp));
        Assert.Equal((ushort)53, _names.ServicePort("domain", ServiceTable.Udp));
        Assert.Null(_names.ServicePort("no-such-service-xyz", ServiceTable.Tcp));
    }

    [Fact]
    public void Users_and_interfaces_resolve()
    {
        Assert.Equal(0u, _names.UserId("root"));
        Assert.Null(_names.UserId("no-such-user-xyz"));
        Assert.Equal(1u, _names.InterfaceIndex("lo"));
        Assert.Null(_names.InterfaceIndex("nosuchif0"));
    }

    [Fact]
    public void A_cgroup_id_is_the_directory_inode_and_a_missing_one_is_null()
    {
        Assert.NotNull(_names.CgroupId("/"));
        Assert.Null(_names.CgroupId("/no/such/cgroup"));
    }

    [Fact]
    public void The_ephemeral_range_is_read_from_proc_with_ss_fallback()
    {
        string[] file = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal((ushort.Parse(file[0], System.Globalization.CultureInfo.InvariantCulture), ushort.Parse(file[1], System.Globalization.CultureInfo.InvariantCulture)), _names.EphemeralPorts);
        var missing = new SystemFilterNames { ProcRoot = new Netstate.Core.Platform.Linux.ProcRoot("/nonexistent") };
        Assert.Equal(((ushort)1024, (ushort)4999), missing.EphemeralPorts);
    }

    [Fact]
    public void Localhost_resolves_through_the_system_resolver()
    {
        Assert.Contains(_names.HostAddresses("localhost"), a => a.ToString() is "127.0.0.1" or "::1");
    }
}
