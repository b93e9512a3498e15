using System.Globalization;
using System.Security.Cryptography;
using CitationMonitor.Infrastructure.Fixity;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Persistence;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace CitationMonitor.Infrastructure.Moving;

/// <summary>What a move ended with: its exit code (<see cref="MoveExitCodes"/>).</summary>
internal sealed record MoveOutcome(int ExitCode);

/// <summary>Exit codes of <c>migrate</c>.</summary>
public static class MoveExitCodes
{
    /// <summary>Everything copied, counted and verified (or a finished move found).</summary>
    public const int Ok = 0;

    /// <summary>Copied, but a count differs or a body, text or the chain fails verification.</summary>
    public const int NotVerified = 1;

    /// <summary>Bad arguments, or a target refused (it holds other data, or another move's).</summary>
    public const int Refused = 2;

    /// <summary>The PostgreSQL server cannot be reached or used.</summary>
    public const int Unreachable = 3;
}

/// <summary>
/// Moves a SQLite database into PostgreSQL without losing a byte: a frozen copy of the file is taken first (the live file
/// is only read, and the monitor may keep running on it), brought to the current schema, and copied table by table in
/// batches, each batch committed with the run's progress (tables <c>move_runs</c> and <c>move_progress</c> in the
/// target), so that a move interrupted at any point resumes where it stopped when run again. Then every body and text is
/// opened against its SHA-256, the hash chain is verified and compared with the source's head, and the rows of every
/// table are counted on both sides.
/// </summary>
internal sealed class DatabaseMove(TextWriter output, TextWriter error, TimeProvider time)
{
    /// <summary>
    /// Every table of the monitor, in the order their references need, each with the part of it a step copies: whole
    /// bodies before the bodies kept as deltas against them.
    /// </summary>
    public static IReadOnlyList<MovePart> Plan { get; } =
    [
        new("bodies:whole", "bodies", "base_sha256 IS NULL"),
        new("bodies:deltas", "bodies", "base_sha256 IS NOT NULL"),
        new("texts", "texts"),
        new("documents", "documents"),
        new("citations", "citations", Cleared: ["lease_owner", "lease_until"]),
        new("citation_places", "citation_places"),
        new("places", "places"),
        new("citation_labels", "citation_labels"),
        new("citation_audit", "citation_audit"),
        new("snapshots", "snapshots"),
        new("checks", "checks"),
        new("changes", "changes"),
        new("place_quotes", "place_quotes"),
        new("health_transitions", "health_transitions"),
        new("volatile_lines", "volatile_lines"),
        new("archive_work", "archive_work"),
        new("webhook_deliveries", "webhook_deliveries"),
        new("host_probes", "host_probes"),
        new("fixity_runs", "fixity_runs"),
        new("fixity_failures", "fixity_failures"),
        new("data_protection_keys", "data_protection_keys"),
        new("migration_notes", "migration_notes"),
    ];

    /// <summary>
    /// Tables not moved: each engine's own record of its schema, and what a running monitor holds for a while (a job's
    /// lease, the hosts' turns and slots), which means nothing to the processes that start on the target.
    /// </summary>
    public static IReadOnlyList<string> NotMoved { get; } = ["schema_migrations", "job_leases", "host_turns", "host_slots"];

    private static readonly string[] Markers = ["move_runs", "move_progress"];

