using System.Text.Json.Serialization;

namespace Netstate.Cli.Rendering.Json;

/// <summary>
/// Compile-time JSON serialisation (no reflection, trimming and AOT safe). Names are snake_case
/// throughout; enums inside the kernel structs stay numbers, as the kernel defines them.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(JsonSocket))]
[JsonSerializable(typeof(Netstate.Core.Model.SocketDetails))]
internal sealed partial class NetstateJsonContext : JsonSerializerContext;
