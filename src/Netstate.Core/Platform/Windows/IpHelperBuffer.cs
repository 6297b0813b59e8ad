using System.ComponentModel;
using static Netstate.Core.Platform.Windows.Interop.IpHelper;

namespace Netstate.Core.Platform.Windows;

/// <summary>
/// The size-then-fill protocol of IP Helper's table calls, done so that a table that grows between
/// the two calls is read whole: ERROR_INSUFFICIENT_BUFFER on the second call means ask again with
/// the new size (plus room for more rows), up to a few times.
/// </summary>
internal static unsafe class IpHelperBuffer
{
    /// <summary>One call: fill <c>buffer</c> (null to ask the size) of <c>size</c> bytes; returns a Win32 error code.</summary>
    internal delegate uint TableCall(byte* buffer, ref uint size);

    /// <summary>How many times a growing table is asked for before giving up.</summary>
    internal const int MaxAttempts = 8;

    /// <summary>The table's bytes. Throws <see cref="Win32Exception"/> for any error but a too-small buffer, or when the table keeps outgrowing the buffer.</summary>
    public static byte[] Read(TableCall call, string what)
    {
        ArgumentNullException.ThrowIfNull(call);
        byte[] buffer = [];
        uint size = 0;
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            uint result;
            fixed (byte* start = buffer)
            {
                size = (uint)buffer.Length;
                result = call(buffer.Length == 0 ? null : start, ref size);
            }
            if (result == NO_ERROR)
                return buffer.Length == 0 ? new byte[sizeof(uint)] : buffer;
            if (result != ERROR_INSUFFICIENT_BUFFER)
                throw new Win32Exception((int)result, $"{what}: {new Win32Exception((int)result).Message} (error {result})");
            // Room for rows added before the next call; never smaller than what was already tried.
            uint wanted = Math.Max(size, (uint)buffer.Length + 1);
            buffer = new byte[checked(wanted + (wanted / 8) + 256)];
        }
        throw new Win32Exception((int)ERROR_INSUFFICIENT_BUFFER, $"{what}: the table kept growing faster than it could be read ({MaxAttempts} attempts)");
    }
}
