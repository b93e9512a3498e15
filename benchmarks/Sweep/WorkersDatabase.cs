using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CitationMonitor.Sweep;

/// <summary>One check as the workers mode reads it back.</summary>
internal sealed record SweptCheck(string Status, DateTimeOffset StartedAt, long DurationMs, bool NotModified);

/// <summary>What PostgreSQL counted for the database (pg_stat_database) and where its write-ahead log stood.</summary>
internal sealed record ServerCounters(long Commits, long Rollbacks, long Inserted, long Updated, long Deleted, long WalBytes)
{
    public long RowsWritten => Inserted + Updated + Deleted;

    public ServerCounters Since(ServerCounters earlier) => new(
        Commits - earlier.Commits, Rollbacks - earlier.Rollbacks, Inserted - earlier.Inserted, Updated - earlier.Updated,
        Deleted - earlier.Deleted, WalBytes - earlier.WalBytes);
}

/// <summary>
/// The database of one configuration of the workers mode: a SQLite file, or a fresh schema in the PostgreSQL database
/// given. It names the settings the monitor processes need and answers the few questions the runner asks.
/// </summary>
internal abstract class WorkersDatabase : IAsyncDisposable
{
    public abstract string Engine { get; }

    /// <summary>The <c>Monitor</c> settings that point a process at this database.</summary>
    public abstract IReadOnlyDictionary<string, string?> Settings { get; }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = await OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    public abstract Task<IReadOnlyList<SweptCheck>> ChecksSinceAsync(long lastCheckId);

    /// <summary>Every citation due long ago, so the next sweep starts at once.</summary>
    public Task MakeAllDueAsync() => ExecuteAsync(MakeAllDueSql);

    /// <summary>The bytes the database's tables and indexes take.</summary>
    public abstract Task<long> SizeAsync();

    /// <summary>The server's counters; null where there is no server (SQLite).</summary>
    public virtual Task<ServerCounters?> CountersAsync() => Task.FromResult<ServerCounters?>(null);

    /// <summary>Sessions of this database waiting on an advisory lock (the snapshot chain's, while a sweep runs), and on any lock.</summary>
    public virtual Task<(int Advisory, int AnyLock)> WaitingAsync() => Task.FromResult((0, 0));

    public abstract ValueTask DisposeAsync();

    protected abstract string MakeAllDueSql { get; }

    protected async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await connection.ExecuteAsync(sql);
    }

    /// <summary>A new connection to this database, outside any pool.</summary>
    protected abstract Task<System.Data.Common.DbConnection> OpenAsync();

    public static WorkersDatabase Sqlite(string path) => new SqliteDatabase(path);

    public static async Task<WorkersDatabase> PostgresAsync(string connectionString, string schema, bool keep)
    {
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await connection.ExecuteAsync($"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}");
        }

        return new PostgresDatabase(connectionString, schema, keep);
    }

    private sealed class SqliteDatabase(string path) : WorkersDatabase
    {
        public override string Engine => "SQLite";

        public override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Monitor:DatabasePath"] = path };

        protected override string MakeAllDueSql => "UPDATE citations SET next_check_at = '2000-01-01T00:00:00.0000000Z'";


        public override async Task<IReadOnlyList<SweptCheck>> ChecksSinceAsync(long lastCheckId)
        {
            await using var connection = await OpenAsync();
            var rows = await connection.QueryAsync<(string Status, string StartedAt, long DurationMs, long NotModified)>(
                "SELECT status, started_at, duration_ms, not_modified FROM checks WHERE id > @lastCheckId", new { lastCheckId });
            return [.. rows.Select(r => new SweptCheck(r.Status, DateTimeOffset.Parse(r.StartedAt, CultureInfo.InvariantCulture), r.DurationMs, r.NotModified != 0))];
        }

        public override async Task<long> SizeAsync()
        {
            await ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)");
            var wal = new FileInfo(path + "-wal");
            return new FileInfo(path).Length + (wal.Exists ? wal.Length : 0);
        }

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;


        protected override async Task<System.Data.Common.DbConnection> OpenAsync()
        {
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 30 }.ToString());
            await connection.OpenAsync();
            return connection;
        }
    }

    private sealed class PostgresDatabase(string connectionString, string schema, bool keep) : WorkersDatabase
    {
        private readonly string _inSchema = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema, Pooling = false }.ConnectionString;

        public override string Engine => "PostgreSQL";

        public override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Monitor:Database:Provider"] = "postgres",
            ["Monitor:Database:ConnectionString"] = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema }.ConnectionString,
        };

        protected override string MakeAllDueSql => "UPDATE citations SET next_check_at = '2000-01-01T00:00:00Z'";


        public override async Task<IReadOnlyList<SweptCheck>> ChecksSinceAsync(long lastCheckId)
        {
            await using var connection = await OpenAsync();
            var rows = await connection.QueryAsync<(string Status, DateTime StartedAt, long DurationMs, int NotModified)>(
                "SELECT status, started_at, duration_ms, not_modified::int FROM checks WHERE id > @lastCheckId", new { lastCheckId });
            return [.. rows.Select(r => new SweptCheck(r.Status, new DateTimeOffset(DateTime.SpecifyKind(r.StartedAt, DateTimeKind.Utc)), r.DurationMs, r.NotModified != 0))];
        }

        public override Task<long> SizeAsync() => ScalarAsync(
            $"""
            SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)::bigint
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = '{schema}' AND c.relkind IN ('r', 'm')
            """);

        public override async Task<ServerCounters?> CountersAsync()
        {
            await using var connection = await OpenAsync();
            // The statistics a backend gathers reach pg_stat_database when it flushes them (at most every second);
            // a snapshot taken now is read fresh.
            await connection.ExecuteAsync("SELECT pg_stat_clear_snapshot()");
            return await connection.QuerySingleAsync<ServerCounters>(
                """
                SELECT xact_commit AS Commits, xact_rollback AS Rollbacks, tup_inserted AS Inserted, tup_updated AS Updated,
                       tup_deleted AS Deleted, pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint AS WalBytes
                FROM pg_stat_database WHERE datname = current_database()
                """);
        }

        public override async Task<(int Advisory, int AnyLock)> WaitingAsync()
        {
            await using var connection = await OpenAsync();
            return await connection.QuerySingleAsync<(int, int)>(
                """
                SELECT COUNT(*) FILTER (WHERE wait_event = 'advisory')::int, COUNT(*)::int
                FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()
                """);
        }

        public override async ValueTask DisposeAsync()
        {
            if (!keep)
            {
                await ExecuteAsync($"DROP SCHEMA IF EXISTS {schema} CASCADE");
            }
        }


        protected override async Task<System.Data.Common.DbConnection> OpenAsync()
        {
            var connection = new NpgsqlConnection(_inSchema);
            await connection.OpenAsync();
            return connection;
        }
    }
}
