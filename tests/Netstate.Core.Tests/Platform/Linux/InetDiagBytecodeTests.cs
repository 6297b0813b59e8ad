using System.Net;
using Netstate.Core.Model;
using Netstate.Core.Platform.Linux.SockDiag;
using Netstate.Core.Query;
using Netstate.Core.Tests.Query;

namespace Netstate.Core.Tests;

/// <summary>
/// The filter-to-bytecode compiler against the kernel's rules (<see cref="KernelBytecodeModel"/>):
/// every program it makes passes the verifier, and no socket the filter accepts is dropped by the
/// kernel's run of it; where the kernel can test the whole expression, it selects exactly the same.
/// </summary>
public sealed class InetDiagBytecodeTests
{
    private static readonly FakeFilterNames Names = new();

    private static SocketFilter Parse(string text) => SocketFilter.Parse(text, Names);

    [Fact]
    public void A_port_test_is_the_op_then_the_port_in_a_second_op()
    {
        byte[]? program = InetDiagBytecode.Compile(Parse("sport = :22").Root, SocketTables.Tcp4);

        // S_EQ, yes = 8 (next op), no = 12 (4 past the end: reject); then the port in the 'no' field.
        Assert.Equal(new byte[] { 11, 8, 12, 0, 0, 0, 22, 0 }, program);
    }

    [Fact]
    public void A_negated_test_jumps_over_a_reject()
    {
        byte[]? program = InetDiagBytecode.Compile(Parse("dport != :443").Root, SocketTables.Tcp6);

        // D_EQ: unequal goes to the end (accept, no = 12); equal steps to JMP, whose 'no' rejects.
        Assert.Equal(new byte[] { 12, 8, 12, 0, 0, 0, 0xBB, 0x01, 1, 4, 8, 0 }, program);
        Assert.Null(KernelBytecodeModel.Audit(program!));
    }

    [Fact]
    public void A_host_condition_carries_family_prefix_port_and_the_address_in_network_order()
    {
        byte[]? program = InetDiagBytecode.Compile(Parse("dst 10.1.0.0/16:80").Root, SocketTables.Tcp4);

        Assert.Equal(new byte[] { 8, 16, 20, 0, 2, 16, 0, 0, 80, 0, 0, 0, 10, 1, 0, 0 }, program);
    }

    [Theory]
    [InlineData("state established")]
    [InlineData("uid = 1000")]
    [InlineData("autobound")]
    [InlineData("src unix:/run/*")]
    [InlineData("sport = :22 or uid = 0")]
    [InlineData("proto tcp")]
    public void Nothing_is_sent_when_the_kernel_could_not_narrow_the_table(string filter) =>
        Assert.Null(InetDiagBytecode.Compile(Parse(filter).Root, SocketTables.Tcp4));

    [Fact]
    public void A_filter_that_rules_the_table_out_rejects_every_socket()
    {
        byte[]? program = InetDiagBytecode.Compile(Parse("proto udp").Root, SocketTables.Tcp4);

        Assert.Equal(new byte[] { 1, 4, 8, 0 }, program);
        Assert.Null(KernelBytecodeModel.Audit(program!));
        Assert.False(KernelBytecodeModel.Run(program!, Socket(Entry(Protocol.Tcp, "10.0.0.1:22", "10.0.0.9:5000", TcpState.Established))));
    }

    [Fact]
    public void The_model_refuses_what_the_kernel_refuses()
    {
        // Guards the model the other tests rely on: a jump into the middle of an op, an odd jump,
        // a prefix longer than the address, a jump past the reject point, a mark without CAP_NET_ADMIN.
        byte[] good = InetDiagBytecode.Compile(Parse("sport = :22 or dport = :22").Root, SocketTables.Tcp4)!;
        Assert.Null(KernelBytecodeModel.Audit(good));
        byte[] intoOperand = (byte[])good.Clone();
        intoOperand[2] = 4;
        Assert.NotNull(KernelBytecodeModel.Audit(intoOperand));
        byte[] odd = (byte[])good.Clone();
        odd[2] = 6;
        Assert.NotNull(KernelBytecodeModel.Audit(odd));
        byte[] pastReject = (byte[])good.Clone();
        pastReject[2] = (byte)(good.Length + 8);
        Assert.NotNull(KernelBytecodeModel.Audit(pastReject));
        Assert.NotNull(KernelBytecodeModel.Audit([7, 16, 16, 0, 2, 33, 0, 0, 255, 255, 255, 255, 10, 0, 0, 1]));
        byte[] mark = InetDiagBytecode.Compile(Parse("fwmark = 0x10").Root, SocketTables.Tcp4)!;
        Assert.Null(KernelBytecodeModel.Audit(mark));
        Assert.StartsWith("EPERM", KernelBytecodeModel.Audit(mark, netAdmin: false), StringComparison.Ordinal);
    }

