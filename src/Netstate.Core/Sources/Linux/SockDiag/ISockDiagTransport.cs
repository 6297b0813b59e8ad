namespace Netstate.Core.Sources.Linux.SockDiag;

/// <summary>Hands each received chunk of a dump to the parser; returns true once the dump is complete.</summary>
internal delegate bool ChunkHandler(ReadOnlySpan<byte> chunk);

/// <summary>Where sock_diag replies come from: the kernel over netlink, or a recorded dump.</summary>
internal interface ISockDiagTransport : IDisposable
{
    /// <summary>Sends one dump request and feeds the replies to <paramref name="handler"/> until it reports completion.</summary>
    /// <exception cref="SockDiagException">The socket could not be opened, or sending or receiving failed.</exception>
    void Dump(Model.SocketTables table, ReadOnlySpan<byte> request, ChunkHandler handler);
}
