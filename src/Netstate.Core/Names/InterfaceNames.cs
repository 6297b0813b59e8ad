using System.Globalization;
using Netstate.Core.Platform;

namespace Netstate.Core.Names;

/// <summary>Interface index to name (in the current network namespace), cached per run.</summary>
internal sealed class InterfaceNames(ISystemNames system)
{
    private readonly Dictionary<uint, string> _cache = [];

    /// <summary>The running system's interface names.</summary>
    public InterfaceNames()
        : this(Platforms.SystemNames)
    {
    }

    /// <summary>The interface's name, or "if" and the number when it no longer exists (as iproute2 writes it).</summary>
    public string NameOf(uint index)
    {
        if (!_cache.TryGetValue(index, out string? name))
        {
            name = system.InterfaceName(index) ?? "if" + index.ToString(CultureInfo.InvariantCulture);
            _cache[index] = name;
        }
        return name;
    }
}
