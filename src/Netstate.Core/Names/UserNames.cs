using System.Globalization;
using System.Text;
using Netstate.Core.Interop;

namespace Netstate.Core.Names;

/// <summary>uid to login name through the system's user database (getpwuid_r), cached per run.</summary>
internal sealed class UserNames
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

    /// <summary>The uid of a login name, or null when there is no such user.</summary>
    public static unsafe uint? IdOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        byte[] nameBytes = Encoding.UTF8.GetBytes(name + "\0");
        uint? uid = null;
        fixed (byte* namePointer = nameBytes)
        {
            byte* pointer = namePointer;
            Query((entry, bytes, size, result) => Libc.GetPasswordEntryByName(pointer, entry, bytes, size, result),
                found => uid = found->pw_uid);
        }
        return uid;
    }

    private static unsafe string? LookUp(uint uid)
    {
        string? name = null;
        Query((entry, bytes, size, result) => Libc.GetPasswordEntryByUid(uid, entry, bytes, size, result),
            found => name = Encoding.UTF8.GetString(System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpanFromNullTerminated(found->pw_name)));
        return name;
    }

    private unsafe delegate int PasswordCall(Libc.Passwd* entry, byte* buffer, nuint size, Libc.Passwd** result);

    private unsafe delegate void PasswordFound(Libc.Passwd* entry);

    /// <summary>Runs a getpw*_r call with a buffer that grows on ERANGE; calls <paramref name="found"/> on a hit.</summary>
    private static unsafe void Query(PasswordCall call, PasswordFound found)
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
                error = call(&entry, bytes, (nuint)size, &result);
                if (error == 0)
                {
                    if (result != null)
                        found(result);
                    return;
                }
            }
            if (error != ERANGE)
                return;
        }
    }
}