    public async Task<MoveOutcome> RunAsync(string sourcePath, string connectionString, int batchRows, CancellationToken cancellationToken)
    {
        var source = Path.GetFullPath(sourcePath);
        if (!File.Exists(source))
        {
            error.WriteLine($"migrate: no SQLite database at {source} (--from, or Monitor:DatabasePath).");
            return new(MoveExitCodes.Refused);
        }

        NpgsqlConnectionStringBuilder target;
        try
        {
            target = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException)
        {
            error.WriteLine("migrate: --connection cannot be read: check its keywords and quoting, e.g. Host=…;Database=…;Username=…;Password=….");
            return new(MoveExitCodes.Refused);
        }

        await using var services = TargetServices(connectionString);
        var connections = services.GetRequiredService<PostgresConnectionFactory>();
        try
        {
            await connections.EnsureReachableAsync(cancellationToken);
        }
        catch (DatabaseUnavailableException ex)
        {
            error.WriteLine("migrate: " + ex.Message.Replace(DatabaseOptions.Section + ":" + nameof(DatabaseOptions.ConnectionString), "--connection", StringComparison.Ordinal));
            return new(MoveExitCodes.Unreachable);
        }

        output.WriteLine($"Moving {source} into PostgreSQL at {DatabaseOptions.Describe(target)}");
        await services.GetRequiredService<Migrator>().MigrateAsync(cancellationToken);

        // One move at a time into a database.
        await using var held = await connections.HoldAsync("move", cancellationToken);
        await using (var work = await connections.ConnectAsync(cancellationToken))
        {
            await work.ExecuteAsync(
                """
                CREATE TABLE IF NOT EXISTS move_runs (
                    id            bigint      GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                    source_path   text        NOT NULL,
                    frozen_path   text        NOT NULL,
                    frozen_sha256 text        NOT NULL,
                    started_at    timestamptz NOT NULL,
                    finished_at   timestamptz NULL
                );
                CREATE TABLE IF NOT EXISTS move_progress (
                    run_id     bigint NOT NULL REFERENCES move_runs (id),
                    part       text   NOT NULL,
                    last_rowid bigint NOT NULL,
                    rows       bigint NOT NULL,
                    PRIMARY KEY (run_id, part)
                );
                """, null, cancellationToken);
        }

        var run = await RunToResumeAsync(connections, source, cancellationToken);
        if (run is { FinishedAt: not null })
        {
            output.WriteLine($"This database already holds the finished move {run.Id} of {run.SourcePath} ({run.FinishedAt:O}): nothing to do.");
            return new(MoveExitCodes.Ok);
        }

        if (run is not null)
        {
            if (!string.Equals(run.SourcePath, source, StringComparison.Ordinal))
            {
                error.WriteLine($"migrate: this database holds the unfinished move of another file ({run.SourcePath}); run it again with --from {run.SourcePath}, or empty the database.");
                return new(MoveExitCodes.Refused);
            }

            if (!File.Exists(run.FrozenPath) || await Sha256Async(run.FrozenPath, cancellationToken) != run.FrozenSha256)
            {
                error.WriteLine($"migrate: the unfinished move {run.Id} was copying from {run.FrozenPath}, which is gone or changed; empty the database and move again.");
                return new(MoveExitCodes.Refused);
            }

            if (await TouchedAsync(connections, run.Id, cancellationToken) is { Count: > 0 } touched)
            {
                error.WriteLine(
                    $"migrate: the database was written to since the move {run.Id} stopped (" + string.Join(", ", touched) + "); " +
                    "a monitor may have started on it. Empty the database and move again.");
                return new(MoveExitCodes.Refused);
            }

            output.WriteLine($"Resuming the move {run.Id} begun {run.StartedAt:O}, from its frozen copy {run.FrozenPath}");
        }
        else
        {
            if (await HeldAsync(connections, cancellationToken) is { Count: > 0 } held2)
            {
                error.WriteLine(
                    "migrate: the target already holds data (" + string.Join(", ", held2) + "). Move into an empty database, before any " +
                    "monitor starts on it (a monitor loads the bundled statement into an empty database unless Monitor:SeedDefaultCitations is false).");
                return new(MoveExitCodes.Refused);
            }

            run = await FreezeAsync(connections, source, cancellationToken);
            output.WriteLine($"Froze the source as {run.FrozenPath} (SHA-256 {run.FrozenSha256})");
        }

        await using var frozen = ReadOnly(run.FrozenPath);
        await frozen.OpenAsync(cancellationToken);
        var unplanned = (await frozen.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
            .Except(Plan.Select(p => p.Table)).Except(NotMoved).ToList();
        if (unplanned.Count > 0)
        {
            error.WriteLine($"migrate: the source has tables this version does not know how to move: {string.Join(", ", unplanned)}.");
            return new(MoveExitCodes.Refused);
        }

        foreach (var part in Plan)
        {
            await CopyAsync(connections, frozen, run.Id, part, batchRows, cancellationToken);
        }

        await ResetIdentitiesAsync(connections, cancellationToken);
        var verified = await VerifyAsync(services, frozen, cancellationToken);
        var counted = await CountAsync(connections, frozen, cancellationToken);
        if (!verified || !counted)
        {
            error.WriteLine("migrate: the copy does not verify (see above); the move is left unfinished, and running it again checks it again.");
            return new(MoveExitCodes.NotVerified);
        }

        await using (var work = await connections.ConnectAsync(cancellationToken))
        {
            await work.ExecuteAsync("UPDATE move_runs SET finished_at = now() WHERE id = @Id", new { run.Id }, cancellationToken);
        }

        await frozen.CloseAsync();
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { run.FrozenPath, run.FrozenPath + "-wal", run.FrozenPath + "-shm", run.FrozenPath + "-journal" })
        {
            File.Delete(file);
        }
        output.WriteLine($"Moved and verified. Point the monitor at PostgreSQL: Monitor:Database:Provider=postgres and Monitor:Database:ConnectionString. {source} is left as it was.");
        return new(MoveExitCodes.Ok);
    }

