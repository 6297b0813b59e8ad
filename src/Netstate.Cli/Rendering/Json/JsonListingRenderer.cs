using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text;
using Netstate.Core.Aggregation;
using Netstate.Core.Model;
using Netstate.Core.Names;
using Netstate.Core.Owners;
using Netstate.Core.Vocabulary;

namespace Netstate.Cli.Rendering.Json;

/// <summary>
/// One JSON document per listing (docs/json-schema.json), indented, or on one line with --jsonl.
/// Sockets are streamed one by one through the source-generated serialiser, so a 200,000-socket
/// listing never holds its whole document in memory. The writer escapes every control character
/// (ESC becomes \u001B), so untrusted names cannot reach a terminal raw. Names and paths that are
/// not valid UTF-8 keep their exact bytes in a *_bytes field beside the text (<see cref="JsonText"/>).
/// </summary>
internal sealed class JsonListingRenderer : ISocketListRenderer
{
    /// <summary>The schema version written in every document; bumped when a field changes meaning or goes away.</summary>
    public const int SchemaVersion = 1;

    private readonly TextWriter _out;
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 17);
    private readonly JsonWriterOptions _writerOptions;
    private readonly UserNames _users = new();
    private char[] _chars = new char[1 << 17];

    /// <param name="output">Where the documents go.</param>
    /// <param name="lines">--jsonl: one document per line.</param>
    public JsonListingRenderer(TextWriter output, bool lines)
    {
        _out = output;
        _writerOptions = new JsonWriterOptions
        {
            Indented = !lines,
            // Non-ASCII names stay readable; control characters, quotes and characters that reorder text are escaped.
            Encoder = TerminalSafeJsonEncoder.Instance,
        };
    }

    public void WriteSockets(SocketListing listing)
    {
        using Utf8JsonWriter writer = Begin("sockets", listing.TakenAt);
        writer.WriteStartArray("sockets");
        foreach (SocketEntry entry in listing.Entries)
        {
            JsonSerializer.Serialize(writer, ToJson(entry, listing.Owners), NetstateJsonContext.Default.JsonSocket);
            // The serialiser flushes into the buffer after each socket: drain by what the buffer holds.
            if (_buffer.WrittenCount > 1 << 16)
                Drain(writer);
        }
        writer.WriteEndArray();
        End(writer);
    }

    /// <summary>One socket object of the listing's schema, inside another document (serve's live updates).</summary>
    public void WriteSocket(Utf8JsonWriter writer, SocketEntry entry, OwnerMap? owners) =>
        JsonSerializer.Serialize(writer, ToJson(entry, owners), NetstateJsonContext.Default.JsonSocket);

    public void WriteCounts(SocketCounts counts, DateTimeOffset takenAt)
    {
        using Utf8JsonWriter writer = Begin("counts", takenAt);
        writer.WriteStartArray("keys");
        foreach (CountKey key in counts.Keys)
            writer.WriteStringValue(KeyName(key));
        writer.WriteEndArray();
        writer.WriteNumber("total", counts.Total);
        writer.WriteStartArray("counts");
        foreach (CountRow row in counts.Rows)
        {
            writer.WriteStartObject();
            writer.WriteNumber("count", row.Count);
            for (int i = 0; i < counts.Keys.Count; i++)
                WriteKey(writer, counts.Keys[i], row, i);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        End(writer);
    }

    /// <summary>The --count-by spelling of a key, with '_' for '-': state, proto, local_port ...</summary>
    public static string KeyName(CountKey key) => key switch
    {
        CountKey.State => "state",
        CountKey.Proto => "proto",
        CountKey.LocalPort => "local_port",
        CountKey.RemoteAddr => "remote_addr",
        CountKey.RemotePort => "remote_port",
        CountKey.Process => "process",
        CountKey.Netns => "netns",
        _ => "user",
    };

    /// <summary>Ports are numbers, null for unix sockets; a process is null when no owner is known; a user also carries its uid.</summary>
    private static void WriteKey(Utf8JsonWriter writer, CountKey key, CountRow row, int index)
    {
        string name = KeyName(key);
        string label = row.Labels[index];
        switch (key)
        {
            case CountKey.Process:
                // Null for sockets without a known owner; the exact bytes beside a name that is not UTF-8.
                string? process = row.IsMissing(key) ? null : label;
                writer.WriteString(name, JsonText.Text(process));
                writer.WriteString("process_bytes", JsonText.Bytes(process));
                break;
            case var _ when row.IsMissing(key):
                writer.WriteNull(name);
                break;
            case CountKey.LocalPort:
                writer.WriteNumber(name, row.LocalPort);
                break;
            case CountKey.RemotePort:
                writer.WriteNumber(name, row.RemotePort);
                break;
            case CountKey.User:
                if (row.Uid is uint uid)
                {
                    writer.WriteString(name, label);
                    writer.WriteNumber("uid", uid);
                }
                else
                {
                    writer.WriteNull(name);
                    writer.WriteNull("uid");
                }
                break;
            default:
                writer.WriteString(name, label);
                break;
        }
    }

    private Utf8JsonWriter Begin(string kind, DateTimeOffset takenAt)
    {
        var writer = new Utf8JsonWriter(_buffer, _writerOptions);
        writer.WriteStartObject();
        writer.WriteNumber("version", SchemaVersion);
        writer.WriteString("kind", kind);
        writer.WriteString("taken_at", takenAt);
        return writer;
    }

    private void End(Utf8JsonWriter writer)
    {
        writer.WriteEndObject();
        Drain(writer);
        _out.Write('\n');
    }

    /// <summary>Moves what the writer has produced to the text output, in chunks.</summary>
    private void Drain(Utf8JsonWriter writer)
    {
        writer.Flush();
        int needed = Encoding.UTF8.GetMaxCharCount(_buffer.WrittenCount);
        if (_chars.Length < needed)
            _chars = new char[needed];
        int count = Encoding.UTF8.GetChars(_buffer.WrittenSpan, _chars);
        _out.Write(_chars, 0, count);
        _buffer.Clear();
    }

    private JsonSocket ToJson(SocketEntry entry, OwnerMap? owners)
    {
        bool unix = entry.Protocol == Protocol.Unix;
        return new JsonSocket
        {
            Protocol = ProtocolText.Of(entry.Protocol, Dialect.Filter),
            Family = ProtocolText.Of(entry.Family),
            State = SocketStateText.Of(entry, Dialect.Netstat),
            StateCode = entry.RawState,
            RecvQ = entry.RecvQueue,
            SendQ = entry.SendQueue,
            ListenBacklog = entry.ListenBacklog,
            Local = unix ? null : new JsonEndpoint(entry.Local.Address.ToString(), entry.Local.Port),
            Remote = unix ? null : new JsonEndpoint(entry.Remote.Address.ToString(), entry.Remote.Port),
            Interface = entry.Interface,
            Uid = entry.Uid,
            User = entry.Uid is uint uid ? _users.NameOf(uid) : null,
            Inode = entry.Inode,
            Cookie = entry.Cookie,
            Timer = unix ? null : new JsonTimer(TimerText.Of(entry.Timer, Dialect.Netstat), entry.TimerMilliseconds, entry.Retransmits, entry.Probes),
            Owners = owners is null ? null : Owners(owners, entry.Inode),
            Unix = entry.Unix is { } info
                ? new JsonUnix(ProtocolText.Of(info.Type).ToLowerInvariant(), JsonText.Text(info.Path), JsonText.Bytes(info.Path),
                    info.IsListening, info.Flags, info.RefCount)
                : null,
            Details = entry.Details,
            Netns = entry.Namespace is { } space ? JsonNetns.Of(space) : null,
        };
    }

    private static List<JsonOwner> Owners(OwnerMap owners, ulong inode)
    {
        var list = new List<JsonOwner>(1);
        foreach (SocketOwner owner in owners.Get(inode))
            list.Add(new JsonOwner(owner.Process.Pid, owner.Fd, JsonText.Text(owner.Process.ProgramNameText)!, JsonText.Bytes(owner.Process.ProgramNameText)));
        return list;
    }
}
