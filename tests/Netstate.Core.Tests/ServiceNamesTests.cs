using Netstate.Core.Names;

namespace Netstate.Core.Tests;

public sealed class ServiceNamesTests
{
    private const string Services =
        "# Network services, Internet style\n" +
        "ssh             22/tcp                          # SSH Remote Login Protocol\n" +
        "domain          53/tcp\n" +
        "domain          53/udp\n" +
        "http            80/tcp          www             # WorldWideWeb HTTP\n" +
        "web             80/tcp                          # a later line for the same port wins\n" +
        "ntp             123/udp\n" +
        "bootps\t67/udp\n" +
        "\t  tabbed\t 8080/tcp\t alias\n" +
        "crlf 8443/tcp\r\n" +
        "sctponly        99/sctp\n" +
        "noport          abc/tcp\n" +
        "tooBig          65536/tcp\n" +
        "noproto         81\n" +
        "slashfirst      /82\n" +
        "lonely\n" +
        "# commented     83/tcp\n" +
        "\n" +
        "max             65535/udp\n";

    private const string Protocols =
        "# Internet (IP) protocols\n" +
        "ip      0       IP              # internet protocol, pseudo protocol number\n" +
        "icmp    1       ICMP            # internet control message protocol\n" +
        "tcp     6       TCP\n" +
        "ipv6-icmp 58    IPv6-ICMP\n" +
        "old-58  58      # a later line wins here too\n" +
        "bad     x1\n";

    private static readonly ServiceNames Names = ServiceNames.Parse(Services, Protocols);

    [Theory]
    [InlineData(22, ServiceTable.Tcp, "ssh")]
    [InlineData(22, ServiceTable.Udp, null)]
    [InlineData(53, ServiceTable.Tcp, "domain")]
    [InlineData(53, ServiceTable.Udp, "domain")]
    [InlineData(80, ServiceTable.Tcp, "web")]
    [InlineData(80, ServiceTable.Udp, null)]
    [InlineData(123, ServiceTable.Udp, "ntp")]
    [InlineData(123, ServiceTable.Tcp, null)]
    [InlineData(67, ServiceTable.Udp, "bootps")]
    [InlineData(8080, ServiceTable.Tcp, "tabbed")]
    [InlineData(8443, ServiceTable.Tcp, "crlf")]
    [InlineData(99, ServiceTable.Tcp, null)]
    [InlineData(99, ServiceTable.Udp, null)]
    [InlineData(0, ServiceTable.Tcp, null)]
    [InlineData(81, ServiceTable.Tcp, null)]
    [InlineData(82, ServiceTable.Tcp, null)]
    [InlineData(83, ServiceTable.Tcp, null)]
    [InlineData(65535, ServiceTable.Udp, "max")]
    [InlineData(1, ServiceTable.Raw, "icmp")]
    [InlineData(0, ServiceTable.Raw, "ip")]
    [InlineData(6, ServiceTable.Raw, "tcp")]
    [InlineData(58, ServiceTable.Raw, "old-58")]
    [InlineData(1, ServiceTable.Tcp, null)]
    [InlineData(22, ServiceTable.Raw, null)]
    public void Lookup_follows_the_files(int port, object table, string? expected) =>
        Assert.Equal(expected, Names.Lookup((ushort)port, (ServiceTable)table)); // boxed: ServiceTable is internal

    [Fact]
    public void Missing_files_give_no_names_rather_than_an_error()
    {
        using TempDirectory temp = Fixture.CreateTempDirectory();

        ServiceNames names = ServiceNames.Load(temp.Combine("services"), temp.Combine("protocols"));

        Assert.Null(names.Lookup(22, ServiceTable.Tcp));
        Assert.Null(names.Lookup(1, ServiceTable.Raw));
    }

    [Fact]
    public void Load_reads_both_files()
    {
        using TempDirectory temp = Fixture.CreateTempDirectory();
        File.WriteAllText(temp.Combine("services"), Services);
        File.WriteAllText(temp.Combine("protocols"), Protocols);

        ServiceNames names = ServiceNames.Load(temp.Combine("services"), temp.Combine("protocols"));

        Assert.Equal("web", names.Lookup(80, ServiceTable.Tcp));
        Assert.Equal("domain", names.Lookup(53, ServiceTable.Udp));
        Assert.Equal("icmp", names.Lookup(1, ServiceTable.Raw));
    }
}
