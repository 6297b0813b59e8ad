using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Netstate.Core.Model;
using Netstate.Core.Platform.Linux.Interop;
using Netstate.Lab.Interop;

namespace Netstate.Lab;

/// <summary>
/// An IPv4 TCP socket on loopback, non-blocking, driven one system call at a time. Nothing here ever
/// blocks, so a lab interrupted by Ctrl+C is never stuck inside connect() or accept().
/// </summary>
internal sealed unsafe class LabSocket : IDisposable
{
    private readonly FileDescriptorHandle _handle;

    private LabSocket(FileDescriptorHandle handle) => _handle = handle;

    public static InetAddress Loopback => InetAddress.FromV4([127, 0, 0, 1]);

    /// <summary>The local address; known after bind(), or after connect() has picked an ephemeral port.</summary>
    public Endpoint Local { get; private set; }

    public Endpoint Remote { get; private set; }

    public bool IsClosed => _handle.IsClosed;

    public SafeHandle Handle => _handle;

    public static LabSocket Open()
    {
        int descriptor = Libc.Socket(Libc.AF_INET, Libc.SOCK_STREAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
        if (descriptor < 0)
            throw Failed("socket()");
        return new LabSocket(FileDescriptorHandle.FromDescriptor(descriptor));
    }

    public void Bind(Endpoint local)
    {
        LabCalls.SockAddrIn address = ToSockAddr(local);
        if (LabCalls.Bind(_handle, &address, (uint)sizeof(LabCalls.SockAddrIn)) != 0)
            throw Failed($"bind({local.Address}:{local.Port})");
        Local = ReadLocal();
    }

    public void Listen(int backlog)
    {
        if (LabCalls.Listen(_handle, backlog) != 0)
            throw Failed("listen()");
    }

    /// <summary>
    /// Starts a connect: returns 0 when the handshake is under way or done, else the errno the kernel
    /// answered at once (ECONNREFUSED when a RST came back over loopback before connect() returned).
    /// </summary>
    public int Connect(Endpoint remote)
    {
        LabCalls.SockAddrIn address = ToSockAddr(remote);
        Remote = remote;
        int result;
        do
        {
            result = LabCalls.Connect(_handle, &address, (uint)sizeof(LabCalls.SockAddrIn));
        }
        while (result != 0 && Marshal.GetLastPInvokeError() == Errno.EINTR);
        int errno = result == 0 ? 0 : Marshal.GetLastPInvokeError();
        Local = ReadLocal();
        return errno == Errno.EINPROGRESS ? 0 : errno;
    }

    /// <summary>The next connection of the accept queue, or null when the queue is empty.</summary>
    public LabSocket? TryAccept()
    {
        LabCalls.SockAddrIn peer;
        uint length = (uint)sizeof(LabCalls.SockAddrIn);
        int descriptor = LabCalls.Accept(_handle, &peer, &length, Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC);
        if (descriptor < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno is Errno.EAGAIN or Errno.EINTR)
                return null;
            throw Failed("accept()", errno);
        }
        var accepted = new LabSocket(FileDescriptorHandle.FromDescriptor(descriptor)) { Remote = FromSockAddr(peer) };
        accepted.Local = accepted.ReadLocal();
        return accepted;
    }

    /// <summary>shutdown(SHUT_WR): sends FIN but keeps the socket (and its receive side) open.</summary>
    public void ShutdownSend()
    {
        if (LabCalls.Shutdown(_handle, LabCalls.SHUT_WR) != 0)
            throw Failed("shutdown()");
    }

    /// <summary>send(); returns the errno on failure (ECONNRESET, EPIPE) instead of throwing.</summary>
    public int Send(ReadOnlySpan<byte> data)
    {
        fixed (byte* bytes = data)
        {
            nint sent = LabCalls.Send(_handle, bytes, (nuint)data.Length, LabCalls.MSG_NOSIGNAL);
            return sent < 0 ? Marshal.GetLastPInvokeError() : 0;
        }
    }

    /// <summary>SO_ERROR: the error a failed non-blocking connect left (ETIMEDOUT, ECONNREFUSED), or 0.</summary>
    public int PendingError()
    {
        int value = 0;
        uint length = sizeof(int);
        return LabCalls.GetSocketOption(_handle, LabCalls.SOL_SOCKET, LabCalls.SO_ERROR, &value, &length) == 0 ? value : Marshal.GetLastPInvokeError();
    }

    /// <summary>close(): drops this process's reference; the kernel sends FIN once no process holds the socket.</summary>
    public void Close() => _handle.Dispose();

    public void Dispose() => _handle.Dispose();

    private Endpoint ReadLocal()
    {
        LabCalls.SockAddrIn address;
        uint length = (uint)sizeof(LabCalls.SockAddrIn);
        return LabCalls.GetSocketName(_handle, &address, &length) == 0 ? FromSockAddr(address) : default;
    }

    private static LabCalls.SockAddrIn ToSockAddr(Endpoint endpoint)
    {
        Span<byte> bytes = stackalloc byte[16];
        endpoint.Address.WriteBytes(bytes);
        return new LabCalls.SockAddrIn
        {
            sin_family = Libc.AF_INET,
            sin_port = BinaryPrimitives.ReverseEndianness(endpoint.Port),
            sin_addr = BinaryPrimitives.ReadUInt32LittleEndian(bytes),
        };
    }

    private static Endpoint FromSockAddr(LabCalls.SockAddrIn address)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, address.sin_addr);
        return new Endpoint(InetAddress.FromV4(bytes), BinaryPrimitives.ReverseEndianness(address.sin_port));
    }

    private static LabException Failed(string call, int errno = -1)
    {
        if (errno < 0)
            errno = Marshal.GetLastPInvokeError();
        return new LabException($"{call} failed in the lab's namespace: {Marshal.GetPInvokeErrorMessage(errno)}");
    }
}
