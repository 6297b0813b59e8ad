using System.Text.Json.Serialization;
using Netstate.Lab;

namespace Netstate.Cli.Rendering;

/// <summary>lab --json: the run's record (steps, sockets, claims) for scripts and tests; states and timers as names.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, UseStringEnumConverter = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(LabRun))]
internal sealed partial class LabJsonContext : JsonSerializerContext;
