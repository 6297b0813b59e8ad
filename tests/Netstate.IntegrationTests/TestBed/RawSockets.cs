using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Netstate.IntegrationTests.TestBed;

/// <summary>Sockets .NET will not create by itself.</summary>
internal static partial class RawSockets
{
    private const int AF_INET = 2, AF_INET6 = 10, SOCK_DGRAM = 2, IPPROTO_UDPLITE = 136;

    // Close-on-exec, as .NET opens its own sockets: without it a netstat started meanwhile by a test
    // running in parallel inherits the socket and shows up as its owner.
    private const int SOCK_CLOEXEC = 0x80000;

    /// <summary>An IPv4 UDP-Lite socket (.NET rejects protocol 136, the kernel does not).</summary>
    public static Socket OpenUdpLite()
    {
        int fd = CreateSocket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDPLITE);
        if (fd < 0)
            throw new InvalidOperationException($"socket(AF_INET, SOCK_DGRAM, IPPROTO_UDPLITE) failed with errno {Marshal.GetLastPInvokeError()}");
        return new Socket(new SafeSocketHandle(fd, ownsHandle: true));
    }

    /// <summary>An IPv6 UDP-Lite socket.</summary>
    public static Socket OpenUdpLite6()
    {
        int fd = CreateSocket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDPLITE);
        if (fd < 0)
            throw new InvalidOperationException($"socket(AF_INET6, SOCK_DGRAM, IPPROTO_UDPLITE) failed with errno {Marshal.GetLastPInvokeError()}");
        return new Socket(new SafeSocketHandle(fd, ownsHandle: true));
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int CreateSocket(int domain, int type, int protocol);
}
