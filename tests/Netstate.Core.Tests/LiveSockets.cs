using System.Globalization;
using System.Net.Sockets;
using Netstate.Core.Platform.Linux.Owners;

namespace Netstate.Core.Tests;

/// <summary>Finds the kernel's view of sockets this test process opens.</summary>
internal static class LiveSockets
{
    public static int DescriptorOf(Socket socket) => checked((int)socket.SafeHandle.DangerousGetHandle());

    /// <summary>The socket inode, read the way netstat does: readlink /proc/self/fd/N gives "socket:[inode]".</summary>
    public static ulong InodeOf(Socket socket)
    {
        string link = LinkOf(DescriptorOf(socket));
        Assert.StartsWith("socket:[", link, StringComparison.Ordinal);
        ulong inode = DescriptorProbe.ParseSocketInode(System.Text.Encoding.ASCII.GetBytes(link));
        Assert.NotEqual(0UL, inode);
        Assert.Equal(link, $"socket:[{inode.ToString(CultureInfo.InvariantCulture)}]");
        return inode;
    }

    public static string LinkOf(int fd) =>
        new FileInfo("/proc/self/fd/" + fd.ToString(CultureInfo.InvariantCulture)).LinkTarget
        ?? throw new InvalidOperationException($"fd {fd} is not a link");
}
