using Microsoft.Data.Sqlite;
using Netstate.Cli.Commands;
using Netstate.Core.Model;
using Netstate.Core.Platform;
using Netstate.Core.Text;
using Netstate.Core.Tracing;
using Netstate.Core.Vocabulary;

namespace Netstate.Cli.Recording;

/// <summary>
/// A recording opened read-only for explain and doctor. Nothing here fails the command: a missing
/// library, a damaged, foreign or locked file becomes one note on stderr and the command goes on
/// without the recording.
/// </summary>
internal sealed class StateRecording : IStateRecording, IDisposable
{
    /// <summary>How many of the last samples a growth is looked for in (a week of minute samples).</summary>
    private const int MaxSamples = 10_080;
    private readonly TraceDatabase _database;
    private readonly NoteReporter _notes;
    private List<long>? _samples;
    private bool _broken;

    private StateRecording(string path, TraceDatabase database, NoteReporter notes)
    {
        Where = path;
        _database = database;
        _notes = notes;
    }

    public string Where { get; }

    /// <summary>
    /// The recording at <paramref name="path"/>, or at record's default place when null; null when
    /// there is none (silently for the default place, with a note for a file that was named) or it
    /// cannot be read (with a note).
    /// </summary>
    public static StateRecording? Open(string? path, NoteReporter notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        string file = path ?? TraceDatabase.DefaultPath;
        if (!File.Exists(file))
        {
            if (path is not null)
                notes.Once("recording", $"netstate: note: no recording at {UntrustedText.Escape(file)}; going on without one");
            return null;
        }
        try
        {
            return new StateRecording(file, TraceDatabase.Open(file, create: false), notes);
        }
        catch (Exception e) when (e is UserFacingException or PlatformUnavailableException or SqliteException or IOException or UnauthorizedAccessException)
        {
            notes.Once("recording", $"netstate: note: the recording {UntrustedText.Escape(file)} cannot be read ({UntrustedText.Escape(Reason(e))}); going on without it");
            return null;
        }
    }

    public StateGrowth? Growth(TcpState state, ushort? localPort = null) => Ask(() =>
    {
        List<long> samples = Samples();
        if (samples.Count < 2)
            return null;
        string sql = "SELECT time_us, SUM(count) FROM counts WHERE state = $1 AND time_us >= $2"
            + (localPort is null ? "" : " AND local_port = $3") + " GROUP BY time_us";
        object[] values = localPort is { } port ? [Name(state), samples[0], (long)port] : [Name(state), samples[0]];
        var counted = new Dictionary<long, long>();
        foreach (object?[] row in _database.Select(sql, values))
            counted[(long)row[0]!] = (long)row[1]!;
        // A sample without a row for the state had none in it.
        var series = samples.Select(t => (TraceDatabase.FromMicros(t), counted.GetValueOrDefault(t))).ToList();
        return StateGrowth.Of(state, localPort, series);
    });

    public IReadOnlyList<ushort> BusiestPorts(TcpState state, int top) => Ask(() =>
    {
        List<long> samples = Samples();
        if (samples.Count == 0)
            return [];
        return _database.Select("SELECT local_port, SUM(count) AS n FROM counts WHERE time_us = $1 AND state = $2 GROUP BY local_port ORDER BY n DESC, local_port LIMIT $3",
                samples[^1], Name(state), (long)top)
            .Select(row => (ushort)(long)row[0]!).ToList();
    }) ?? [];

    public StateActivity? Activity(TcpState state, TimeSpan span) => Ask(() =>
    {
        long? lastSample = Samples() is { Count: > 0 } samples ? samples[^1] : null;
        long? lastChange = _database.Select("SELECT MAX(time_us) FROM transitions")[0][0] as long?;
        if (lastSample is null && lastChange is null)
            return null;
        long until = Math.Max(lastSample ?? long.MinValue, lastChange ?? long.MinValue);
        long from = until - (long)span.TotalMicroseconds;
        string name = Name(state);
        List<(TcpState, long)> Counted(string sql) =>
            [.. _database.Select(sql, name, from, until).Select(row => (Parse(row[0]), (long)row[1]!)).Where(c => c.Item1 != TcpState.Unknown)];
        List<(TcpState, long)> into = Counted("SELECT old_state, COUNT(*) AS n FROM transitions WHERE kind = 'state_change' AND new_state = $1 "
            + "AND old_state IS NOT NULL AND old_state <> new_state AND time_us BETWEEN $2 AND $3 GROUP BY old_state ORDER BY n DESC, old_state");
        List<(TcpState, long)> outOf = Counted("SELECT new_state, COUNT(*) AS n FROM transitions WHERE kind = 'state_change' AND old_state = $1 "
            + "AND new_state IS NOT NULL AND old_state <> new_state AND time_us BETWEEN $2 AND $3 GROUP BY new_state ORDER BY n DESC, new_state");
        const string Stayed = "FROM transitions WHERE kind = 'state_change' AND old_state = $1 AND new_state <> old_state "
            + "AND in_old_state_us IS NOT NULL AND time_us BETWEEN $2 AND $3";
        long stays = (long)_database.Select("SELECT COUNT(*) " + Stayed, name, from, until)[0][0]!;
        TimeSpan? Percentile(double share) => stays == 0 ? null
            : TimeSpan.FromTicks(10 * (long)_database.Select($"SELECT in_old_state_us {Stayed} ORDER BY in_old_state_us LIMIT 1 OFFSET $4",
                name, from, until, Math.Min(stays - 1, (long)(share * stays)))[0][0]!);
        return new StateActivity(state, TraceDatabase.FromMicros(from), TraceDatabase.FromMicros(until), into, outOf, stays, Percentile(0.5), Percentile(0.9));
    });

    /// <summary>The sample times, oldest first (the last <see cref="MaxSamples"/>).</summary>
    private List<long> Samples()
    {
        if (_samples is null)
        {
            _samples = [.. _database.Select("SELECT DISTINCT time_us FROM counts ORDER BY time_us DESC LIMIT $1", (long)MaxSamples).Select(row => (long)row[0]!)];
            _samples.Reverse();
        }
        return _samples;
    }

    /// <summary>One question to the database; a failure is one note and no answer, now and after.</summary>
    private T? Ask<T>(Func<T?> question) where T : class
    {
        if (_broken)
            return null;
        try
        {
            return question();
        }
        catch (Exception e) when (e is SqliteException or InvalidCastException or InvalidOperationException or IndexOutOfRangeException)
        {
            _broken = true;
            _notes.Once("recording", $"netstate: note: the recording {UntrustedText.Escape(Where)} cannot be read ({UntrustedText.Escape(Reason(e))}); going on without it");
            return null;
        }
    }

    private static string Reason(Exception e) => e switch
    {
        SqliteException sqlite => sqlite.Message.Replace("SQLite Error ", "SQLite error ", StringComparison.Ordinal),
        UserFacingException user => user.Message,
        _ => e.Message,
    };

    private static string Name(TcpState state) => TraceDatabase.StateName(state) ?? "";

    private static TcpState Parse(object? name) => name is string text && TcpStateText.TryParse(text, out TcpState state) ? state : TcpState.Unknown;

    public void Dispose() => _database.Dispose();
}