    /// <summary>Predicates the kernel can test exactly, and ones it cannot (which become "accept").</summary>
    private static readonly string[] ExactAtoms =
    [
        "sport = :22", "sport != :80", "sport < :1024", "sport > :30000", "sport <= :22", "sport >= :443",
        "dport = :443", "dport != :22", "dport > :1023", "port = :53", "port != :22", "port < :100",
        "src 10.0.0.1", "src 10.0.0.0/8", "dst 10.0.0.9", "dst 93.184.216.0/24", "src [::1]", "dst [2001:db8::1]",
        "src 2001:db8::/32", "src 0.0.0.0/0", "addr 127.0.0.1", "dst *:443", "src :22", "src 10.0.0.1:22",
        "src inet:*", "dst inet6:*", "src inet:*:22", "src localhost", "dev = eth0", "dev = lo",
        "sport = *", "dport != *", "proto udp", "proto tcp", "family inet6", "family inet",
    ];

    private static readonly string[] ApproximateAtoms =
    [
        "fwmark = 0x1234", "fwmark = 0x0/0xff", "fwmark = 0x1/0x1", "cgroup = /system.slice",
        "state established", "state time-wait", "uid = 1000", "autobound", "inode > 100",
    ];

    [Fact]
    public void Every_program_passes_the_verifier_and_keeps_every_socket_the_filter_keeps()
    {
        var random = new Random(20261202);
        SocketEntry[] entries = Enumerable.Range(0, 400).Select(_ => RandomEntry(random)).ToArray();
        int exactChecked = 0, narrowed = 0;
        for (int round = 0; round < 1500; round++)
        {
            bool exactOnly = round % 2 == 0;
            string text = RandomExpression(random, exactOnly ? ExactAtoms : [.. ExactAtoms, .. ApproximateAtoms], depth: 3);
            SocketFilter filter = Parse(text);
            foreach (SocketTables table in (SocketTables[])[SocketTables.Tcp4, SocketTables.Tcp6, SocketTables.Udp4, SocketTables.Udp6])
            {
                byte[]? program = InetDiagBytecode.Compile(filter.Root, table);
                if (program is null)
                    continue;
                Assert.True(KernelBytecodeModel.Audit(program) is null, $"'{text}' on {table}: {KernelBytecodeModel.Audit(program)}");
                foreach (SocketEntry entry in entries.Where(e => InTable(e, table)))
                {
                    bool kernel = KernelBytecodeModel.Run(program, Socket(entry));
                    bool rows = filter.Matches(entry, null);
                    Assert.True(kernel || !rows, $"'{text}' on {table}: the kernel would drop {Describe(entry)}, which the filter keeps");
                    if (exactOnly)
                    {
                        Assert.True(kernel == rows, $"'{text}' on {table}: the kernel keeps {Describe(entry)}, which the filter drops");
                        exactChecked++;
                    }
                    if (!kernel)
                        narrowed++;
                }
            }
        }
        Assert.True(exactChecked > 10_000 && narrowed > 10_000, $"too few cases: {exactChecked} exact, {narrowed} narrowed");
    }

    private static string RandomExpression(Random random, string[] atoms, int depth)
    {
        int pick = depth == 0 ? 0 : random.Next(5);
        return pick switch
        {
            0 or 1 => atoms[random.Next(atoms.Length)],
            2 => $"( {RandomExpression(random, atoms, depth - 1)} and {RandomExpression(random, atoms, depth - 1)} )",
            3 => $"( {RandomExpression(random, atoms, depth - 1)} or {RandomExpression(random, atoms, depth - 1)} )",
            _ => $"not ( {RandomExpression(random, atoms, depth - 1)} )",
        };
    }

