using System.Buffers.Binary;

namespace Netstate.Core.Tests;

/// <summary>What the kernel knows of a socket when it runs a filter program (struct inet_diag_entry).</summary>
internal sealed record KernelSocket(byte Family, byte[] Source, byte[] Destination, ushort SourcePort, ushort DestinationPort,
    uint Interface, uint Mark, ulong CgroupId);

/// <summary>
/// The kernel's two halves of inet_diag bytecode, restated from net/ipv4/inet_diag.c for the tests:
/// the verifier that refuses a program before any socket is seen, and the interpreter run per socket.
/// The builder is tested against these rules rather than against itself.
/// </summary>
internal static class KernelBytecodeModel
{
    private const byte AF_UNSPEC = 0, AF_INET = 2, AF_INET6 = 10;

    /// <summary>inet_diag_bc_audit: null when the kernel accepts the program, else why it refuses (EINVAL, or EPERM for a mark without CAP_NET_ADMIN).</summary>
    public static string? Audit(byte[] program, bool netAdmin = true)
    {
        if (program.Length < 4)
            return "EINVAL: shorter than one op";
        int offset = 0, remaining = program.Length;
        while (remaining > 0)
        {
            byte code = program[offset];
            int yes = program[offset + 1];
            int no = BinaryPrimitives.ReadUInt16LittleEndian(program.AsSpan(offset + 2));
            int minimum = 4;
            switch (code)
            {
                case 7 or 8: // S_COND, D_COND: the host condition and its address must fit, the prefix within the address
                    minimum += 8;
                    if (remaining < minimum)
                        return "EINVAL: host condition cut short";
                    byte family = program[offset + 4];
                    int addressLength = family switch { AF_UNSPEC => 0, AF_INET => 4, AF_INET6 => 16, _ => -1 };
                    if (addressLength < 0)
                        return $"EINVAL: host condition family {family}";
                    minimum += addressLength;
                    if (remaining < minimum)
                        return "EINVAL: host condition address cut short";
                    if (program[offset + 5] > 8 * addressLength)
                        return "EINVAL: prefix longer than the address";
                    break;
                case 9: // DEV_COND: u32 ifindex
                    minimum += 4;
                    if (remaining < minimum)
                        return "EINVAL: device condition cut short";
                    break;
                case 2 or 3 or 4 or 5 or 11 or 12: // port comparisons: a second op carries the port
                    minimum += 4;
                    if (remaining < minimum)
                        return "EINVAL: port comparison cut short";
                    break;
                case 10: // MARK_COND
                    if (!netAdmin)
                        return "EPERM: a mark condition needs CAP_NET_ADMIN";
                    minimum += 8;
                    if (remaining < minimum)
                        return "EINVAL: mark condition cut short";
                    break;
                case 13: // CGROUP_COND
                    minimum += 8;
                    if (remaining < minimum)
                        return "EINVAL: cgroup condition cut short";
                    break;
                case 0 or 1 or 6: // NOP, JMP, AUTO
                    break;
                default:
                    return $"EINVAL: unknown op {code}";
            }
            if (code != 0)
            {
                if (no < minimum || no > remaining + 4 || (no & 3) != 0)
                    return $"EINVAL: 'no' {no} at offset {offset}";
                if (no < remaining && !OnYesChain(program, remaining - no))
                    return $"EINVAL: 'no' {no} at offset {offset} lands inside an op";
            }
            if (yes < minimum || yes > remaining + 4 || (yes & 3) != 0)
                return $"EINVAL: 'yes' {yes} at offset {offset}";
            offset += yes;
            remaining -= yes;
        }
        return remaining == 0 ? null : "EINVAL: the last op runs past the end";
    }

    /// <summary>valid_cc: following 'yes' from the start reaches the op that leaves <paramref name="target"/> bytes.</summary>
    private static bool OnYesChain(byte[] program, int target)
    {
        int offset = 0, remaining = program.Length;
        while (remaining >= 0)
        {
            if (target > remaining)
                return false;
            if (target == remaining)
                return true;
            int yes = program[offset + 1];
            if (yes < 4 || (yes & 3) != 0)
                return false;
            remaining -= yes;
            offset += yes;
        }
        return false;
    }

    /// <summary>inet_diag_bc_run: whether the socket passes (the run ends exactly at the end).</summary>
    public static bool Run(byte[] program, KernelSocket socket)
    {
        int offset = 0, remaining = program.Length;
        while (remaining > 0)
        {
            byte code = program[offset];
            bool yes = true;
            ushort PortOperand() => BinaryPrimitives.ReadUInt16LittleEndian(program.AsSpan(offset + 6));
            switch (code)
            {
                case 1: yes = false; break;
                case 2: yes = socket.SourcePort >= PortOperand(); break;
                case 3: yes = socket.SourcePort <= PortOperand(); break;
                case 4: yes = socket.DestinationPort >= PortOperand(); break;
                case 5: yes = socket.DestinationPort <= PortOperand(); break;
                case 11: yes = socket.SourcePort == PortOperand(); break;
                case 12: yes = socket.DestinationPort == PortOperand(); break;
                case 7 or 8: yes = Host(program.AsSpan(offset + 4), socket, code == 7); break;
                case 9: yes = socket.Interface == BinaryPrimitives.ReadUInt32LittleEndian(program.AsSpan(offset + 4)); break;
                case 10:
                    yes = (socket.Mark & BinaryPrimitives.ReadUInt32LittleEndian(program.AsSpan(offset + 8)))
                        == BinaryPrimitives.ReadUInt32LittleEndian(program.AsSpan(offset + 4));
                    break;
                case 13: yes = socket.CgroupId == BinaryPrimitives.ReadUInt64LittleEndian(program.AsSpan(offset + 4)); break;
            }
            int step = yes ? program[offset + 1] : BinaryPrimitives.ReadUInt16LittleEndian(program.AsSpan(offset + 2));
            offset += step;
            remaining -= step;
        }
        return remaining == 0;
    }

    private static bool Host(ReadOnlySpan<byte> condition, KernelSocket socket, bool source)
    {
        byte family = condition[0];
        int prefix = condition[1];
        int port = BinaryPrimitives.ReadInt32LittleEndian(condition[4..]);
        if (port != -1 && port != (source ? socket.SourcePort : socket.DestinationPort))
            return false;
        byte[] address = source ? socket.Source : socket.Destination;
        if (family != AF_UNSPEC && family != socket.Family)
        {
            // An IPv4 condition still matches the IPv4 address inside a v4-mapped IPv6 one.
            return socket.Family == AF_INET6 && family == AF_INET && IsV4Mapped(address)
                && PrefixMatches(address.AsSpan(12), condition[8..], prefix);
        }
        return prefix == 0 || PrefixMatches(address, condition[8..], prefix);
    }

    private static bool IsV4Mapped(byte[] address) =>
        address.AsSpan(0, 10).IndexOfAnyExcept((byte)0) < 0 && address[10] == 0xff && address[11] == 0xff;

    private static bool PrefixMatches(ReadOnlySpan<byte> address, ReadOnlySpan<byte> pattern, int bits)
    {
        for (int i = 0; bits > 0; i++, bits -= 8)
        {
            int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if (((address[i] ^ pattern[i]) & mask) != 0)
                return false;
        }
        return true;
    }
}
