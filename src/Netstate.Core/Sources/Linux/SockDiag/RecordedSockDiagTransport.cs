using Netstate.Core.Model;

namespace Netstate.Core.Sources.Linux.SockDiag;

/// <summary>
/// Replays dumps recorded as files (<c>DIR/tcp4.nl</c> ... holding the raw reply bytes), so the
/// parser and the source can be tested on captures from other kernels. A missing file acts like
/// a kernel without that diag handler.
/// </summary>
internal sealed class RecordedSockDiagTransport : ISockDiagTransport
{
    private readonly string _directory;

    public RecordedSockDiagTransport(string directory) => _directory = directory;

    public static string FileNameOf(SocketTables table) => SocketTableNames.Of(table) + ".nl";

    public void Dump(SocketTables table, ReadOnlySpan<byte> request, ChunkHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        string file = Path.Combine(_directory, FileNameOf(table));
        if (!File.Exists(file))
            throw new SockDiagException($"no recorded dump {file}", Interop.Netlink.ENOENT);
        if (!handler(File.ReadAllBytes(file)))
            throw new SockDiagException($"the recorded dump {file} ends before NLMSG_DONE (truncated)");
    }

    public void Dispose()
    {
    }
}
