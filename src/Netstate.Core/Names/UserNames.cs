using System.Globalization;
using Netstate.Core.Platform;

namespace Netstate.Core.Names;

/// <summary>uid to login name through the system's user database, cached per run.</summary>
internal sealed class UserNames(ISystemNames system)
{
    private readonly Dictionary<uint, string?> _cache = [];

    /// <summary>The running system's user names.</summary>
    public UserNames()
        : this(Platforms.SystemNames)
    {
    }

    /// <summary>The login name, or null when the uid has none.</summary>
    public string? NameOf(uint uid)
    {
        if (!_cache.TryGetValue(uid, out string? name))
        {
            name = system.UserName(uid);
            _cache[uid] = name;
        }
        return name;
    }

    /// <summary>The login name, else the number.</summary>
    public string NameOrNumber(uint uid) => NameOf(uid) ?? uid.ToString(CultureInfo.InvariantCulture);
}
