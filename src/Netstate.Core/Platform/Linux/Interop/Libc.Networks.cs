using System.Runtime.InteropServices;

namespace Netstate.Core.Platform.Linux.Interop;

internal static unsafe partial class Libc
{
    /// <summary>
    /// getnetbyaddr(3): the networks database (/etc/networks through nsswitch) entry for a network
    /// number in host order, or null. Returns static storage: not thread-safe.
    /// </summary>
    [LibraryImport(LibraryName, EntryPoint = "getnetbyaddr")]
    internal static partial NetEntry* GetNetworkByAddress(uint network, int type);

    /// <summary>struct netent from netdb.h; only n_name is read.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct NetEntry
    {
        public byte* n_name;
        public byte** n_aliases;
        public int n_addrtype;
        public uint n_net;
    }
}
