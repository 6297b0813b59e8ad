using System.Reflection;
using System.Runtime.InteropServices;
using Netstate.Core.Platform;

namespace Netstate.Cli.Recording;

/// <summary>
/// The system's SQLite (Debian's libsqlite3-0), loaded only when record or history runs, so every
/// other command works on a machine without it. SQLitePCLRaw's provider asks for "sqlite3"; the
/// resolver answers with the runtime library's soname, which needs no -dev package.
/// </summary>
internal static class SqliteLibrary
{
    private static readonly string[] Names = ["libsqlite3.so.0", "libsqlite3.so"];
    private static bool _ready;
    private static nint _handle;

    /// <summary>Loads the library and starts SQLitePCLRaw on it; a missing library is one clear error.</summary>
    public static void Load()
    {
        if (_ready)
            return;
        foreach (string name in Names)
        {
            if (NativeLibrary.TryLoad(name, out _handle))
                break;
        }
        if (_handle == 0)
        {
            throw new PlatformUnavailableException("the SQLite library (libsqlite3.so.0) is not installed; record and history store their data with it",
                "install it: apt-get install libsqlite3-0 (dnf install sqlite-libs)");
        }
        NativeLibrary.SetDllImportResolver(typeof(SQLitePCL.SQLite3Provider_sqlite3).Assembly, Resolve);
        SQLitePCL.raw.SetProvider(new SQLitePCL.SQLite3Provider_sqlite3());
        _ready = true;
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? path) =>
        name is "sqlite3" or "libsqlite3" ? _handle : 0;
}
