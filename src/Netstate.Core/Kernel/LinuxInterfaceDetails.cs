using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Netstate.Core.Interop;
using Netstate.Core.Model;

namespace Netstate.Core.Kernel;

/// <summary>
/// Reads interface flags and MTU with SIOCGIFFLAGS / SIOCGIFMTU on an AF_INET socket, as netstat
/// does. The ioctl, not /sys/class/net/*/flags, gives netstat's exact flags: the kernel computes
/// IFF_RUNNING from the operational state and reports PROMISC/ALLMULTI only when a user set them.
/// For -ie it reads the rest of netstat's if_fetch the same way (hardware address, txqueuelen, map, IPv4).
/// </summary>
internal sealed unsafe class LinuxInterfaceDetails : IInterfaceDetails, IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public bool TryGet(string name, out InterfaceState flags, out int mtu, out string? failure)
    {
        ArgumentNullException.ThrowIfNull(name);
        flags = InterfaceState.None;
        mtu = 0;
        InterfaceIoctl.IfReq request = Request(name);
        if (InterfaceIoctl.Ioctl(_socket.SafeHandle, InterfaceIoctl.SIOCGIFFLAGS, &request) < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            failure = errno == InterfaceIoctl.ENODEV ? "Device not found" : Marshal.GetPInvokeErrorMessage(errno);
            return false;
        }
        flags = (InterfaceState)(ushort)request.ifr_flags;
        request = Request(name);
        // netstat shows 0 when the MTU cannot be read.
        if (InterfaceIoctl.Ioctl(_socket.SafeHandle, InterfaceIoctl.SIOCGIFMTU, &request) == 0)
            mtu = request.ifr_mtu;
        failure = null;
        return true;
    }

    public IReadOnlyList<string> AddressLabels()
    {
        int size = sizeof(InterfaceIoctl.IfReq);
        for (int slots = 32; slots <= 1 << 20; slots *= 2)
        {
            byte[] buffer = new byte[slots * size];
            fixed (byte* start = buffer)
            {
                var conf = new InterfaceIoctl.IfConf { ifc_len = buffer.Length, ifc_buf = start };
                if (InterfaceIoctl.Ioctl(_socket.SafeHandle, InterfaceIoctl.SIOCGIFCONF, &conf) < 0)
                    return [];
                // A full buffer may have been cut short: try again with a larger one.
                if (conf.ifc_len >= buffer.Length)
                    continue;
                int length = Math.Clamp(conf.ifc_len, 0, buffer.Length);
                var names = new List<string>(length / size);
                for (int offset = 0; offset + size <= length; offset += size)
                {
                    ReadOnlySpan<byte> raw = buffer.AsSpan(offset, InterfaceIoctl.IFNAMSIZ);
                    int end = raw.IndexOf((byte)0);
                    names.Add(Encoding.UTF8.GetString(end < 0 ? raw : raw[..end]));
                }
                return names;
            }
        }
        return [];
    }

    public InterfaceConfiguration Configuration(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        // Each ioctl that fails leaves its part at netstat's "unknown" value; the others still count.
        int type = -1;
        byte[] hardwareAddress = new byte[InterfaceIoctl.SockaddrDataLength];
        InterfaceIoctl.IfReq request = Request(name);
        if (Get(InterfaceIoctl.SIOCGIFHWADDR, ref request))
        {
            type = request.sa_family;
            new ReadOnlySpan<byte>(request.sa_data, InterfaceIoctl.SockaddrDataLength).CopyTo(hardwareAddress);
        }
        request = Request(name);
        int queueLength = Get(InterfaceIoctl.SIOCGIFTXQLEN, ref request) ? request.ifr_qlen : -1;
        request = Request(name);
        InterfaceIoctl.IfMap map = Get(InterfaceIoctl.SIOCGIFMAP, ref request) ? request.ifr_map : default;
        return new InterfaceConfiguration(type, hardwareAddress, queueLength,
            new InterfaceMap(map.mem_start, map.mem_end, map.base_addr, map.irq, map.dma, map.port), Ipv4Of(name));
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>SIOCGIFADDR finds the address whose label is exactly this name (eth0 or eth0:1); the rest belong to it.</summary>
    private InterfaceIpv4Address? Ipv4Of(string name)
    {
        InetAddress? address = Ipv4(InterfaceIoctl.SIOCGIFADDR, name);
        if (address is null)
            return null;
        return new InterfaceIpv4Address(address.Value, Ipv4(InterfaceIoctl.SIOCGIFNETMASK, name),
            Ipv4(InterfaceIoctl.SIOCGIFBRDADDR, name), Ipv4(InterfaceIoctl.SIOCGIFDSTADDR, name));
    }

    /// <summary>One of the address ioctls; null when it fails or answers with another family (netstat's "[NONE SET]").</summary>
    private InetAddress? Ipv4(nuint ioctl, string name)
    {
        InterfaceIoctl.IfReq request = Request(name);
        request.sa_family = InterfaceIoctl.AF_INET;
        if (!Get(ioctl, ref request) || request.sa_family != InterfaceIoctl.AF_INET)
            return null;
        // sockaddr_in: the port takes sa_data[0..2], the address follows.
        return InetAddress.FromV4(new ReadOnlySpan<byte>(request.sa_data + 2, 4));
    }

    private bool Get(nuint ioctl, ref InterfaceIoctl.IfReq request)
    {
        fixed (InterfaceIoctl.IfReq* pointer = &request)
            return InterfaceIoctl.Ioctl(_socket.SafeHandle, ioctl, pointer) == 0;
    }

    private static InterfaceIoctl.IfReq Request(string name)
    {
        var request = default(InterfaceIoctl.IfReq);
        byte[] bytes = Encoding.UTF8.GetBytes(name);
        bytes.AsSpan(0, Math.Min(bytes.Length, InterfaceIoctl.IFNAMSIZ - 1)).CopyTo(new Span<byte>(request.ifr_name, InterfaceIoctl.IFNAMSIZ - 1));
        return request;
    }
}
