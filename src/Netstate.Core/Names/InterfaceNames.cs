using System.Globalization;
using System.Runtime.InteropServices;
using Netstate.Core.Interop;

namespace Netstate.Core.Names;

/// <summary>Interface index to name (if_indextoname, so the current network namespace), cached per run.</summary>
internal sealed class InterfaceNames
{
    private readonly Dictionary<uint, string> _cache = [];

    /// <summary>The interface's name, or "if" and the number when it no longer exists (as iproute2 writes it).</summary>
    public unsafe string NameOf(uint index)
    {
        if (_cache.TryGetValue(index, out string? name))
            return name;
        byte* buffer = stackalloc byte[16 + 1];
        byte* result = Libc.InterfaceIndexToName(index, buffer);
        name = result == null
            ? "if" + index.ToString(CultureInfo.InvariantCulture)
            : System.Text.Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(result));
        _cache[index] = name;
        return name;
    }
}