    private static readonly string[] V4 = ["10.0.0.1", "10.0.0.9", "10.200.0.3", "127.0.0.1", "93.184.216.34", "0.0.0.0"];
    private static readonly string[] V6 = ["::1", "2001:db8::1", "2001:db8:1::2", "::", "::ffff:10.0.0.1", "::ffff:127.0.0.1", "::ffff:93.184.216.34"];
    private static readonly ushort[] Ports = [0, 22, 53, 80, 100, 443, 1023, 1024, 30000, 40000, 50000];

    /// <summary>Marks the kernel tests on a TIME_WAIT or SYN_RECV socket, which no row shows.</summary>
    private static readonly Dictionary<SocketEntry, uint> HiddenMarks = new(ReferenceEqualityComparer.Instance);

    private static SocketEntry RandomEntry(Random random)
    {
        bool v6 = random.Next(2) == 0;
        string[] pool = v6 ? V6 : V4;
        string Address() => pool[random.Next(pool.Length)];
        TcpState state = (TcpState)random.Next(1, 13);
        bool full = state is not (TcpState.TimeWait or TcpState.SynRecv);
        uint[] marks = [0, 0x1234, 0x1, 0xff00];
        uint mark = marks[random.Next(marks.Length)];
        ulong[] cgroups = [1234, 77];
        SocketEntry entry = Entry(random.Next(3) == 0 ? Protocol.Udp : Protocol.Tcp,
            Endpoint(Address(), Ports[random.Next(Ports.Length)], v6), Endpoint(Address(), Ports[random.Next(Ports.Length)], v6), state,
            iface: (uint)random.Next(3), details: full ? new SocketDetails { Mark = mark, CgroupId = cgroups[random.Next(2)] } : null,
            uid: (uint)random.Next(2) * 1000, inode: (ulong)random.Next(200));
        if (!full)
            HiddenMarks[entry] = mark;
        return entry;
    }

    private static string Endpoint(string address, ushort port, bool v6) => v6 ? $"[{address}]:{port}" : $"{address}:{port}";

    private static SocketEntry Entry(Protocol protocol, string local, string remote, TcpState state, uint iface = 0,
        SocketDetails? details = null, uint uid = 0, ulong inode = 0)
    {
        IPEndPoint l = IPEndPoint.Parse(local), r = IPEndPoint.Parse(remote);
        return new SocketEntry
        {
            Protocol = protocol,
            Family = l.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? Family.Inet6 : Family.Inet,
            Local = new Netstate.Core.Model.Endpoint(InetAddress.FromIPAddress(l.Address), (ushort)l.Port),
            Remote = new Netstate.Core.Model.Endpoint(InetAddress.FromIPAddress(r.Address), (ushort)r.Port),
            RawState = (byte)state,
            Interface = iface,
            Details = details,
            Uid = uid,
            Inode = inode,
        };
    }

    private static bool InTable(SocketEntry entry, SocketTables table) =>
        SocketTableInfo.ProtocolOf(table) == entry.Protocol && SocketTableInfo.FamilyOf(table) == entry.Family;

    /// <summary>The socket as inet_diag_bc_sk fills it in: a cgroup only for full sockets, the own mark of a TIME_WAIT or SYN_RECV one.</summary>
    private static KernelSocket Socket(SocketEntry entry)
    {
        static byte[] Bytes(InetAddress address)
        {
            byte[] bytes = new byte[16];
            return bytes[..address.WriteBytes(bytes)];
        }
        return new KernelSocket(entry.Family == Family.Inet6 ? (byte)10 : (byte)2, Bytes(entry.Local.Address), Bytes(entry.Remote.Address),
            entry.Local.Port, entry.Remote.Port, entry.Interface,
            HiddenMarks.TryGetValue(entry, out uint hidden) ? hidden : entry.Details?.Mark ?? 0, entry.Details?.CgroupId ?? 0);
    }

    private static string Describe(SocketEntry entry) =>
        $"{entry.Protocol} {entry.Local.Address}:{entry.Local.Port} -> {entry.Remote.Address}:{entry.Remote.Port} {(TcpState)entry.RawState} if{entry.Interface} mark {entry.Details?.Mark}";
}
