using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Netstate.Core.Interop;

namespace Netstate.Core.Kernel;

/// <summary>
/// Reads interface flags and MTU with SIOCGIFFLAGS / SIOCGIFMTU on an AF_INET socket, as netstat
/// does. The ioctl, not /sys/class/net/*/flags, gives netstat's exact flags: the kernel computes
/// IFF_RUNNING from the operational state and reports PROMISC/ALLMULTI only when a user set them.
/// </summary>
public sealed unsafe class LinuxInterfaceDetails : IInterfaceDetails, IDisposable
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

    public void Dispose() => _socket.Dispose();

    private static InterfaceIoctl.IfReq Request(string name)
    {
        var request = default(InterfaceIoctl.IfReq);
        byte[] bytes = Encoding.UTF8.GetBytes(name);
        bytes.AsSpan(0, Math.Min(bytes.Length, InterfaceIoctl.IFNAMSIZ - 1)).CopyTo(new Span<byte>(request.ifr_name, InterfaceIoctl.IFNAMSIZ - 1));
        return request;
    }
}
