using Netstate.Core.Model;

namespace Netstate.Core.Platform.Windows;

/// <summary>
/// Windows sockets have no inode. A row's key stands in for it: a 64-bit FNV-1a hash of its table and
/// both endpoints, so the owner read and the socket read (two calls) agree on which row is which.
/// Rows with the same endpoints (UDP sockets sharing a port) take the following keys (<see cref="Next"/>), in table order.
/// </summary>
internal static class RowKey
{
    private const ulong Offset = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    public static ulong Of(SocketTables table, Endpoint local, Endpoint remote)
    {
        Span<byte> bytes = stackalloc byte[2 + 16 + 2 + 16 + 2];
        bytes[0] = (byte)table;
        bytes[1] = (byte)((int)table >> 8);
        int length = 2;
        length += local.Address.WriteBytes(bytes[length..]);
        bytes[length++] = (byte)(local.Port >> 8);
        bytes[length++] = (byte)local.Port;
        length += remote.Address.WriteBytes(bytes[length..]);
        bytes[length++] = (byte)(remote.Port >> 8);
        bytes[length++] = (byte)remote.Port;
        ulong hash = Offset;
        foreach (byte b in bytes[..length])
            hash = (hash ^ b) * Prime;
        // 0 means "no file" to the renderers and owner maps.
        return hash == 0 ? 1 : hash;
    }

    /// <summary>
    /// The key of the next row of a table read in order: <see cref="Of"/>, or, when an earlier row of the
    /// same read took that key (the same endpoints), the first of its <see cref="Next"/> keys not yet in
    /// <paramref name="taken"/>. Every read of the same table in the same order gives each row the same key.
    /// </summary>
    public static ulong Claim(HashSet<ulong> taken, SocketTables table, Endpoint local, Endpoint remote)
    {
        ulong key = Of(table, local, remote);
        while (!taken.Add(key))
            key = Next(key);
        return key;
    }

    /// <summary>The key after <paramref name="key"/> for a row whose endpoints repeat an earlier row's.</summary>
    public static ulong Next(ulong key)
    {
        ulong next = (key ^ 0xFF) * Prime;
        return next == 0 ? 1 : next;
    }
}