    private static ServiceProvider TargetServices(string connectionString) =>
        MonitorServices(new Dictionary<string, string?>
        {
            ["Monitor:Database:Provider"] = "postgres",
            ["Monitor:Database:ConnectionString"] = connectionString,
        });

    /// <summary>The monitor's stores over the database <paramref name="settings"/> name, the bundled statement never loaded.</summary>
    private static ServiceProvider MonitorServices(Dictionary<string, string?> settings)
    {
        settings["Monitor:SeedDefaultCitations"] = "false";
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddMonitorCore();
        return services.BuildServiceProvider();
    }

    /// <summary>A connection that only reads a SQLite file, outside the monitor's pool.</summary>
    private static SqliteConnection ReadOnly(string path) =>
        new(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());

    private static async Task<MoveRun?> RunToResumeAsync(PostgresConnectionFactory connections, string source, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.SingleOrDefaultAsync<MoveRun>(
            "SELECT id, source_path, frozen_path, frozen_sha256, started_at, finished_at FROM move_runs ORDER BY finished_at IS NULL DESC, id DESC LIMIT 1",
            null, cancellationToken);
    }

    /// <summary>The monitor's tables in the target that hold rows, with how many.</summary>
    private static async Task<List<string>> HeldAsync(PostgresConnectionFactory connections, CancellationToken cancellationToken)
    {
        var held = new List<string>();
        await using var work = await connections.ConnectAsync(cancellationToken);
        foreach (var table in Plan.Select(p => p.Table).Distinct().Concat(["job_leases", "host_turns", "host_slots"]))
        {
            var rows = await work.ScalarAsync<long>($"SELECT COUNT(*) FROM {table}", null, cancellationToken);
            if (rows > 0)
            {
                held.Add($"{table}: {rows.ToString("N0", CultureInfo.InvariantCulture)}");
            }
        }

        return held;
    }

    /// <summary>
    /// What differs in the target from what the unfinished run recorded of its copy: a table holding other than the rows
    /// its batches committed, or any row in the tables a running monitor writes and the move never does.
    /// </summary>
    private static async Task<List<string>> TouchedAsync(PostgresConnectionFactory connections, long runId, CancellationToken cancellationToken)
    {
        var touched = new List<string>();
        await using var work = await connections.ConnectAsync(cancellationToken);
        var copied = (await work.QueryAsync<(string Part, long Rows)>(
                "SELECT part, rows FROM move_progress WHERE run_id = @runId", new { runId }, cancellationToken))
            .ToDictionary(p => p.Part, p => p.Rows, StringComparer.Ordinal);
        foreach (var table in Plan.GroupBy(p => p.Table))
        {
            var expected = table.Sum(part => copied.GetValueOrDefault(part.Name));
            var rows = await work.ScalarAsync<long>($"SELECT COUNT(*) FROM {table.Key}", null, cancellationToken);
            if (rows != expected)
            {
                touched.Add(FormattableString.Invariant($"{table.Key}: {rows:N0} rows, the move copied {expected:N0}"));
            }
        }

        foreach (var table in new[] { "job_leases", "host_turns", "host_slots" })
        {
            if (await work.ScalarAsync<long>($"SELECT COUNT(*) FROM {table}", null, cancellationToken) is var rows and > 0)
            {
                touched.Add(FormattableString.Invariant($"{table}: {rows:N0} rows"));
            }
        }

        return touched;
    }

