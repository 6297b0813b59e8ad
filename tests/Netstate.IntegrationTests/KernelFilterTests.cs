using System.Globalization;
using Netstate.Core.Model;
using Netstate.Core.Platform.Linux.SockDiag;
using Netstate.Core.Query;
using Netstate.Core.Sources;
using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// The filter's kernel part (inet_diag bytecode) on real sockets: the netlink source reads the
/// same namespace with the program and without it, the filter runs over both, and the rows must
/// be the same. The kernel has to accept every program made here (a refusal shows in the notes).
/// </summary>
public sealed class KernelFilterTests : IClassFixture<ClassicSockets>
{
    private const SocketTables Inet = SocketTables.Tcp | SocketTables.Udp;
    private readonly ClassicSockets _sockets;

    public KernelFilterTests(ClassicSockets sockets)
    {
        _sockets = sockets;
        _sockets.EnsureTimeWait();
    }

    /// <summary>ss's comparison list, and conditions only the kernel part adds (device, mark, families, negated ranges).</summary>
    public static TheoryData<string> Expressions
    {
        get
        {
            TheoryData<string> all = FilterSemanticsTests.Expressions;
            foreach (string extra in (string[])["dev = lo", "! dev = lo", "fwmark = 0x0", "! fwmark = 0x0", "fwmark = 0x1/0x1",
                "src inet:*", "dst inet6:*:10050", "src [::ffff:127.0.0.1]", "not ( sport < :1024 or dport >= :8080 )",
                "port = * and not port != :10050", "proto udp or sport = :10050"])
                all.Add(extra);
            return all;
        }
    }

    [Theory]
    [MemberData(nameof(Expressions))]
    public void The_kernel_part_keeps_every_socket_the_filter_keeps(string expression)
    {
        SocketFilter filter = SocketFilter.Parse(expression);
        var query = new SocketQuery(Inet) { Details = filter.Details };
        for (int attempt = 1; ; attempt++)
        {
            (List<string> without, List<string> with, IReadOnlyList<SourceNote> notes) = _sockets.Namespace.Run(() =>
            {
                using var source = new SockDiagSource(new NetlinkSockDiagTransport());
                SourceResult plain = source.Read(query);
                SourceResult narrowed = source.Read(query with { Filter = filter });
                return (Rows(plain.Entries, filter), Rows(narrowed.Entries, filter), narrowed.Notes);
            });
            foreach (SocketTables table in (SocketTables[])[SocketTables.Tcp4, SocketTables.Tcp6, SocketTables.Udp4, SocketTables.Udp6])
            {
                string served = $"{SocketTableNames.Of(table)}: read over netlink sock_diag";
                bool compiled = InetDiagBytecode.Compile(filter.Root, table) is not null;
                Assert.True(notes.Any(n => n.Message == (compiled ? served + ", filtered in the kernel" : served)),
                    $"'{expression}' on {table}: {string.Join(" | ", notes.Select(n => n.Message))}");
            }
            // A TIME_WAIT socket may expire between the two reads: read both again then.
            if (without.SequenceEqual(with) || attempt == 3)
            {
                Assert.True(without.SequenceEqual(with),
                    $"'{expression}'\nonly without the kernel part: {string.Join(" | ", without.Except(with))}\nonly with it: {string.Join(" | ", with.Except(without))}");
                return;
            }
        }
    }

    [Fact]
    public void The_kernel_sends_only_the_sockets_that_may_pass()
    {
        SocketFilter filter = SocketFilter.Parse("sport = :10050 or dport = :10050");
        var query = new SocketQuery(SocketTables.Tcp);
        (int all, int sent, int passing) = _sockets.Namespace.Run(() =>
        {
            using var source = new SockDiagSource(new NetlinkSockDiagTransport());
            IReadOnlyList<SocketEntry> narrowed = source.Read(query with { Filter = filter }).Entries;
            return (source.Read(query).Entries.Count, narrowed.Count, narrowed.Count(e => filter.Matches(e, null)));
        });

        Assert.True(passing > 0, "no socket on port 10050 in the scenario");
        Assert.Equal(passing, sent);
        Assert.True(all > sent, $"the kernel sent all {all} sockets");
    }

    [Fact]
    public void A_program_the_kernel_refuses_is_dropped_and_the_table_read_without_it()
    {
        SocketFilter filter = SocketFilter.Parse("sport = :10050 or dport = :10050");
        var query = new SocketQuery(SocketTables.Tcp);
        var refused = new MisalignedProgramTransport();
        (List<string> expected, List<string> actual, IReadOnlyList<SourceNote> notes) = _sockets.Namespace.Run(() =>
        {
            using var plain = new SockDiagSource(new NetlinkSockDiagTransport());
            using var source = new SockDiagSource(refused);
            List<string> before = Rows(plain.Read(query).Entries, filter);
            SourceResult result = source.Read(query with { Filter = filter });
            return (before, Rows(result.Entries, filter), result.Notes);
        });

        Assert.True(expected.Count > 0, "no socket on port 10050 in the scenario");
        Assert.Equal(expected, actual);
        // The kernel refused tcp4's program (EINVAL); tcp6 was then asked without one.
        Assert.Equal(1, refused.ProgramsSent);
        Assert.Contains(notes, n => n.Message.StartsWith("tcp4: the kernel refused the filter program, EINVAL", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Message == "tcp6: read over netlink sock_diag");
    }

    private static List<string> Rows(IEnumerable<SocketEntry> entries, SocketFilter filter) =>
        [.. entries.Where(e => filter.Matches(e, null)).Select(e => string.Create(CultureInfo.InvariantCulture,
            $"{e.Protocol} {e.Family} {e.Local.Address}:{e.Local.Port} {e.Remote.Address}:{e.Remote.Port} st={e.RawState}")).Order(StringComparer.Ordinal)];

    /// <summary>The real kernel transport, but every program's first jump is made odd, which the kernel's verifier refuses.</summary>
    private sealed class MisalignedProgramTransport : ISockDiagTransport
    {
        private const int ProgramStart = 16 + 56 + 4;
        private readonly NetlinkSockDiagTransport _kernel = new();

        public int ProgramsSent { get; private set; }

        public void Dump(SocketTables table, ReadOnlySpan<byte> request, ChunkHandler handler)
        {
            if (request.Length <= ProgramStart)
            {
                _kernel.Dump(table, request, handler);
                return;
            }
            ProgramsSent++;
            byte[] broken = request.ToArray();
            broken[ProgramStart + 2] |= 2;
            _kernel.Dump(table, broken, handler);
        }

        public void Dispose() => _kernel.Dispose();
    }
}
