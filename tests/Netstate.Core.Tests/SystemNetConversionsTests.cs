using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Netstate.Core.Model;
using Netstate.Core.Sources.Linux;
using Netstate.Core.Sources.Linux.SockDiag;
using BclTcpState = System.Net.NetworkInformation.TcpState;
using TcpState = Netstate.Core.Model.TcpState;

namespace Netstate.Core.Tests;

/// <summary>The conversions to System.Net types, and the names Netstate.Core shares with System.Net.</summary>
public sealed class SystemNetConversionsTests
{
    [Theory]
    [InlineData(TcpState.Unknown, BclTcpState.Unknown)]
    [InlineData(TcpState.Established, BclTcpState.Established)]
    [InlineData(TcpState.SynSent, BclTcpState.SynSent)]
    [InlineData(TcpState.SynRecv, BclTcpState.SynReceived)]
    [InlineData(TcpState.NewSynRecv, BclTcpState.SynReceived)]
    [InlineData(TcpState.FinWait1, BclTcpState.FinWait1)]
    [InlineData(TcpState.FinWait2, BclTcpState.FinWait2)]
    [InlineData(TcpState.TimeWait, BclTcpState.TimeWait)]
    [InlineData(TcpState.Close, BclTcpState.Closed)]
    [InlineData(TcpState.BoundInactive, BclTcpState.Closed)]
    [InlineData(TcpState.CloseWait, BclTcpState.CloseWait)]
    [InlineData(TcpState.LastAck, BclTcpState.LastAck)]
    [InlineData(TcpState.Listen, BclTcpState.Listen)]
    [InlineData(TcpState.Closing, BclTcpState.Closing)]
    public void Each_kernel_state_maps_to_the_bcl_state(TcpState state, BclTcpState expected) =>
        Assert.Equal(expected, state.ToNetworkInformation());

    [Fact]
    public void Every_kernel_state_has_a_mapping_test()
    {
        // A state added to the enum must be given its BCL name deliberately, not fall to Unknown.
        Assert.All(Enum.GetValues<TcpState>().Where(s => s != TcpState.Unknown),
            state => Assert.NotEqual(BclTcpState.Unknown, state.ToNetworkInformation()));
    }

    [Theory]
    [InlineData("127.0.0.1", 80)]
    [InlineData("0.0.0.0", 0)]
    [InlineData("::1", 443)]
    [InlineData("::ffff:10.1.2.3", 65535)]
    [InlineData("2001:db8::1", 8080)]
    public void Endpoints_convert_both_ways(string address, int port)
    {
        var ip = new IPEndPoint(IPAddress.Parse(address), port);
        Endpoint endpoint = ip.ToEndpoint();
        Assert.Equal(address, endpoint.Address.ToString());
        Assert.Equal(port, endpoint.Port);
        Assert.Equal(ip, endpoint.ToIPEndPoint());
        Assert.Equal(ip.AddressFamily, endpoint.ToIPEndPoint().AddressFamily);
    }

    /// <summary>
    /// The BCL reads this machine's TCP table its own way (IPGlobalProperties); a snapshot converted
    /// with these conversions must agree with it on the sockets this test opens.
    /// </summary>
    [Fact]
    public void A_snapshot_converted_agrees_with_the_bcls_own_tcp_table()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(4);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(listener.LocalEndPoint!);
        using Socket accepted = listener.Accept();
        var ours = new HashSet<IPEndPoint> { (IPEndPoint)listener.LocalEndPoint!, (IPEndPoint)client.LocalEndPoint! };

        IPGlobalProperties properties = IPGlobalProperties.GetIPGlobalProperties();
        var bcl = properties.GetActiveTcpConnections()
            .Where(c => ours.Contains(c.LocalEndPoint))
            .Select(c => (c.LocalEndPoint, c.RemoteEndPoint, c.State))
            .ToHashSet();
        var bclListeners = properties.GetActiveTcpListeners().Where(ours.Contains).ToHashSet();

        ProcRoot procRoot = new(ProcRoot.DefaultPath);
        using var source = new LinuxSocketSource(SourceChoice.Netlink, procRoot, new NetlinkSockDiagTransport());
        var converted = source.Read(new SocketQuery(SocketTables.Tcp4)).Entries
            .Select(e => (Local: e.Local.ToIPEndPoint(), Remote: e.Remote.ToIPEndPoint(), State: e.TcpState.ToNetworkInformation()))
            .Where(e => ours.Contains(e.Local))
            .ToList();

        // The listener, the client end and the accepted end (which shares the listener's local endpoint).
        Assert.Equal(3, converted.Count);
        Assert.Equal(bclListeners, converted.Where(e => e.State == BclTcpState.Listen).Select(e => e.Local).ToHashSet());
        Assert.Equal(bcl, converted.Where(e => e.State != BclTcpState.Listen).ToHashSet());
        Assert.Equal(2, bcl.Count);
    }

    /// <summary>
    /// Names shared with System.Net (ignoring case, as a reader does) are kept to the two the package
    /// README explains: Endpoint (beside the BCL's EndPoint base class) and TcpState (kernel
    /// numbering, states the BCL lacks). A new one fails here until it is renamed or documented.
    /// </summary>
    [Fact]
    public void No_public_type_name_clashes_with_system_net_except_the_documented_ones()
    {
        var bcl = new[] { typeof(IPEndPoint).Assembly, typeof(IPGlobalProperties).Assembly, typeof(Socket).Assembly }
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => t.Namespace is "System.Net" or "System.Net.NetworkInformation" or "System.Net.Sockets")
            .Select(t => t.Name)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        string[] shared = [.. typeof(Snapshot).Assembly.GetExportedTypes().Where(t => !t.IsNested && bcl.Contains(t.Name)).Select(t => t.FullName!).Order()];
        Assert.Equal(["Netstate.Core.Model.Endpoint", "Netstate.Core.Model.TcpState"], shared);
        string readme = File.ReadAllText(PackageReadme());
        Assert.Contains("`Netstate.Core.Model.Endpoint` is", readme, StringComparison.Ordinal);
        Assert.Contains("using TcpState = Netstate.Core.Model.TcpState;", readme, StringComparison.Ordinal);
    }

    private static string PackageReadme()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "src", "Netstate.Core", "README.md");
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException("src/Netstate.Core/README.md not found above " + AppContext.BaseDirectory);
    }
}