    /// <summary>
    /// A copy of the source taken in one read transaction (<c>VACUUM INTO</c>), beside it, brought to this version's
    /// schema and chain; the run that copies from it is recorded in the target.
    /// </summary>
    private async Task<MoveRun> FreezeAsync(PostgresConnectionFactory connections, string source, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var frozenPath = $"{source}.move-{started.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.db";
        await using (var live = ReadOnly(source))
        {
            await live.OpenAsync(cancellationToken);
            await live.ExecuteAsync(new CommandDefinition("VACUUM INTO @path", new { path = frozenPath }, cancellationToken: cancellationToken));
        }

        // The frozen copy at this version's schema, every snapshot in the chain: what the target holds too.
        await using (var sqlite = MonitorServices(new Dictionary<string, string?> { ["Monitor:DatabasePath"] = frozenPath }))
        {
            var applied = await sqlite.GetRequiredService<Migrator>().MigrateAsync(cancellationToken);
            var sealedNow = await SnapshotChain.SealPendingAsync(sqlite.GetRequiredService<IDbConnectionFactory>(), cancellationToken);
            if (applied > 0 || sealedNow > 0)
            {
                output.WriteLine($"Brought the frozen copy up to date: {applied} migration(s), {sealedNow} snapshot(s) sealed");
            }
        }

        SqliteConnection.ClearAllPools();
        var sha256 = await Sha256Async(frozenPath, cancellationToken);
        await using var work = await connections.ConnectAsync(cancellationToken);
        var id = await work.ScalarAsync<long>(
            "INSERT INTO move_runs (source_path, frozen_path, frozen_sha256, started_at) VALUES (@source, @frozenPath, @sha256, @started) RETURNING id",
            new { source, frozenPath, sha256, started }, cancellationToken);
        return new MoveRun { Id = id, SourcePath = source, FrozenPath = frozenPath, FrozenSha256 = sha256, StartedAt = started };
    }

