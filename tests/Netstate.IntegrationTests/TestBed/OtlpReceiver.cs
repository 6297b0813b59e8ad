using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Netstate.IntegrationTests.TestBed;

/// <summary>
/// A minimal OTLP/HTTP metrics receiver on loopback inside a namespace: accepts POST /v1/metrics
/// (application/x-protobuf, keep-alive), answers 200 with an empty ExportMetricsServiceResponse, and
/// decodes each request with <see cref="OtlpMetricsReader"/>. What a collector would see, without one.
/// </summary>
public sealed class OtlpReceiver : IDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly List<OtlpExport> _received = [];

    public OtlpReceiver(NetworkNamespace ns, int port)
    {
        _listener = ns.Run(() =>
        {
            var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
            listener.Listen(16);
            return listener;
        });
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _accepting = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    /// <summary>Every request so far (path, content type, decoded body), oldest first.</summary>
    public IReadOnlyList<OtlpExport> Received
    {
        get
        {
            lock (_received)
                return [.. _received];
        }
    }

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                Socket client = await _listener.AcceptAsync(_stop.Token);
                connections.Add(Task.Run(() => ServeAsync(client)));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
        await Task.WhenAll(connections);
    }

    private async Task ServeAsync(Socket client)
    {
        try
        {
            await using var stream = new NetworkStream(client, ownsSocket: true);
            var buffer = new MemoryStream();
            byte[] chunk = new byte[64 * 1024];
            while (!_stop.IsCancellationRequested)
            {
                // The head.
                int headEnd;
                while ((headEnd = buffer.GetBuffer().AsSpan(0, (int)buffer.Length).IndexOf("\r\n\r\n"u8)) < 0)
                {
                    int read = await stream.ReadAsync(chunk, _stop.Token);
                    if (read == 0)
                        return;
                    buffer.Write(chunk, 0, read);
                }
                string head = Encoding.ASCII.GetString(buffer.GetBuffer(), 0, headEnd);
                string[] lines = head.Split("\r\n");
                string[] requestLine = lines[0].Split(' ');
                var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
                int length = int.Parse(headers["Content-Length"], System.Globalization.CultureInfo.InvariantCulture);
                int bodyStart = headEnd + 4;
                while (buffer.Length < bodyStart + length)
                {
                    int read = await stream.ReadAsync(chunk, _stop.Token);
                    if (read == 0)
                        return;
                    buffer.Write(chunk, 0, read);
                }
                byte[] body = buffer.GetBuffer().AsSpan(bodyStart, length).ToArray();
                byte[] rest = buffer.GetBuffer().AsSpan(bodyStart + length, (int)buffer.Length - bodyStart - length).ToArray();
                buffer.SetLength(0);
                buffer.Write(rest);
                var export = new OtlpExport(requestLine[0], requestLine[1], headers.GetValueOrDefault("Content-Type"), OtlpMetricsReader.Read(body));
                lock (_received)
                    _received.Add(export);
                await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\nContent-Length: 0\r\n\r\n"u8.ToArray(), _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        _accepting.Wait(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }
}

/// <summary>One request the receiver got.</summary>
public sealed record OtlpExport(string Method, string Path, string? ContentType, OtlpMetrics Metrics);

/// <summary>What an ExportMetricsServiceRequest carried: the resource's attributes and every metric.</summary>
public sealed record OtlpMetrics(Dictionary<string, string> Resource, List<OtlpMetric> Metrics)
{
    public OtlpMetric Named(string name) => Metrics.Single(m => m.Name == name);
}

/// <param name="Name">The metric's name.</param>
/// <param name="Kind">gauge, sum, histogram ...</param>
/// <param name="Monotonic">For a sum: whether it only grows (a counter) or not (an up-down counter).</param>
/// <param name="Points">Its data points.</param>
public sealed record OtlpMetric(string Name, string Kind, bool Monotonic, List<OtlpPoint> Points);

/// <summary>One data point: its attributes (values as text) and its value (as_int or as_double).</summary>
public sealed record OtlpPoint(Dictionary<string, string> Attributes, double Value);

/// <summary>
/// Reads the fields of OTLP's protobuf messages (opentelemetry-proto, metrics v1) that the tests
/// look at, by walking the wire format: field numbers and wire types, nothing generated.
/// </summary>
public static class OtlpMetricsReader
{
    public static OtlpMetrics Read(byte[] body)
    {
        var resource = new Dictionary<string, string>();
        var metrics = new List<OtlpMetric>();
        // ExportMetricsServiceRequest: 1 resource_metrics.
        foreach ((int field, ReadOnlyMemory<byte> resourceMetrics) in Messages(body))
        {
            if (field != 1)
                continue;
            // ResourceMetrics: 1 resource, 2 scope_metrics.
            foreach ((int f, ReadOnlyMemory<byte> part) in Messages(resourceMetrics))
            {
                if (f == 1)
                {
                    // Resource: 1 attributes.
                    foreach ((int a, ReadOnlyMemory<byte> attribute) in Messages(part))
                        if (a == 1)
                            Add(resource, attribute);
                }
                else if (f == 2)
                {
                    // ScopeMetrics: 2 metrics.
                    foreach ((int m, ReadOnlyMemory<byte> metric) in Messages(part))
                        if (m == 2)
                            metrics.Add(Metric(metric));
                }
            }
        }
        return new OtlpMetrics(resource, metrics);
    }

    private static OtlpMetric Metric(ReadOnlyMemory<byte> message)
    {
        // Metric: 1 name, 5 gauge, 7 sum, 9 histogram, 10 exponential histogram, 11 summary.
        string name = "";
        string kind = "";
        bool monotonic = false;
        var points = new List<OtlpPoint>();
        foreach ((int field, ReadOnlyMemory<byte> value) in Messages(message))
        {
            switch (field)
            {
                case 1:
                    name = Encoding.UTF8.GetString(value.Span);
                    break;
                case 5 or 7:
                    kind = field == 5 ? "gauge" : "sum";
                    // Gauge and Sum: 1 data_points; Sum: 3 is_monotonic (a varint).
                    foreach ((int f, ReadOnlyMemory<byte> point) in Messages(value))
                        if (f == 1)
                            points.Add(Point(point));
                    foreach ((int f, ulong flag) in Varints(value))
                        if (f == 3)
                            monotonic = flag != 0;
                    break;
                case 9 or 10 or 11:
                    kind = field switch { 9 => "histogram", 10 => "exponential_histogram", _ => "summary" };
                    break;
            }
        }
        return new OtlpMetric(name, kind, monotonic, points);
    }

    private static OtlpPoint Point(ReadOnlyMemory<byte> message)
    {
        // NumberDataPoint: 7 attributes, 4 as_double (fixed64), 6 as_int (sfixed64).
        var attributes = new Dictionary<string, string>();
        foreach ((int field, ReadOnlyMemory<byte> attribute) in Messages(message))
            if (field == 7)
                Add(attributes, attribute);
        double value = double.NaN;
        foreach ((int field, ulong bits) in Fixed64s(message))
            value = field switch { 4 => BitConverter.UInt64BitsToDouble(bits), 6 => (long)bits, _ => value };
        return new OtlpPoint(attributes, value);
    }

    /// <summary>KeyValue: 1 key, 2 value (AnyValue: 1 string, 2 bool, 3 int, 4 double).</summary>
    private static void Add(Dictionary<string, string> into, ReadOnlyMemory<byte> keyValue)
    {
        string key = "";
        string value = "";
        foreach ((int field, ReadOnlyMemory<byte> part) in Messages(keyValue))
        {
            if (field == 1)
                key = Encoding.UTF8.GetString(part.Span);
            else if (field == 2)
            {
                foreach ((int f, ReadOnlyMemory<byte> text) in Messages(part))
                    if (f == 1)
                        value = Encoding.UTF8.GetString(text.Span);
                foreach ((int f, ulong number) in Varints(part))
                    value = f == 3 ? ((long)number).ToString(System.Globalization.CultureInfo.InvariantCulture) : f == 2 ? (number != 0).ToString() : value;
            }
        }
        into[key] = value;
    }

    /// <summary>The length-delimited fields (wire type 2) of a message, in order.</summary>
    private static List<(int Field, ReadOnlyMemory<byte> Value)> Messages(ReadOnlyMemory<byte> message) =>
        [.. Fields(message).Where(f => f.WireType == 2).Select(f => (f.Field, f.Bytes))];

    private static List<(int Field, ulong Value)> Varints(ReadOnlyMemory<byte> message) =>
        [.. Fields(message).Where(f => f.WireType == 0).Select(f => (f.Field, f.Number))];

    private static List<(int Field, ulong Value)> Fixed64s(ReadOnlyMemory<byte> message) =>
        [.. Fields(message).Where(f => f.WireType == 1).Select(f => (f.Field, f.Number))];

    /// <summary>Every field of a message: number, wire type, and its bytes (length-delimited) or number (varint, fixed).</summary>
    private static List<(int Field, int WireType, ReadOnlyMemory<byte> Bytes, ulong Number)> Fields(ReadOnlyMemory<byte> message)
    {
        var fields = new List<(int, int, ReadOnlyMemory<byte>, ulong)>();
        ReadOnlySpan<byte> span = message.Span;
        int at = 0;
        while (at < span.Length)
        {
            ulong tag = Varint(span, ref at);
            int field = (int)(tag >> 3);
            int wireType = (int)(tag & 7);
            switch (wireType)
            {
                case 0:
                    fields.Add((field, 0, ReadOnlyMemory<byte>.Empty, Varint(span, ref at)));
                    break;
                case 1:
                    fields.Add((field, 1, ReadOnlyMemory<byte>.Empty, System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(span[at..])));
                    at += 8;
                    break;
                case 2:
                    int length = checked((int)Varint(span, ref at));
                    fields.Add((field, 2, message.Slice(at, length), 0));
                    at += length;
                    break;
                case 5:
                    fields.Add((field, 5, ReadOnlyMemory<byte>.Empty, System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(span[at..])));
                    at += 4;
                    break;
                default:
                    throw new InvalidDataException($"wire type {wireType} at byte {at}: not an OTLP message");
            }
        }
        return fields;
    }

    private static ulong Varint(ReadOnlySpan<byte> span, ref int at)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = span[at++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
                return value;
        }
    }
}
