using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Netstate.Core.Model;
using Netstate.Core.Names;
using Netstate.Core.Platform.Linux.Interop;
using Netstate.Core.Platform.Linux.IO;

namespace Netstate.Core.Platform.Linux.Names;

/// <summary>
/// The C library's name databases: getpwuid_r/getpwnam_r, if_indextoname, getnetbyaddr,
/// getnameinfo (/etc/hosts, then DNS), and the files /etc/services and /etc/protocols.
/// </summary>
internal sealed class LibcSystemNames : ISystemNames
{
    public const string ServicesPath = "/etc/services";
    public const string ProtocolsPath = "/etc/protocols";

    public static readonly LibcSystemNames Instance = new();

    /// <summary>getnetbyaddr returns static storage: one caller at a time.</summary>
    private static readonly Lock s_networkLock = new();

    private LibcSystemNames()
    {
    }

    public unsafe string? UserName(uint uid)
    {
        string? name = null;
        QueryPasswords((entry, bytes, size, result) => Libc.GetPasswordEntryByUid(uid, entry, bytes, size, result),
            found => name = Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(found->pw_name)));
        return name;
    }

    public unsafe uint? UserId(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        byte[] nameBytes = Encoding.UTF8.GetBytes(name + "\0");
        uint? uid = null;
        fixed (byte* namePointer = nameBytes)
        {
            byte* pointer = namePointer;
            QueryPasswords((entry, bytes, size, result) => Libc.GetPasswordEntryByName(pointer, entry, bytes, size, result),
                found => uid = found->pw_uid);
        }
        return uid;
    }

    public unsafe string? InterfaceName(uint index)
    {
        byte* buffer = stackalloc byte[16 + 1];
        byte* result = Libc.InterfaceIndexToName(index, buffer);
        return result == null ? null : Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(result));
    }

    public unsafe string? NetworkName(InetAddress network)
    {
        if (network.IsV6)
            return null;
        Span<byte> bytes = stackalloc byte[4];
        network.WriteBytes(bytes);
        uint hostOrder = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        lock (s_networkLock)
        {
            Libc.NetEntry* entry = Libc.GetNetworkByAddress(hostOrder, Libc.AF_INET);
            return entry is null || entry->n_name is null ? null : Marshal.PtrToStringUTF8((nint)entry->n_name);
        }
    }

    public unsafe string? HostName(InetAddress address)
    {
        // struct sockaddr_in (16 bytes) or sockaddr_in6 (28 bytes), port 0.
        byte* socketAddress = stackalloc byte[28];
        new Span<byte>(socketAddress, 28).Clear();
        uint length;
        if (address.IsV6)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(new Span<byte>(socketAddress, 2), (ushort)Libc.AF_INET6);
            address.WriteBytes(new Span<byte>(socketAddress + 8, 16));
            length = 28;
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(new Span<byte>(socketAddress, 2), (ushort)Libc.AF_INET);
            address.WriteBytes(new Span<byte>(socketAddress + 4, 4));
            length = 16;
        }
        const int HostLength = 1025;
        byte* host = stackalloc byte[HostLength];
        if (Libc.GetNameInfo(socketAddress, length, host, HostLength, null, 0, Libc.NI_NAMEREQD) != 0)
            return null;
        var name = new ReadOnlySpan<byte>(host, HostLength);
        return Encoding.UTF8.GetString(name[..name.IndexOf((byte)0)]);
    }

    public (string? Services, string? Protocols) ReadServiceFiles(string? servicesPath, string? protocolsPath) =>
        (TryRead(servicesPath ?? ServicesPath), TryRead(protocolsPath ?? ProtocolsPath));

    private static string? TryRead(string path)
    {
        try
        {
            return BoundedFile.ReadAllText(path, BoundedFile.TableLimit);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private unsafe delegate int PasswordCall(Libc.Passwd* entry, byte* buffer, nuint size, Libc.Passwd** result);

    private unsafe delegate void PasswordFound(Libc.Passwd* entry);

    /// <summary>Runs a getpw*_r call with a buffer that grows on ERANGE; calls <paramref name="found"/> on a hit.</summary>
    private static unsafe void QueryPasswords(PasswordCall call, PasswordFound found)
    {
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
            if (error != Errno.ERANGE)
                return;
        }
    }
}
