using System.Text.Json;
using System.Text.Json.Serialization;
using Netstate.Core.Diagnosis;
using Netstate.Core.Model;

namespace Netstate.Cli.Rendering;

/// <summary>The doctor's report for machines: one JSON document, version 1 (documented in docs/doctor.md).</summary>
internal static class DoctorJsonRenderer
{
    public static void Write(TextWriter stdout, Snapshot snapshot, IReadOnlyList<Finding> findings)
    {
        Severity? worst = Doctor.Worst(findings);
        var report = new DoctorReport(
            Version: 1,
            TakenAt: snapshot.TakenAt,
            TcpSockets: snapshot.Entries.Count,
            Worst: worst is Severity w ? Name(w) : null,
            Findings: findings.Select(f => new DoctorFinding(f.Rule, Name(f.Severity), f.Title, f.Evidence, f.Remedy, f.Figures)).ToList());
        stdout.WriteLine(JsonSerializer.Serialize(report, DoctorJsonContext.Default.DoctorReport));
    }

    private static string Name(Severity severity) => severity switch
    {
        Severity.Critical => "critical",
        Severity.Warning => "warning",
        _ => "info",
    };
}

internal sealed record DoctorReport(int Version, DateTimeOffset TakenAt, int TcpSockets, string? Worst, IReadOnlyList<DoctorFinding> Findings);

internal sealed record DoctorFinding(string Rule, string Severity, string Title, IReadOnlyList<string> Evidence, string Remedy, IReadOnlyDictionary<string, long?> Figures);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(DoctorReport))]
internal sealed partial class DoctorJsonContext : JsonSerializerContext
{
}
