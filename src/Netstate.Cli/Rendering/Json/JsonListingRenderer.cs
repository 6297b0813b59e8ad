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
/// Each socket is written field by field with <see cref="Utf8JsonWriter"/> straight from its entry
/// (no per-socket objects; <see cref="JsonSocket"/> is the shape, and a test holds the two equal),
/// and the UTF-8 goes to standard output's bytes in 64 KiB pieces; a listing read as a stream
/// (<see cref="IStreamingListRenderer"/>) holds no socket at all. The writer escapes every control character
/// (ESC becomes \u001B), so untrusted names cannot reach a terminal raw. Names and paths that are
/// not valid UTF-8 keep their exact bytes in a *_bytes field beside the text (<see cref="JsonText"/>).
/// </summary>
internal sealed class JsonListingRenderer : ISocketListRenderer, IStreamingListRenderer
{
    /// <summary>The schema version written in every document; bumped when a field changes meaning or goes away.</summary>
    public const int SchemaVersion = 1;

    private readonly TextWriter _out;
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 17);
    private readonly JsonWriterOptions _writerOptions;
    private readonly UserNames _users = new();
    private readonly EncodedWords _words = new();
    private char[] _chars = new char[1 << 17];
    private Utf8JsonWriter? _listing;
    private OwnerMap? _owners;

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
            // The shape is fixed by this class and held to the schema by tests; checking every write's
            // place in the document again costs time at 200,000 sockets.
            SkipValidation = true,
        };
    }

    public void WriteSockets(SocketListing listing) => this.WriteAll(listing);

    /// <summary>JSON keeps the source's order, whatever the tables.</summary>
    public bool CanStream(SocketTables tables) => true;

    public void Begin(OwnerMap? owners, DateTimeOffset takenAt)
    {
        _owners = owners;
        _listing = Begin("sockets", takenAt);
        _listing.WriteStartArray("sockets");
    }

    public void Row(SocketEntry entry)
    {
        Utf8JsonWriter writer = _listing ?? throw new InvalidOperationException("Row before Begin");
        WriteSocket(writer, entry, _owners);
        // Drain by what the writer holds (pending) and the buffer has (flushed).
        if (writer.BytesPending + _buffer.WrittenCount > 1 << 16)
            Drain(writer);
    }

    public void End()
    {
        if (_listing is not { } writer)
            return;
        writer.WriteEndArray();
        End(writer);
        writer.Dispose();
        _listing = null;
        _owners = null;
    }

    /// <summary>The socket object's property names, escaped once (they are plain ASCII: the same bytes whatever the encoder).</summary>
    private static class Names
    {
        public static readonly JsonEncodedText Protocol = JsonEncodedText.Encode("protocol");
        public static readonly JsonEncodedText Family = JsonEncodedText.Encode("family");
        public static readonly JsonEncodedText State = JsonEncodedText.Encode("state");
        public static readonly JsonEncodedText StateCode = JsonEncodedText.Encode("state_code");
        public static readonly JsonEncodedText RecvQ = JsonEncodedText.Encode("recv_q");
        public static readonly JsonEncodedText SendQ = JsonEncodedText.Encode("send_q");
        public static readonly JsonEncodedText ListenBacklog = JsonEncodedText.Encode("listen_backlog");
        public static readonly JsonEncodedText Local = JsonEncodedText.Encode("local");
        public static readonly JsonEncodedText Remote = JsonEncodedText.Encode("remote");
        public static readonly JsonEncodedText Interface = JsonEncodedText.Encode("interface");
        public static readonly JsonEncodedText Uid = JsonEncodedText.Encode("uid");
        public static readonly JsonEncodedText User = JsonEncodedText.Encode("user");
        public static readonly JsonEncodedText Inode = JsonEncodedText.Encode("inode");
        public static readonly JsonEncodedText Cookie = JsonEncodedText.Encode("cookie");
        public static readonly JsonEncodedText Timer = JsonEncodedText.Encode("timer");
        public static readonly JsonEncodedText Kind = JsonEncodedText.Encode("kind");
        public static readonly JsonEncodedText ExpiresMs = JsonEncodedText.Encode("expires_ms");
        public static readonly JsonEncodedText Retransmits = JsonEncodedText.Encode("retransmits");
        public static readonly JsonEncodedText Probes = JsonEncodedText.Encode("probes");
        public static readonly JsonEncodedText Unix = JsonEncodedText.Encode("unix");
        public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
        public static readonly JsonEncodedText Path = JsonEncodedText.Encode("path");
        public static readonly JsonEncodedText PathBytes = JsonEncodedText.Encode("path_bytes");
        public static readonly JsonEncodedText Listening = JsonEncodedText.Encode("listening");
        public static readonly JsonEncodedText Flags = JsonEncodedText.Encode("flags");
        public static readonly JsonEncodedText RefCount = JsonEncodedText.Encode("ref_count");
        public static readonly JsonEncodedText Details = JsonEncodedText.Encode("details");
        public static readonly JsonEncodedText Netns = JsonEncodedText.Encode("netns");
        public static readonly JsonEncodedText Label = JsonEncodedText.Encode("label");
        public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
        public static readonly JsonEncodedText ContainerRuntime = JsonEncodedText.Encode("container_runtime");
        public static readonly JsonEncodedText ContainerId = JsonEncodedText.Encode("container_id");
        public static readonly JsonEncodedText Own = JsonEncodedText.Encode("own");
        public static readonly JsonEncodedText Owners = JsonEncodedText.Encode("owners");
        public static readonly JsonEncodedText Pid = JsonEncodedText.Encode("pid");
        public static readonly JsonEncodedText Fd = JsonEncodedText.Encode("fd");
        public static readonly JsonEncodedText Program = JsonEncodedText.Encode("program");
        public static readonly JsonEncodedText ProgramBytes = JsonEncodedText.Encode("program_bytes");
        public static readonly JsonEncodedText NsPid = JsonEncodedText.Encode("nspid");
        public static readonly JsonEncodedText Services = JsonEncodedText.Encode("services");
        public static readonly JsonEncodedText Address = JsonEncodedText.Encode("address");
        public static readonly JsonEncodedText Port = JsonEncodedText.Encode("port");
    }

    /// <summary>One socket object of the listing's schema (<see cref="JsonSocket"/>), written field by field; also inside another document (serve's live updates).</summary>
    public void WriteSocket(Utf8JsonWriter writer, SocketEntry entry, OwnerMap? owners)
    {
        bool unix = entry.Protocol == Protocol.Unix;
        writer.WriteStartObject();
        writer.WriteString(Names.Protocol, _words.Of(ProtocolText.Of(entry.Protocol, Dialect.Filter)));
        writer.WriteString(Names.Family, _words.Of(ProtocolText.Of(entry.Family)));
        writer.WriteString(Names.State, _words.Of(SocketStateText.Of(entry, Dialect.Netstat)));
        writer.WriteNumber(Names.StateCode, entry.RawState);
        NumberOrNull(writer, Names.RecvQ, entry.RecvQueue);
        NumberOrNull(writer, Names.SendQ, entry.SendQueue);
        writer.WriteNumber(Names.ListenBacklog, entry.ListenBacklog);
        Endpoint(writer, Names.Local, unix, entry.Local);
        Endpoint(writer, Names.Remote, unix, entry.Remote);
        writer.WriteNumber(Names.Interface, entry.Interface);
        if (entry.Uid is uint uid)
        {
            writer.WriteNumber(Names.Uid, uid);
            StringOrNull(writer, Names.User, _users.NameOf(uid));
        }
        else
        {
            writer.WriteNull(Names.Uid);
            writer.WriteNull(Names.User);
        }
        writer.WriteNumber(Names.Inode, entry.Inode);
        writer.WriteNumber(Names.Cookie, entry.Cookie);
        if (unix)
        {
            writer.WriteNull(Names.Timer);
        }
        else
        {
            writer.WriteStartObject(Names.Timer);
            writer.WriteString(Names.Kind, _words.Of(TimerText.Of(entry.Timer, Dialect.Netstat)));
            writer.WriteNumber(Names.ExpiresMs, entry.TimerMilliseconds);
            writer.WriteNumber(Names.Retransmits, entry.Retransmits);
            writer.WriteNumber(Names.Probes, entry.Probes);
            writer.WriteEndObject();
        }
        WriteOwners(writer, owners, entry.Inode);
        if (entry.Unix is { } info)
        {
            writer.WriteStartObject(Names.Unix);
            writer.WriteString(Names.Type, ProtocolText.Of(info.Type).ToLowerInvariant());
            StringOrNull(writer, Names.Path, JsonText.Text(info.Path));
            StringOrNull(writer, Names.PathBytes, JsonText.Bytes(info.Path));
            writer.WriteBoolean(Names.Listening, info.IsListening);
            writer.WriteNumber(Names.Flags, info.Flags);
            NumberOrNull(writer, Names.RefCount, info.RefCount);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull(Names.Unix);
        }
        writer.WritePropertyName(Names.Details);
        if (entry.Details is { } details)
            JsonSerializer.Serialize(writer, details, NetstateJsonContext.Default.SocketDetails);
        else
            writer.WriteNullValue();
        if (entry.Namespace is { } space)
        {
            writer.WriteStartObject(Names.Netns);
            writer.WriteNumber(Names.Inode, space.Inode);
            writer.WriteString(Names.Label, space.Label);
            StringOrNull(writer, Names.Name, space.Name);
            StringOrNull(writer, Names.ContainerRuntime, space.Container?.Runtime);
            StringOrNull(writer, Names.ContainerId, space.Container?.Id);
            writer.WriteBoolean(Names.Own, space.IsOwn);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull(Names.Netns);
        }
        writer.WriteEndObject();
    }

    private static void WriteOwners(Utf8JsonWriter writer, OwnerMap? owners, ulong inode)
    {
        if (owners is null)
        {
            writer.WriteNull(Names.Owners);
            return;
        }
        writer.WriteStartArray(Names.Owners);
        foreach (SocketOwner owner in owners.Get(inode))
        {
            writer.WriteStartObject();
            writer.WriteNumber(Names.Pid, owner.Process.Pid);
            if (owner.Process.NamespacePid is int inner)
                writer.WriteNumber(Names.NsPid, inner);
            else
                writer.WriteNull(Names.NsPid);
            writer.WriteNumber(Names.Fd, owner.Fd);
            writer.WriteString(Names.Program, JsonText.Text(owner.Process.ProgramNameText));
            StringOrNull(writer, Names.ProgramBytes, JsonText.Bytes(owner.Process.ProgramNameText));
            if (owner.Process.Services is { } services)
            {
                writer.WriteStartArray(Names.Services);
                foreach (string service in services)
                    writer.WriteStringValue(JsonText.Text(service));
                writer.WriteEndArray();
            }
            else
            {
                writer.WriteNull(Names.Services);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static void Endpoint(Utf8JsonWriter writer, JsonEncodedText name, bool unix, Endpoint endpoint)
    {
        if (unix)
        {
            writer.WriteNull(name);
            return;
        }
        Span<char> address = stackalloc char[46];
        writer.WriteStartObject(name);
        writer.WriteString(Names.Address, address[..InetAddressFormatter.Format(endpoint.Address, address)]);
        writer.WriteNumber(Names.Port, endpoint.Port);
        writer.WriteEndObject();
    }

    private static void NumberOrNull(Utf8JsonWriter writer, JsonEncodedText name, ulong? value)
    {
        if (value is ulong known)
            writer.WriteNumber(name, known);
        else
            writer.WriteNull(name);
    }

    private static void StringOrNull(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (value is null)
            writer.WriteNull(name);
        else
            writer.WriteString(name, value);
    }

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

    /// <summary>Moves what the writer has produced to the output: as bytes when it is a UTF-8 stream (standard output), else as text.</summary>
    private void Drain(Utf8JsonWriter writer)
    {
        writer.Flush();
        if (_out is StreamWriter { Encoding: UTF8Encoding } stream)
        {
            stream.Flush();
            stream.BaseStream.Write(_buffer.WrittenSpan);
            _buffer.Clear();
            return;
        }
        int needed = Encoding.UTF8.GetMaxCharCount(_buffer.WrittenCount);
        if (_chars.Length < needed)
            _chars = new char[needed];
        int count = Encoding.UTF8.GetChars(_buffer.WrittenSpan, _chars);
        _out.Write(_chars, 0, count);
        _buffer.Clear();
    }

    /// <summary>The same socket as the serialiser's object (the shape <see cref="WriteSocket"/> writes); tests compare the two.</summary>
    internal JsonSocket ToJson(SocketEntry entry, OwnerMap? owners)
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
            list.Add(new JsonOwner(owner.Process.Pid, owner.Process.NamespacePid, owner.Fd, JsonText.Text(owner.Process.ProgramNameText)!, JsonText.Bytes(owner.Process.ProgramNameText),
                owner.Process.Services?.Select(name => JsonText.Text(name)!).ToList()));
        return list;
    }
}
