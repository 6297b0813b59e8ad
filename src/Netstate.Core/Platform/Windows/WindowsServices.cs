using System.Buffers.Binary;
using System.ComponentModel;
using System.Runtime.InteropServices;
using Netstate.Core.Platform.Windows.Interop;
using static Netstate.Core.Platform.Windows.Interop.Advapi32;

namespace Netstate.Core.Platform.Windows;

/// <summary>
/// Which running services each process hosts (what <c>tasklist /svc</c> shows, and the service line
/// of <c>netstat -b</c>), from the service control manager's list. Any user may read that list, so
/// this needs no elevation. Read once per run, and only when a renderer asks for a service name.
/// </summary>
internal static unsafe class WindowsServices
{
    /// <summary>
    /// One EnumServicesStatusExW call (SC_ENUM_PROCESS_INFO, SERVICE_WIN32, SERVICE_ACTIVE) into
    /// <paramref name="buffer"/>; returns 0 for success, else the Win32 error (ERROR_MORE_DATA: call again).
    /// </summary>
    internal delegate int EnumCall(byte* buffer, uint size, out uint bytesNeeded, out uint returned, ref uint resumeHandle);

    /// <summary>How many calls one listing may take before netstate stops believing the list will end.</summary>
    internal const int MaxCalls = 64;

    /// <summary>The running system's services by process id; empty (and <paramref name="problem"/> set) when the list cannot be read.</summary>
    public static IReadOnlyDictionary<uint, string[]> ReadRunning(out string? problem)
    {
        problem = null;
        nint manager = OpenSCManager(null, null, SC_MANAGER_ENUMERATE_SERVICE);
        if (manager == 0)
        {
            problem = $"the service list could not be opened: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}";
            return new Dictionary<uint, string[]>();
        }
        try
        {
            return Read((byte* buffer, uint size, out uint needed, out uint returned, ref uint resume) =>
                EnumServicesStatusEx(manager, SC_ENUM_PROCESS_INFO, SERVICE_WIN32, SERVICE_ACTIVE, buffer, size, out needed, out returned, ref resume, null) != 0
                    ? 0
                    : Marshal.GetLastPInvokeError());
        }
        catch (Exception e) when (e is Win32Exception or InvalidDataException)
        {
            problem = e.Message;
            return new Dictionary<uint, string[]>();
        }
        finally
        {
            _ = CloseServiceHandle(manager);
        }
    }

    /// <summary>
    /// Every service <paramref name="call"/> lists, by process id, names in ordinal order. ERROR_MORE_DATA
    /// still fills the buffer with the entries that fit: they are read, then the call goes on from the
    /// resume handle it set, with a buffer grown to the size it said the rest needs (the list may
    /// change between calls: the handle, not a count, says where to go on). Throws
    /// <see cref="Win32Exception"/> for any other error, or when the list does not end in <see cref="MaxCalls"/> calls,
    /// and <see cref="InvalidDataException"/> for entries that do not fit the buffer.
    /// </summary>
    public static IReadOnlyDictionary<uint, string[]> Read(EnumCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var byPid = new Dictionary<uint, SortedSet<string>>();
        // Asking with an empty buffer first would only learn a size; start with one that holds a typical machine's list.
        byte[] buffer = new byte[64 * 1024];
        uint resume = 0;
        for (int calls = 0; calls < MaxCalls; calls++)
        {
            int error;
            uint needed, returned;
            fixed (byte* start = buffer)
            {
                error = call(start, (uint)buffer.Length, out needed, out returned, ref resume);
                if (error is 0 or ERROR_MORE_DATA)
                    Parse(new ReadOnlySpan<byte>(start, buffer.Length), (nuint)start, returned, byPid);
            }
            if (error == 0)
                return byPid.ToDictionary(p => p.Key, p => p.Value.ToArray());
            if (error != ERROR_MORE_DATA)
                throw new Win32Exception(error, $"EnumServicesStatusEx: {new Win32Exception(error).Message} (error {error})");
            if (needed > buffer.Length)
                buffer = new byte[Math.Min(needed, (uint)MaxEnumBuffer)];
        }
        throw new Win32Exception(ERROR_MORE_DATA, $"EnumServicesStatusEx: the service list did not end after {MaxCalls} calls");
    }

    /// <summary>
    /// Reads <paramref name="count"/> ENUM_SERVICE_STATUS_PROCESSW entries from the start of <paramref name="buffer"/>,
    /// which lies at address <paramref name="address"/> (the name pointers point into it). A count or
    /// pointer outside the buffer is an <see cref="InvalidDataException"/>, never a read elsewhere; a service without a process (PID 0) is left out.
    /// </summary>
    internal static void Parse(ReadOnlySpan<byte> buffer, nuint address, uint count, Dictionary<uint, SortedSet<string>> byPid)
    {
        int size = sizeof(EnumServiceStatusProcess);
        if ((ulong)count * (ulong)size > (ulong)buffer.Length)
            throw new InvalidDataException($"EnumServicesStatusEx: {count} services do not fit in {buffer.Length} bytes");
        for (int i = 0; i < (int)count; i++)
        {
            EnumServiceStatusProcess entry = MemoryMarshal.Read<EnumServiceStatusProcess>(buffer[(i * size)..]);
            if (entry.dwProcessId == 0)
                continue;
            string name = StringAt(buffer, address, (nuint)entry.lpServiceName);
            if (name.Length == 0)
                continue;
            if (!byPid.TryGetValue(entry.dwProcessId, out SortedSet<string>? names))
                byPid[entry.dwProcessId] = names = new SortedSet<string>(StringComparer.Ordinal);
            names.Add(name);
        }
    }

    /// <summary>The NUL-terminated UTF-16 string at <paramref name="pointer"/>, which must lie inside the buffer.</summary>
    private static string StringAt(ReadOnlySpan<byte> buffer, nuint address, nuint pointer)
    {
        if (pointer < address || pointer - address >= (nuint)buffer.Length)
            throw new InvalidDataException("EnumServicesStatusEx: a service name points outside the buffer");
        ReadOnlySpan<byte> rest = buffer[(int)(pointer - address)..];
        var text = new System.Text.StringBuilder();
        for (int at = 0; at + 1 < rest.Length; at += 2)
        {
            char c = (char)BinaryPrimitives.ReadUInt16LittleEndian(rest[at..]);
            if (c == '\0')
                return text.ToString();
            text.Append(c);
        }
        throw new InvalidDataException("EnumServicesStatusEx: a service name runs past the end of the buffer");
    }
}
