using System.Buffers;
using System.Text;
using System.Text.Json;
using Netstate.Cli.Rendering.Json;
using Netstate.Core.Model;
using Netstate.Core.Owners;
using Netstate.Core.Text;

namespace Netstate.Cli.Tests;

/// <summary>
/// The JSON listing writes each socket field by field (no per-socket objects); <see cref="JsonSocket"/>
/// serialised by the source generator is the documented shape. Both must give the same bytes for
/// every kind of socket, hostile names and paths included.
/// </summary>
public sealed class JsonSocketWriterTests
{
    public static TheoryData<string> Cases => ["tcp4", "tcp6-details", "unix-hostile", "udp-no-uid", "owned", "windows-services", "netns"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Written_socket_equals_the_serialised_shape(string name)
    {
        (SocketEntry entry, OwnerMap? owners) = Case(name);
        foreach (bool indented in new[] { true, false })
        {
            var options = new JsonWriterOptions { Indented = indented, Encoder = TerminalSafeJsonEncoder.Instance };
            var renderer = new JsonListingRenderer(TextWriter.Null, lines: !indented);

            var expected = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(expected, options))
                JsonSerializer.Serialize(writer, renderer.ToJson(entry, owners), NetstateJsonContext.Default.JsonSocket);
            var actual = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(actual, options))
                renderer.WriteSocket(writer, entry, owners);

            Assert.Equal(Encoding.UTF8.GetString(expected.WrittenSpan), Encoding.UTF8.GetString(actual.WrittenSpan));
        }
    }

    [Fact]
    public void A_listing_streamed_row_by_row_is_the_listing_written_at_once()
    {
        SocketEntry[] entries = [Case("tcp4").Entry, Case("unix-hostile").Entry, Case("tcp6-details").Entry];
        var whole = new StringWriter();
        new JsonListingRenderer(whole, lines: false).WriteSockets(new Rendering.SocketListing(entries, null, DateTimeOffset.UnixEpoch));
        var streamed = new StringWriter();
        var renderer = new JsonListingRenderer(streamed, lines: false);
        renderer.Begin(null, DateTimeOffset.UnixEpoch);
        foreach (SocketEntry entry in entries)
            renderer.Row(entry);
        renderer.End();
        Assert.Equal(whole.ToString(), streamed.ToString());
        using JsonDocument document = JsonDocument.Parse(streamed.ToString());
        Assert.Equal(3, document.RootElement.GetProperty("sockets").GetArrayLength());
    }

    private static (SocketEntry Entry, OwnerMap? Owners) Case(string name) => name switch
    {
        "tcp4" => (TestSockets.Inet(Protocol.Tcp, "127.0.0.1", 8080, "10.1.2.3", 50123, (byte)TcpState.Established,
            recvQueue: 5, sendQueue: 7, timer: TimerKind.On, timerTicks: 21, retransmits: 2, probes: 1, uid: 0, inode: 99), null),
        "tcp6-details" => (new SocketEntry
        {
            Protocol = Protocol.Tcp,
            Family = Family.Inet6,
            Local = TestSockets.At("2001:db8::1", 443),
            Remote = TestSockets.At("::ffff:192.0.2.7", 40000),
            RawState = (byte)TcpState.Listen,
            ListenBacklog = 4096,
            RecvQueue = 0,
            SendQueue = 0,
            Uid = 1000,
            Inode = 12,
            Cookie = ulong.MaxValue,
            Interface = 3,
            TimerMilliseconds = 1234,
            Details = new SocketDetails
            {
                Tcp = new TcpDetails { State = TcpState.Listen, RoundTripTime = 250, BytesAcked = 1UL << 40, MaxPacingRate = ulong.MaxValue, Options = 7 },
                Memory = new SocketMemory(1, 2, 3, 4, 5, 6, 7, 8, 9),
                Congestion = "cubic",
                Bbr = new BbrDetails(10, 20, 256, 512),
                V6Only = true,
                Mark = 0x10,
                CgroupId = 77,
                Shutdown = 2,
            },
        }, null),
        "unix-hostile" => (TestSockets.Unix(2, 1 << 16, UnixSocketType.Stream, UnixSocketState.Unconnected, 42,
            "@evil\u001b[31m\u202e\"\\" + RawText.Decode([0xff, 0x41])), null),
        "udp-no-uid" => (new SocketEntry { Protocol = Protocol.Udp, Family = Family.Inet, RawState = 7 }, null),
        "owned" => (TestSockets.Tcp("0.0.0.0", 22, "0.0.0.0", 0, TcpState.Listen, inode: 5),
            Owners((5, 10, "sshd"), (5, 11, "bad\u001bname" + RawText.Decode([0xc3, 0x28])))),
        "windows-services" => (TestSockets.Tcp("0.0.0.0", 135, "0.0.0.0", 0, TcpState.Listen, inode: 6), OwnerMap.Of(
        [
            (6, new ProcessInfo(1060, "svchost.exe"u8.ToArray()) { ServicesSource = () => ["RpcEptMapper", "Rpc\u001bSs"] }),
            (7, new ProcessInfo(4000, "app.exe"u8.ToArray()) { ServicesSource = () => [] }),
        ])),
        _ => (TestSockets.Tcp("127.0.0.1", 1, "127.0.0.1", 2, TcpState.TimeWait)
            .InNamespace(new NetworkNamespace(4026531840) { Name = "blue\u001b", Container = new ContainerId("docker", new string('a', 64)) }), Owners()),
    };

    [Fact]
    public void Services_are_an_array_on_windows_and_null_on_linux()
    {
        var renderer = new JsonListingRenderer(TextWriter.Null, lines: true);
        (SocketEntry entry, OwnerMap? owners) = Case("windows-services");
        (SocketEntry linuxEntry, OwnerMap? linuxOwners) = Case("owned");

        string windows = Written(renderer, entry, owners);
        string linux = Written(renderer, linuxEntry, linuxOwners);

        Assert.Contains("\"program_bytes\":null,\"services\":[\"RpcEptMapper\",\"Rpc\\u001BSs\"]}", windows, StringComparison.Ordinal);
        Assert.Contains("\"program_bytes\":null,\"services\":null}", linux, StringComparison.Ordinal);
    }

    private static string Written(JsonListingRenderer renderer, SocketEntry entry, OwnerMap? owners)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = TerminalSafeJsonEncoder.Instance }))
            renderer.WriteSocket(writer, entry, owners);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static OwnerMap Owners(params (ulong Inode, int Pid, string Name)[] holders)
    {
        var first = new Dictionary<ulong, int>();
        var chain = new (SocketOwner Owner, int Next)[holders.Length];
        for (int i = holders.Length - 1; i >= 0; i--)
        {
            int next = first.TryGetValue(holders[i].Inode, out int existing) ? existing : -1;
            chain[i] = (new SocketOwner(new ProcessInfo(holders[i].Pid, RawText.ToBytes(holders[i].Name)), 3 + i), next);
            first[holders[i].Inode] = i;
        }
        return new OwnerMap(first, chain, [], true, true);
    }
}
