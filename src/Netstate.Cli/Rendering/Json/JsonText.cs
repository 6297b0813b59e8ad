using Netstate.Core.Text;

namespace Netstate.Cli.Rendering.Json;

/// <summary>
/// Text from other users in JSON, without loss. JSON strings are Unicode, so a name or path holding
/// bytes that are not UTF-8 (kept by <see cref="RawText"/>) is written twice: as text with U+FFFD for
/// each such byte, and as its exact bytes in base64 in a field named like it with "_bytes" (null
/// when the text is exact). docs/json-schema.json documents each such field.
/// </summary>
internal static class JsonText
{
    /// <summary>The text field: exact, or with U+FFFD for each byte that was not UTF-8.</summary>
    public static string? Text(string? value) => value is null ? null : RawText.WithReplacements(value);

    /// <summary>The *_bytes field: base64 of the exact bytes when the text cannot carry them, else null.</summary>
    public static string? Bytes(string? value) =>
        value is not null && RawText.HasRawBytes(value) ? Convert.ToBase64String(RawText.ToBytes(value)) : null;
}
