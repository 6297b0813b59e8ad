using System.Globalization;
using Microsoft.Data.Sqlite;
using Netstate.Core.Model;
using Netstate.Core.Owners;
using Netstate.Core.Tracing;
using Netstate.Core.Vocabulary;

namespace Netstate.Cli.Recording;

/// <summary>
/// A recording in SQLite: transitions, lifetimes and periodic socket counts, with times in
/// microseconds since the Unix epoch (UTC). Write-ahead logging, so a recording killed at any
/// moment stays readable: the last committed batch is there, nothing is half written.
/// </summary>
internal sealed class TraceDatabase : IDisposable
{
    public const int SchemaVersion = 1;
    private const int ReaderTimeoutSeconds = 2;
    private readonly SqliteConnection _connection;

    private TraceDatabase(SqliteConnection connection) => _connection = connection;

    /// <summary>The default recording: root's in /var/lib/netstate, anyone else's in their home.</summary>
    public static string DefaultPath => Environment.UserName == "root" || Environment.GetEnvironmentVariable("HOME") is null
        ? "/var/lib/netstate/record.db"
        : Path.Combine(Environment.GetEnvironmentVariable("HOME")!, ".local/share/netstate/record.db");

    /// <summary>Opens (creating when asked) the database at <paramref name="path"/>.</summary>
    public static TraceDatabase Open(string path, bool create)
    {
        SqliteLibrary.Load();
        if (!create && !File.Exists(path))
            throw new UserFacingException($"no recording at {path}", "start one with 'sudo netstate record', or name the file with --db");
        if (create && Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
            Directory.CreateDirectory(directory);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadOnly,
            Pooling = false,
            // A reader waits this long for a lock (a recording being written in rollback mode, another
            // tool's exclusive lock), then says so rather than hang for the default 30 s.
            DefaultTimeout = create ? 30 : ReaderTimeoutSeconds,
        }.ToString());
        try
        {
            connection.Open();
            var database = new TraceDatabase(connection);
            if (create)
                database.CreateSchema();
            else
                database.CheckSchema(path);
            return database;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new UserFacingException($"cannot use {path} as a recording: {e.Message}", "name another file with --db");
        }
        catch (UserFacingException)
        {
            connection.Dispose();
            throw;
        }
    }

    private void CreateSchema()
    {
        Execute("PRAGMA journal_mode=WAL");
        Execute("PRAGMA synchronous=NORMAL");
        Execute("""
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS transitions (
                time_us INTEGER NOT NULL, kind TEXT NOT NULL, pid INTEGER, program TEXT, family TEXT NOT NULL,
                local_address TEXT NOT NULL, local_port INTEGER NOT NULL, remote_address TEXT NOT NULL, remote_port INTEGER NOT NULL,
                old_state TEXT, new_state TEXT, in_old_state_us INTEGER, event TEXT, owner_from TEXT);
            CREATE INDEX IF NOT EXISTS transitions_time ON transitions (time_us);
            CREATE TABLE IF NOT EXISTS lifetimes (
                start_us INTEGER, end_us INTEGER NOT NULL, duration_us INTEGER, pid INTEGER, program TEXT, family TEXT NOT NULL,
                local_address TEXT NOT NULL, local_port INTEGER NOT NULL, remote_address TEXT NOT NULL, remote_port INTEGER NOT NULL,
                bytes_sent INTEGER, bytes_received INTEGER, ended TEXT NOT NULL, last_state TEXT NOT NULL, owner_from TEXT);
            CREATE INDEX IF NOT EXISTS lifetimes_end ON lifetimes (end_us);
            CREATE TABLE IF NOT EXISTS counts (
                time_us INTEGER NOT NULL, state TEXT NOT NULL, local_port INTEGER NOT NULL, program TEXT, count INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS counts_time ON counts (time_us);
            """);
        // A recording begun before owner_from existed gets the column (its earlier rows read as "caller").
        foreach (string table in new[] { "transitions", "lifetimes" })
        {
            if (Select($"SELECT name FROM pragma_table_info('{table}') WHERE name = 'owner_from'").Count == 0)
                Execute($"ALTER TABLE {table} ADD COLUMN owner_from TEXT");
        }
        Execute($"INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', '{SchemaVersion}')");
    }

    private const int SqliteBusy = 5;   // SQLITE_BUSY: another connection holds a lock
    private const int SqliteLocked = 6; // SQLITE_LOCKED: a lock within this connection's shared cache

    private void CheckSchema(string path)
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = 'schema'";
        object? version;
        try
        {
            version = command.ExecuteScalar();
        }
        catch (SqliteException e) when (e.SqliteErrorCode is not (SqliteBusy or SqliteLocked))
        {
            // No meta table, or not a database at all: not ours. A lock is not a verdict on the file.
            version = null;
        }
        if (version is not string text || text != SchemaVersion.ToString(CultureInfo.InvariantCulture))
            throw new UserFacingException($"{path} is not a netstate recording (or one of another version)", "name the file 'netstate record' wrote with --db");
    }

    /// <summary>Stores one poll's worth in one transaction.</summary>
    public void Store(IReadOnlyList<TcpTraceEvent> events, IReadOnlyList<TcpLifetime> lifetimes)
    {
        if (events.Count == 0 && lifetimes.Count == 0)
            return;
        using SqliteTransaction transaction = _connection.BeginTransaction();
        if (events.Count > 0)
        {
            using SqliteCommand insert = Command(transaction, """
                INSERT INTO transitions VALUES ($time, $kind, $pid, $program, $family, $la, $lp, $ra, $rp, $old, $new, $in_old, $event, $from)
                """, "$time", "$kind", "$pid", "$program", "$family", "$la", "$lp", "$ra", "$rp", "$old", "$new", "$in_old", "$event", "$from");
            foreach (TcpTraceEvent e in events)
            {
                TcpTraceRecord r = e.Record;
                Set(insert, Micros(e.Time), KindName(r.Kind), e.Owner?.Pid, e.Owner?.ProgramNameText, FamilyName(r.Family),
                    r.Local.Address.ToString(), r.Local.Port, r.Remote.Address.ToString(), r.Remote.Port,
                    StateName(r.OldState), StateName(r.NewState), e.TimeInOldState is { } spent ? (long)spent.TotalMicroseconds : null, e.Explanation?.Rfc,
                    Rendering.TraceWords.OwnerSource(e.OwnerSource));
                insert.ExecuteNonQuery();
            }
        }
        if (lifetimes.Count > 0)
        {
            using SqliteCommand insert = Command(transaction, """
                INSERT INTO lifetimes VALUES ($start, $end, $duration, $pid, $program, $family, $la, $lp, $ra, $rp, $sent, $received, $ended, $last, $from)
                """, "$start", "$end", "$duration", "$pid", "$program", "$family", "$la", "$lp", "$ra", "$rp", "$sent", "$received", "$ended", "$last", "$from");
            foreach (TcpLifetime l in lifetimes)
            {
                Set(insert, l.Start is { } start ? Micros(start) : null, Micros(l.End), l.Duration is { } d ? (long)d.TotalMicroseconds : null,
                    l.Owner?.Pid, l.Owner?.ProgramNameText, FamilyName(l.Family), l.Local.Address.ToString(), l.Local.Port,
                    l.Remote.Address.ToString(), l.Remote.Port, l.BytesSent is { } sent ? (long)sent : null,
                    l.BytesReceived is { } received ? (long)received : null, Rendering.TraceWords.EndingKey(l.Ending), StateName(l.LastState),
                    Rendering.TraceWords.OwnerSource(l.OwnerSource));
                insert.ExecuteNonQuery();
            }
        }
        transaction.Commit();
    }

    /// <summary>Stores one sample of socket counts per state, local port and program.</summary>
    public void StoreCounts(DateTimeOffset time, IEnumerable<(TcpState State, ushort LocalPort, string? Program, long Count)> rows)
    {
        using SqliteTransaction transaction = _connection.BeginTransaction();
        using SqliteCommand insert = Command(transaction, "INSERT INTO counts VALUES ($time, $state, $port, $program, $count)",
            "$time", "$state", "$port", "$program", "$count");
        foreach ((TcpState state, ushort port, string? program, long count) in rows)
        {
            Set(insert, Micros(time), StateName(state), port, program, count);
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    /// <summary>Deletes what is older than <paramref name="oldest"/>; returns how many rows went.</summary>
    public long Prune(DateTimeOffset oldest)
    {
        long micros = Micros(oldest);
        long removed = 0;
        foreach (string sql in new[] { "DELETE FROM transitions WHERE time_us < $t", "DELETE FROM lifetimes WHERE end_us < $t", "DELETE FROM counts WHERE time_us < $t" })
        {
            using SqliteCommand delete = _connection.CreateCommand();
            delete.CommandText = sql;
            delete.Parameters.AddWithValue("$t", micros);
            removed += delete.ExecuteNonQuery();
        }
        return removed;
    }

    /// <summary>Runs a query of rows between two times (microseconds); each row as its column values.</summary>
    public IEnumerable<object?[]> Rows(string table, string timeColumn, long since, long until)
    {
        using SqliteCommand select = _connection.CreateCommand();
        // The table and column come from this program's own constants, never from the user.
        select.CommandText = $"SELECT * FROM {table} WHERE {timeColumn} >= $since AND {timeColumn} <= $until ORDER BY {timeColumn}, rowid";
        select.Parameters.AddWithValue("$since", since);
        select.Parameters.AddWithValue("$until", until);
        using SqliteDataReader reader = select.ExecuteReader();
        while (reader.Read())
            yield return RowOf(reader);
    }

    /// <summary>Runs a query of this program's own text with values bound to $1, $2, ...; each row as its column values.</summary>
    public List<object?[]> Select(string sql, params object[] values)
    {
        using SqliteCommand select = _connection.CreateCommand();
        select.CommandText = sql;
        for (int i = 0; i < values.Length; i++)
            select.Parameters.AddWithValue("$" + (i + 1).ToString(CultureInfo.InvariantCulture), values[i]);
        using SqliteDataReader reader = select.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
            rows.Add(RowOf(reader));
        return rows;
    }

    /// <summary>The reader's current row as its column values, null for SQL NULL.</summary>
    private static object?[] RowOf(SqliteDataReader reader)
    {
        var row = new object?[reader.FieldCount];
        for (int i = 0; i < row.Length; i++)
            row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
        return row;
    }

    public long Count(string table)
    {
        using SqliteCommand count = _connection.CreateCommand();
        count.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)count.ExecuteScalar()!;
    }

    public static long Micros(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static DateTimeOffset FromMicros(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * 10);

    internal static string? StateName(TcpState state) => state == TcpState.Unknown ? null : TcpStateText.Name(state, Dialect.Netstat);

    private static string FamilyName(Family family) => family == Family.Inet ? "inet" : "inet6";

    private static string KindName(TcpTraceEventKind kind) => Rendering.TraceWords.Kind(kind);

    private SqliteCommand Command(SqliteTransaction transaction, string sql, params string[] names)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (string name in names)
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        command.Prepare();
        return command;
    }

    private static void Set(SqliteCommand command, params object?[] values)
    {
        for (int i = 0; i < values.Length; i++)
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
    }

    private void Execute(string sql)
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();
}
