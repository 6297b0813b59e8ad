using System.Globalization;

namespace Netstate.Core.Platform.Linux.Tracing;

/// <summary>One field of a trace event's record: where it is and how wide.</summary>
internal readonly record struct TraceField(int Offset, int Size, bool Signed);

/// <summary>
/// The layout of one trace event, read from its tracefs <c>format</c> file (or the page header's
/// <c>events/header_page</c>), so field offsets come from the running kernel and never from this code.
/// </summary>
internal sealed class TraceEventFormat
{
    private readonly Dictionary<string, TraceField> _fields;

    private TraceEventFormat(string name, int id, Dictionary<string, TraceField> fields)
    {
        Name = name;
        Id = id;
        _fields = fields;
    }

    public string Name { get; }

    /// <summary>The event's type number, the common_type of its records; -1 for the page header.</summary>
    public int Id { get; }

    public bool Has(string field) => _fields.ContainsKey(field);

    /// <summary>The field, or a <see cref="TraceFormatException"/> naming what this kernel lacks.</summary>
    public TraceField Field(string name) => _fields.TryGetValue(name, out TraceField field)
        ? field
        : throw new TraceFormatException($"the kernel's {Name} event has no field '{name}'");

    /// <summary>Parses the text of a format file; throws <see cref="TraceFormatException"/> on text it cannot read.</summary>
    public static TraceEventFormat Parse(string text, string fallbackName)
    {
        string name = fallbackName;
        int id = -1;
        var fields = new Dictionary<string, TraceField>(StringComparer.Ordinal);
        foreach (string rawLine in text.Split('\n'))
        {
            string line = rawLine.Trim();
            if (line.StartsWith("name:", StringComparison.Ordinal))
                name = line[5..].Trim();
            else if (line.StartsWith("ID:", StringComparison.Ordinal))
                id = int.TryParse(line[3..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int parsed)
                    ? parsed
                    : throw new TraceFormatException($"{fallbackName} format: unreadable ID line \"{line}\"");
            else if (line.StartsWith("field:", StringComparison.Ordinal))
                AddField(line, fields, fallbackName);
        }
        if (fields.Count == 0)
            throw new TraceFormatException($"{fallbackName} format: no fields");
        return new TraceEventFormat(name, id, fields);
    }

    // "field:__u8 saddr[4];	offset:32;	size:4;	signed:0;"
    private static void AddField(string line, Dictionary<string, TraceField> fields, string file)
    {
        string[] parts = line.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3)
            throw new TraceFormatException($"{file} format: unreadable field line \"{line}\"");
        string declaration = parts[0]["field:".Length..].Trim();
        int space = declaration.LastIndexOfAny([' ', '\t', '*']);
        string fieldName = space < 0 ? declaration : declaration[(space + 1)..];
        int bracket = fieldName.IndexOf('[', StringComparison.Ordinal);
        if (bracket >= 0)
            fieldName = fieldName[..bracket];
        int offset = Number(parts, "offset:", line, file);
        int size = Number(parts, "size:", line, file);
        bool signed = parts.Any(p => p == "signed:1");
        if (offset < 0 || size < 0 || offset > 1 << 20 || size > 1 << 20)
            throw new TraceFormatException($"{file} format: field '{fieldName}' out of range");
        fields.TryAdd(fieldName, new TraceField(offset, size, signed));
    }

    private static int Number(string[] parts, string label, string line, string file)
    {
        string? part = parts.FirstOrDefault(p => p.StartsWith(label, StringComparison.Ordinal));
        return part is not null && int.TryParse(part[label.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new TraceFormatException($"{file} format: no {label.TrimEnd(':')} in \"{line}\"");
    }
}

/// <summary>A tracefs format or page netstate cannot read.</summary>
internal sealed class TraceFormatException(string message) : Exception(message);
