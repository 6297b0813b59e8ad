using System.Globalization;
using System.Text.Json;

namespace Netstate.IntegrationTests.TestBed;

/// <summary>
/// Validates a JSON document against docs/json-schema.json. No JSON Schema package the tests could
/// install resolves here (JsonSchema.Net and NJsonSchema need dependencies the registry lacks), so this
/// interprets the draft 2020-12 keywords the schema uses: type, enum, const, properties, required,
/// additionalProperties, items, minItems, uniqueItems, minimum, maximum, anyOf, oneOf, $ref to $defs,
/// dependentRequired and format date-time. Any other keyword makes it throw, so the schema cannot
/// grow a rule that silently goes unchecked.
/// </summary>
public sealed class JsonSchemaCheck
{
    private static readonly HashSet<string> Annotations = ["$schema", "$id", "title", "description", "$defs"];
    private readonly JsonElement _root;

    public JsonSchemaCheck(string schemaPath)
    {
        _root = JsonDocument.Parse(File.ReadAllText(schemaPath)).RootElement.Clone();
    }

    public static JsonSchemaCheck Load() => new(Path.Combine(AppContext.BaseDirectory, "json-schema.json"));

    /// <summary>Every violation, each with the JSON path where it was found; empty when the document is valid.</summary>
    public List<string> Validate(JsonElement document)
    {
        var errors = new List<string>();
        Check(_root, document, "$", errors);
        return errors;
    }

    private void Check(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        foreach (JsonProperty keyword in schema.EnumerateObject())
        {
            JsonElement rule = keyword.Value;
            switch (keyword.Name)
            {
                case var name when Annotations.Contains(name):
                    break;
                case "$ref":
                    Check(Resolve(rule.GetString()!), value, path, errors);
                    break;
                case "type":
                    string[] types = rule.ValueKind == JsonValueKind.Array ? rule.EnumerateArray().Select(t => t.GetString()!).ToArray() : [rule.GetString()!];
                    if (!types.Any(t => HasType(value, t)))
                        errors.Add($"{path}: {value.ValueKind} is not {string.Join(" or ", types)}");
                    break;
                case "enum":
                    if (!rule.EnumerateArray().Any(option => JsonElement.DeepEquals(option, value)))
                        errors.Add($"{path}: {value} is not one of {rule}");
                    break;
                case "const":
                    if (!JsonElement.DeepEquals(rule, value))
                        errors.Add($"{path}: {value} is not {rule}");
                    break;
                case "properties":
                    if (value.ValueKind != JsonValueKind.Object)
                        break;
                    foreach (JsonProperty property in rule.EnumerateObject())
                    {
                        if (value.TryGetProperty(property.Name, out JsonElement member))
                            Check(property.Value, member, $"{path}.{property.Name}", errors);
                    }
                    break;
                case "required":
                    if (value.ValueKind != JsonValueKind.Object)
                        break;
                    foreach (JsonElement name in rule.EnumerateArray())
                    {
                        if (!value.TryGetProperty(name.GetString()!, out _))
                            errors.Add($"{path}: '{name.GetString()}' is missing");
                    }
                    break;
                case "additionalProperties":
                    if (value.ValueKind != JsonValueKind.Object)
                        break;
                    JsonElement known = schema.TryGetProperty("properties", out JsonElement p) ? p : default;
                    foreach (JsonProperty member in value.EnumerateObject())
                    {
                        if (known.ValueKind == JsonValueKind.Object && known.TryGetProperty(member.Name, out _))
                            continue;
                        if (rule.ValueKind == JsonValueKind.False)
                            errors.Add($"{path}: '{member.Name}' is not in the schema");
                        else
                            Check(rule, member.Value, $"{path}.{member.Name}", errors);
                    }
                    break;
                case "dependentRequired":
                    if (value.ValueKind != JsonValueKind.Object)
                        break;
                    foreach (JsonProperty dependency in rule.EnumerateObject())
                    {
                        if (!value.TryGetProperty(dependency.Name, out _))
                            continue;
                        foreach (JsonElement needed in dependency.Value.EnumerateArray())
                        {
                            if (!value.TryGetProperty(needed.GetString()!, out _))
                                errors.Add($"{path}: '{dependency.Name}' needs '{needed.GetString()}'");
                        }
                    }
                    break;
                case "items":
                    if (value.ValueKind != JsonValueKind.Array)
                        break;
                    int index = 0;
                    foreach (JsonElement item in value.EnumerateArray())
                        Check(rule, item, $"{path}[{index++}]", errors);
                    break;
                case "minItems":
                    if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() < rule.GetInt32())
                        errors.Add($"{path}: fewer than {rule.GetInt32()} items");
                    break;
                case "uniqueItems":
                    if (value.ValueKind == JsonValueKind.Array && rule.GetBoolean()
                        && value.EnumerateArray().Select(i => i.GetRawText()).Distinct().Count() != value.GetArrayLength())
                        errors.Add($"{path}: items repeat");
                    break;
                case "minimum":
                    if (value.ValueKind == JsonValueKind.Number && value.GetDecimal() < rule.GetDecimal())
                        errors.Add($"{path}: {value} is below {rule}");
                    break;
                case "maximum":
                    if (value.ValueKind == JsonValueKind.Number && value.GetDecimal() > rule.GetDecimal())
                        errors.Add($"{path}: {value} is above {rule}");
                    break;
                case "contentEncoding":
                    if (rule.GetString() != "base64")
                        throw new NotSupportedException($"contentEncoding '{rule.GetString()}' is not checked by this validator");
                    if (value.ValueKind == JsonValueKind.String && !Convert.TryFromBase64String(value.GetString()!, new byte[value.GetString()!.Length], out _))
                        errors.Add($"{path}: '{value.GetString()}' is not base64");
                    break;
                case "format":
                    if (rule.GetString() != "date-time")
                        throw new NotSupportedException($"format '{rule.GetString()}' is not checked by this validator");
                    if (value.ValueKind == JsonValueKind.String
                        && !DateTimeOffset.TryParseExact(value.GetString(), "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                        errors.Add($"{path}: '{value.GetString()}' is not an RFC 3339 date-time");
                    break;
                case "anyOf" or "oneOf":
                    int matches = rule.EnumerateArray().Count(option =>
                    {
                        var inner = new List<string>();
                        Check(option, value, path, inner);
                        return inner.Count == 0;
                    });
                    if (matches == 0 || (keyword.Name == "oneOf" && matches > 1))
                        errors.Add($"{path}: matches {matches} of the {keyword.Name} alternatives");
                    break;
                default:
                    throw new NotSupportedException($"schema keyword '{keyword.Name}' at {path} is not checked by this validator");
            }
        }
    }

    private JsonElement Resolve(string reference)
    {
        const string prefix = "#/$defs/";
        if (!reference.StartsWith(prefix, StringComparison.Ordinal) || !_root.GetProperty("$defs").TryGetProperty(reference[prefix.Length..], out JsonElement target))
            throw new NotSupportedException($"$ref '{reference}' does not name a $defs entry");
        return target;
    }

    private static bool HasType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out decimal d) && d == decimal.Truncate(d),
        _ => throw new NotSupportedException($"type '{type}'"),
    };
}
