using System.Text.Json;
using System.Text.Json.Serialization;
using Netstate.Core.Diagnosis;
using Netstate.Core.Model;
using Netstate.Core.Vocabulary;

namespace Netstate.Cli.Rendering;

/// <summary>The doctor's report for machines: one JSON document, version 1 (documented in docs/doctor.md).</summary>
internal static class DoctorJsonRenderer
{
    /// <param name="recording">The recording the findings cite (its file); null when none was read.</param>
    public static void Write(TextWriter stdout, Snapshot snapshot, IReadOnlyList<Finding> findings, string? recording = null) =>
        Write(stdout, snapshot.TakenAt, snapshot.Entries.Count, findings, recording);

    /// <param name="sockets">How many TCP sockets were examined.</param>
    public static void Write(TextWriter stdout, DateTimeOffset takenAt, int sockets, IReadOnlyList<Finding> findings, string? recording = null) =>
        stdout.WriteLine(JsonSerializer.Serialize(Report(takenAt, sockets, findings) with { Recording = recording }, DoctorJsonContext.Default.DoctorReport));

    /// <summary>
    /// The report over several network namespaces (--net, --all-namespaces): the findings of all of
    /// them, worst first, each with the namespace it is in; the namespaces examined; sockets added up.
    /// </summary>
    public static void Write(TextWriter stdout, IReadOnlyList<NamespaceDiagnosis> parts, string? recording = null)
    {
        ArgumentNullException.ThrowIfNull(parts);
        List<(NetworkNamespace Space, Finding Finding)> all = [.. parts.SelectMany(p => p.Findings.Select(f => (p.Space, f))).OrderByDescending(f => f.f.Severity)];
        Severity? worst = Doctor.Worst([.. all.Select(f => f.Finding)]);
        var report = new DoctorReport(
            Version: 1,
            TakenAt: parts.Count > 0 ? parts[0].Snapshot.TakenAt : DateTimeOffset.Now,
            TcpSockets: parts.Sum(p => p.TcpSockets),
            Worst: worst is Severity w ? Name(w) : null,
            Findings: [.. all.Select(f => Finding(f.Finding) with { Netns = Json.JsonNetns.Of(f.Space) })])
        {
            Namespaces = [.. parts.Select(p => Json.JsonNetns.Of(p.Space))],
            Recording = recording,
        };
        stdout.WriteLine(JsonSerializer.Serialize(report, DoctorJsonContext.Default.DoctorReport));
    }

    /// <summary>The report as data (serve sends it inside its live updates).</summary>
    internal static DoctorReport Report(Snapshot snapshot, IReadOnlyList<Finding> findings) =>
        Report(snapshot.TakenAt, snapshot.Entries.Count, findings);

    private static DoctorReport Report(DateTimeOffset takenAt, int sockets, IReadOnlyList<Finding> findings)
    {
        Severity? worst = Doctor.Worst(findings);
        return new DoctorReport(
            Version: 1,
            TakenAt: takenAt,
            TcpSockets: sockets,
            Worst: worst is Severity w ? Name(w) : null,
            Findings: findings.Select(Finding).ToList());
    }

    private static DoctorFinding Finding(Finding f) => new(f.Rule, Name(f.Severity), Subject(f.Subject), f.Title, f.Evidence, f.Remedy, f.Figures,
        f.Processes.Select(p => new DoctorProcess(p.Pid, p.Name)).ToList());

    /// <summary>Endpoints as text in the filter's form (they can be pasted back into a filter or <c>netstate who</c>).</summary>
    private static DoctorSubject? Subject(FindingSubject? subject) => subject is null ? null : new DoctorSubject(
        subject.Local is { } local ? (local.Port == 0 ? EndpointText.Address(local.Address, Dialect.Filter) : EndpointText.Format(local, Dialect.Filter)) : null,
        subject.Remote is { } remote ? EndpointText.Format(remote, Dialect.Filter) : null,
        subject.Pid);

    internal static string Name(Severity severity) => severity switch
    {
        Severity.Critical => "critical",
        Severity.Warning => "warning",
        _ => "info",
    };
}

internal sealed record DoctorReport(int Version, DateTimeOffset TakenAt, int TcpSockets, string? Worst, IReadOnlyList<DoctorFinding> Findings)
{
    /// <summary>The network namespaces examined, with --net or --all-namespaces; absent otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Json.JsonNetns>? Namespaces { get; init; }

    /// <summary>The recording (netstate record) the findings cite, as a path; null when none was read.</summary>
    public string? Recording { get; init; }
}

/// <summary>One namespace's part of a doctor run over namespaces.</summary>
/// <param name="TcpSockets">How many TCP sockets were examined (<paramref name="Snapshot"/> holds only those rules looked at one by one).</param>
internal sealed record NamespaceDiagnosis(NetworkNamespace Space, Snapshot Snapshot, IReadOnlyList<Finding> Findings, int TcpSockets);

/// <summary>One finding; strings are exact (JSON escapes what it must), nothing is \xNN-escaped.</summary>
internal sealed record DoctorFinding(string Rule, string Severity, DoctorSubject? Subject, string Title, IReadOnlyList<string> Evidence, string Remedy,
    IReadOnlyDictionary<string, long?> Figures, IReadOnlyList<DoctorProcess> Processes)
{
    /// <summary>The network namespace the finding is in, with --net or --all-namespaces; absent otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Json.JsonNetns? Netns { get; init; }
}

internal sealed record DoctorSubject(string? Local, string? Remote, int? Pid);

internal sealed record DoctorProcess(int Pid, string Name);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(DoctorReport))]
internal sealed partial class DoctorJsonContext : JsonSerializerContext
{
}
