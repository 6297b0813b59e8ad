using System.Globalization;
using System.Text;
using Netstate.Core.Interop;

namespace Netstate.Core.Names;

/// <summary>uid to login name through the system's user database (getpwuid_r), cached per run.</summary>
public sealed class UserNames
{
    private readonly Dictionary<uint, string?> _cache = [];

    /// <summary>The login name, or null when the uid has none.</summary>
    public string? NameOf(uint uid)
    {
        if (!_cache.TryGetValue(uid, out string? name))
        {
            name = LookUp(uid);
            _cache[uid] = name;
        }
        return name;
    }

    /// <summary>The login name, else the number.</summary>
    public string NameOrNumber(uint uid) => NameOf(uid) ?? uid.ToString(CultureInfo.InvariantCulture);

    private static unsafe string? LookUp(uint uid)
    {
        const int ERANGE = 34;
        for (int size = 1024; size <= 1 << 20; size *= 4)
        {
            byte[] buffer = new byte[size];
            Libc.Passwd entry;
            Libc.Passwd* result;
            int error;
            fixed (byte* bytes = buffer)
            {
                error = Libc.GetPasswordEntryByUid(uid, &entry, bytes, (nuint)size, &result);
                if (error == 0)
                    return result == null ? null : Encoding.UTF8.GetString(System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpanFromNullTerminated(result->pw_name));
            }
            if (error != ERANGE)
                return null;
        }
        return null;
    }
}
