using System.Net;
using Netstate.Cli.Rendering;
using Netstate.Core.Model;
using Netstate.Core.Names;
using Netstate.Core.Owners;
using Netstate.Core.Platform.Linux.Names;

namespace Netstate.Cli.Tests;

/// <summary>Hand-built sockets and a one-call renderer, so each test states its row in one line.</summary>
internal static class TestSockets
{
    /// <summary>An address from its text, built through <see cref="InetAddress.FromV4"/> or <see cref="InetAddress.FromV6"/>.</summary>
    public static InetAddress Address(string text)
    {
        byte[] bytes = IPAddress.Parse(text).GetAddressBytes();
        return bytes.Length == 4 ? InetAddress.FromV4(bytes) : InetAddress.FromV6(bytes);
    }

    public static Endpoint At(string address, ushort port) => new(Address(address), port);

    public static SocketEntry Inet(
        Protocol protocol,
        string local,
        ushort localPort,
        string remote,
        ushort remotePort,
        byte state,
        ulong recvQueue = 0,
        ulong sendQueue = 0,
        TimerKind timer = TimerKind.Off,
        ulong timerTicks = 0,
        ulong retransmits = 0,
        int probes = 0,
        uint uid = 0,
        ulong inode = 0)
    {
        Endpoint localEndpoint = At(local, localPort);
        return new SocketEntry
        {
            Protocol = protocol,
            Family = localEndpoint.Address.IsV6 ? Family.Inet6 : Family.Inet,
            Local = localEndpoint,
            Remote = At(remote, remotePort),
            RawState = state,
            RecvQueue = recvQueue,
            SendQueue = sendQueue,
            Timer = timer,
            TimerTicks = timerTicks,
            Retransmits = retransmits,
            Probes = probes,
            Uid = uid,
            Inode = inode,
        };
    }

    public static SocketEntry Tcp(string local, ushort localPort, string remote, ushort remotePort, TcpState state, ulong inode = 0) =>
        Inet(Protocol.Tcp, local, localPort, remote, remotePort, (byte)state, inode: inode);

    public static SocketEntry Unix(ulong refCount, ulong flags, UnixSocketType type, UnixSocketState state, ulong inode, string? path) =>
        new()
        {
            Protocol = Protocol.Unix,
            Family = Family.Unix,
            RawState = (byte)state,
            Inode = inode,
            Unix = new UnixSocketInfo(refCount, flags, type, state, path),
        };

    /// <summary>Renders one row the way SocketListCommand does, numeric unless names are passed in.</summary>
    public static string Row(
        SocketEntry entry,
        bool extend = false,
        bool programs = false,
        bool timers = false,
        bool wide = false,
        ServiceNames? services = null,
        HostNameResolver? hosts = null,
        UserNames? users = null,
        OwnerMap? owners = null)
    {
        using var output = new StringWriter();
        var renderer = new NetstatTableRenderer(output,
            new NetstatRenderOptions(All: false, Listening: false, extend, programs, timers),
            new NetstatAddressText(services, hosts, wide), users);
        if (entry.Protocol == Protocol.Unix)
            renderer.WriteUnixRow(entry, owners);
        else
            renderer.WriteInetRow(entry, owners);
        return output.ToString();
    }
}