    /// <summary>
    /// Copies one part in batches of rows (in the source's row order), each batch and the part's progress in one
    /// transaction: an interrupted copy leaves whole batches only, and resumes after the last.
    /// </summary>
    private async Task CopyAsync(
        PostgresConnectionFactory connections, SqliteConnection frozen, long runId, MovePart part, int batchRows, CancellationToken cancellationToken)
    {
        var columns = await TargetColumnsAsync(connections, part.Table, cancellationToken);
        var sourceColumns = (await frozen.QueryAsync<string>("SELECT name FROM pragma_table_info(@table)", new { table = part.Table })).ToList();
        if (sourceColumns.Except(columns.Select(c => c.Name), StringComparer.Ordinal).ToList() is { Count: > 0 } unknown)
        {
            // Nothing of the source is left behind unsaid.
            throw new InvalidOperationException($"{part.Table} has columns PostgreSQL's schema lacks ({string.Join(", ", unknown)}); this version cannot move them");
        }

        var names = string.Join(", ", columns.Select(c => c.Name));
        var filter = part.Filter is null ? "" : $" AND ({part.Filter})";
        long last;
        long copied;
        await using (var work = await connections.ConnectAsync(cancellationToken))
        {
            var progress = await work.SingleOrDefaultAsync<(long LastRowid, long Rows)?>(
                "SELECT last_rowid, rows FROM move_progress WHERE run_id = @runId AND part = @Name", new { runId, part.Name }, cancellationToken);
            (last, copied) = progress ?? (0, 0);
        }

        var total = await frozen.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {part.Table} WHERE 1 = 1{filter}");
        while (true)
        {
            await using var read = frozen.CreateCommand();
            read.CommandText = $"SELECT rowid, {names} FROM {part.Table} WHERE rowid > $last{filter} ORDER BY rowid LIMIT $limit";
            read.Parameters.AddWithValue("$last", last);
            read.Parameters.AddWithValue("$limit", batchRows);
            await using var rows = await read.ExecuteReaderAsync(cancellationToken);
            await using var connection = (NpgsqlConnection)await connections.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var inBatch = 0;
            var batchLast = last;
            await using (var import = await connection.BeginBinaryImportAsync($"COPY {part.Table} ({names}) FROM STDIN (FORMAT BINARY)", cancellationToken))
            {
                while (await rows.ReadAsync(cancellationToken))
                {
                    batchLast = rows.GetInt64(0);
                    await import.StartRowAsync(cancellationToken);
                    for (var i = 0; i < columns.Count; i++)
                    {
                        var column = columns[i];
                        var value = part.Cleared.Contains(column.Name) || rows.IsDBNull(i + 1) ? null : rows.GetValue(i + 1);
                        if (value is null)
                        {
                            await import.WriteNullAsync(cancellationToken);
                            continue;
                        }

                        var (converted, type) = Convert(value, column, part.Table, batchLast);
                        await import.WriteAsync(converted, type, cancellationToken);
                    }

                    inBatch++;
                }

                if (inBatch == 0)
                {
                    break;
                }

                await import.CompleteAsync(cancellationToken);
            }

            copied += inBatch;
            await using (var progress = new NpgsqlCommand(
                """
                INSERT INTO move_progress (run_id, part, last_rowid, rows) VALUES ($1, $2, $3, $4)
                ON CONFLICT (run_id, part) DO UPDATE SET last_rowid = excluded.last_rowid, rows = excluded.rows
                """, connection, transaction))
            {
                progress.Parameters.Add(new NpgsqlParameter<long> { TypedValue = runId });
                progress.Parameters.Add(new NpgsqlParameter<string> { TypedValue = part.Name });
                progress.Parameters.Add(new NpgsqlParameter<long> { TypedValue = batchLast });
                progress.Parameters.Add(new NpgsqlParameter<long> { TypedValue = copied });
                await progress.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            last = batchLast;
            output.WriteLine($"  {part.Name}: {copied.ToString("N0", CultureInfo.InvariantCulture)} of {total.ToString("N0", CultureInfo.InvariantCulture)}");
        }
    }

    /// <summary>A value as read from SQLite, as the target column takes it; a value it cannot take names its place.</summary>
    private static (object Value, NpgsqlDbType Type) Convert(object value, TargetColumn column, string table, long rowid)
    {
        try
        {
            return column.DataType switch
            {
                "timestamp with time zone" => (DbTime.FromDb((string)value).UtcDateTime, NpgsqlDbType.TimestampTz),
                "bigint" => (System.Convert.ToInt64(value, CultureInfo.InvariantCulture), NpgsqlDbType.Bigint),
                "integer" => (System.Convert.ToInt32(value, CultureInfo.InvariantCulture), NpgsqlDbType.Integer),
                "smallint" => (System.Convert.ToInt16(value, CultureInfo.InvariantCulture), NpgsqlDbType.Smallint),
                "double precision" => (System.Convert.ToDouble(value, CultureInfo.InvariantCulture), NpgsqlDbType.Double),
                "bytea" => ((byte[])value, NpgsqlDbType.Bytea),
                "text" => (Text(value), NpgsqlDbType.Text),
                _ => throw new InvalidOperationException($"a column of type {column.DataType}, which this version does not move"),
            };
        }
        catch (Exception ex) when (ex is InvalidCastException or FormatException or OverflowException or InvalidOperationException)
        {
            throw new InvalidOperationException($"{table} row {rowid}, column {column.Name}: {ex.Message}", ex);
        }
    }

    private static string Text(object value)
    {
        if (value is byte[])
        {
            throw new InvalidOperationException("holds bytes where text belongs");
        }

        var text = value as string ?? System.Convert.ToString(value, CultureInfo.InvariantCulture)!;
        return text.Contains('\0', StringComparison.Ordinal)
            ? throw new InvalidOperationException("holds a NUL character, which PostgreSQL's text cannot")
            : text;
    }

    private static async Task<List<TargetColumn>> TargetColumnsAsync(PostgresConnectionFactory connections, string table, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.QueryAsync<TargetColumn>(
            """
            SELECT column_name AS name, data_type FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = @table ORDER BY ordinal_position
            """, new { table }, cancellationToken);
    }

    /// <summary>New rows in the target take ids after the moved ones.</summary>
    private static async Task ResetIdentitiesAsync(PostgresConnectionFactory connections, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        var tables = await work.QueryAsync<string>(
            """
            SELECT table_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND column_name = 'id' AND is_identity = 'YES'
            """, null, cancellationToken);
        foreach (var table in tables.Except(Markers))
        {
            await work.ScalarAsync<long>(
                $"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 1), (SELECT MAX(id) FROM {table}) IS NOT NULL)",
                null, cancellationToken);
        }
    }

    /// <summary>Every body and text opened against its SHA-256, and the chain verified and compared with the source's head.</summary>
    private async Task<bool> VerifyAsync(ServiceProvider services, SqliteConnection frozen, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<FixityStore>();
        var ok = true;
        foreach (var content in new[] { StoredContent.Bodies, StoredContent.Texts })
        {
            long verified = 0;
            var failed = 0;
            var after = "";
            while (true)
            {
                var batch = await store.NextBatchAsync(content, after, 200, cancellationToken);
                foreach (var item in batch)
                {
                    if (FixityRunner.Verify(item) is { } problem)
                    {
                        failed++;
                        error.WriteLine($"  {content.Target} {item.Sha256}: {problem.Problem}: {problem.Detail}");
                    }
                    else
                    {
                        verified++;
                    }
                }

                if (batch.Count < 200)
                {
                    break;
                }

                after = batch[^1].Sha256;
            }

            var missing = await store.MissingAsync(content, cancellationToken);
            foreach (var item in missing)
            {
                error.WriteLine($"  {content.Target} {item.Sha256} of snapshot(s) {string.Join(", ", item.SnapshotIds)}: missing");
            }

            output.WriteLine($"Verified {verified.ToString("N0", CultureInfo.InvariantCulture)} {content.Table} against their SHA-256: {failed + missing.Count} failure(s)");
            ok &= failed == 0 && missing.Count == 0;
        }

        var chain = await services.GetRequiredService<ChainVerifier>().VerifyAsync(cancellationToken);
        var sourceHead = await frozen.QuerySingleOrDefaultAsync<(long Id, string Hash)?>(
            "SELECT id, record_hash FROM snapshots WHERE record_hash IS NOT NULL ORDER BY id DESC LIMIT 1");
        var sameHead = sourceHead is null ? chain.HeadSnapshotId is null : chain.HeadSnapshotId == sourceHead.Value.Id && chain.HeadRecordHash == sourceHead.Value.Hash;
        output.WriteLine(
            chain.Intact
                ? $"Verified the hash chain: intact, {chain.Length.ToString("N0", CultureInfo.InvariantCulture)} records, head snapshot {chain.HeadSnapshotId} {chain.HeadRecordHash} ({(sameHead ? "the source's head" : "NOT the source's head")})"
                : $"The hash chain is broken at snapshot {chain.FirstBroken!.SnapshotId} ({chain.FirstBroken.Problem}): {chain.FirstBroken.Detail}");
        return ok && chain.Intact && sameHead;
    }

    /// <summary>The rows of every table on both sides, printed side by side; true when all agree.</summary>
    private async Task<bool> CountAsync(PostgresConnectionFactory connections, SqliteConnection frozen, CancellationToken cancellationToken)
    {
        output.WriteLine($"{"table",-22} {"sqlite",12} {"postgres",12}");
        var same = true;
        await using var work = await connections.ConnectAsync(cancellationToken);
        foreach (var table in Plan.Select(p => p.Table).Distinct())
        {
            var left = await frozen.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
            var right = await work.ScalarAsync<long>($"SELECT COUNT(*) FROM {table}", null, cancellationToken);
            same &= left == right;
            output.WriteLine($"{table,-22} {left,12:N0} {right,12:N0}{(left == right ? "" : "  DIFFERS")}");
        }

        return same;
    }

    private static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        return System.Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
    }

    private sealed class MoveRun
    {
        public long Id { get; init; }

        public string SourcePath { get; init; } = "";

        public string FrozenPath { get; init; } = "";

        public string FrozenSha256 { get; init; } = "";

        public DateTimeOffset StartedAt { get; init; }

        public DateTimeOffset? FinishedAt { get; init; }
    }

    private sealed class TargetColumn
    {
        public string Name { get; init; } = "";

        public string DataType { get; init; } = "";
    }
}

/// <summary>One step of a move: the rows of <paramref name="Table"/> that <paramref name="Filter"/> selects (all without one).</summary>
internal sealed record MovePart(string Name, string Table, string? Filter = null, IReadOnlyList<string>? Cleared = null)
{
    /// <summary>Columns left empty in the target: a lease a process of the source held means nothing to the target's.</summary>
    public IReadOnlyList<string> Cleared { get; } = Cleared ?? [];
}
