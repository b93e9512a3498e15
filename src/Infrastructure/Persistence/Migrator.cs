using System.Reflection;
using Dapper;
using Microsoft.Extensions.Logging;

namespace CitationMonitor.Infrastructure.Persistence;

/// <summary>
/// Applies the numbered scripts of the engine (Persistence/Migrations for SQLite, Persistence/PostgresMigrations for
/// PostgreSQL) once each, in order, each in its own transaction, and records them in <c>schema_migrations</c>. Both
/// engines number their scripts alike: a schema change is a pair of scripts with one number, so that both say which
/// version they are at in the same words.
/// </summary>
internal sealed class Migrator(IDbConnectionFactory connections, TimeProvider time, ILogger<Migrator> logger)
{
    private const string SqlitePrefix = "CitationMonitor.Infrastructure.Persistence.Migrations.";
    private const string PostgresPrefix = "CitationMonitor.Infrastructure.Persistence.PostgresMigrations.";

    /// <summary>SQLite's migrations.</summary>
    public static IReadOnlyList<Migration> All { get; } = LoadMigrations(SqlitePrefix);

    /// <summary>
    /// PostgreSQL's: the first brings a new database to the version SQLite reached in many steps, and records that
    /// version; later ones pair with SQLite's of the same number.
    /// </summary>
    public static IReadOnlyList<Migration> Postgres { get; } = LoadMigrations(PostgresPrefix);

    /// <summary>The migrations of <paramref name="provider"/>.</summary>
    public static IReadOnlyList<Migration> For(DatabaseProvider provider) => provider == DatabaseProvider.Postgres ? Postgres : All;

    /// <summary>The schema version of the newest migration of <paramref name="provider"/>.</summary>
    public static int LatestVersion(DatabaseProvider provider) => For(provider)[^1].Version;

    /// <summary>How many migrations the database has applied: a query every database that answers can run.</summary>
    public async Task<int> AppliedCountAsync(CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.ScalarAsync<int>("SELECT COUNT(*) FROM schema_migrations", null, cancellationToken);
    }

    /// <summary>The version the database's schema is at (0 for a new one).</summary>
    public async Task<int> VersionAsync(CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.ScalarAsync<int?>("SELECT MAX(version) FROM schema_migrations", null, cancellationToken) ?? 0;
    }

    public async Task<int> MigrateAsync(CancellationToken cancellationToken) =>
        await MigrateToAsync(int.MaxValue, cancellationToken);

    /// <summary>Applies migrations up to and including <paramref name="targetVersion"/>; returns how many ran.</summary>
    public async Task<int> MigrateToAsync(int targetVersion, CancellationToken cancellationToken)
    {
        // PostgreSQL: the processes starting together queue here, and each finds the others' migrations applied.
        await using var held = await connections.HoldAsync("migrate", cancellationToken);
        await using var connection = await connections.OpenAsync(cancellationToken);
        var provider = connections.Dialect.Provider;
        if (provider == DatabaseProvider.Sqlite)
        {
            // WAL lets the API read while the scheduler writes; the setting is stored in the file.
            await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode = WAL;", cancellationToken: cancellationToken));
        }

        await connection.ExecuteAsync(new CommandDefinition(
            provider == DatabaseProvider.Postgres
                ? """
                  CREATE TABLE IF NOT EXISTS schema_migrations (
                      version    integer     PRIMARY KEY,
                      name       text        NOT NULL,
                      applied_at timestamptz NOT NULL
                  );
                  """
                : """
                  CREATE TABLE IF NOT EXISTS schema_migrations (
                      version    INTEGER PRIMARY KEY,
                      name       TEXT    NOT NULL,
                      applied_at TEXT    NOT NULL
                  );
                  """, cancellationToken: cancellationToken));

        var ran = 0;
        foreach (var migration in For(provider).Where(m => m.Version <= targetVersion))
        {
            // A script that rebuilds a table runs with foreign keys off, as SQLite's own procedure for altering a table
            // asks (the pragma is a no-op inside a transaction, so it is set before); every reference is checked before
            // the commit, and the keys are back on whatever happens.
            if (migration.RebuildsTables)
            {
                await connection.ExecuteAsync(new CommandDefinition("PRAGMA foreign_keys = OFF;", cancellationToken: cancellationToken));
            }

            try
            {
                if (await ApplyAsync(connection, migration, cancellationToken))
                {
                    ran++;
                }
            }
            finally
            {
                if (migration.RebuildsTables)
                {
                    await connection.ExecuteAsync(new CommandDefinition("PRAGMA foreign_keys = ON;", cancellationToken: CancellationToken.None));
                }
            }
        }

        return ran;
    }

    /// <summary>Applies one migration unless another process has; returns whether this one did.</summary>
    private async Task<bool> ApplyAsync(System.Data.Common.DbConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        // The write lock is taken first and the record read inside it, so two processes starting
        // on a new database apply each migration exactly once between them.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var applied = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = @Version)",
            new { migration.Version }, transaction, cancellationToken: cancellationToken));
        if (applied)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
        if (migration.RebuildsTables)
        {
            var broken = (await connection.QueryAsync<(string Table, long? RowId, string Parent)>(new CommandDefinition(
                "SELECT \"table\", rowid, parent FROM pragma_foreign_key_check", transaction: transaction, cancellationToken: cancellationToken))).AsList();
            if (broken.Count > 0)
            {
                throw new InvalidOperationException(
                    $"Migration {migration.Version} {migration.Name} would leave {broken.Count} references broken (first: {broken[0].Table} row {broken[0].RowId} to {broken[0].Parent}); nothing was changed.");
            }
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
            new { migration.Version, migration.Name, AppliedAt = time.GetUtcNow() },
            transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Applied migration {Version} {Name}", migration.Version, migration.Name);
        foreach (var note in await NotesAsync(connection, connections.Dialect.Provider, migration.Version, cancellationToken))
        {
            logger.LogWarning("Migration {Version} {Name}: {Note}", migration.Version, migration.Name, note);
        }

        return true;
    }

    /// <summary>What a migration left for the operator to read (table <c>migration_notes</c>, once a migration made it).</summary>
    private static async Task<IReadOnlyList<string>> NotesAsync(
        System.Data.Common.DbConnection connection, DatabaseProvider provider, int version, CancellationToken cancellationToken)
    {
        var hasNotes = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            provider == DatabaseProvider.Postgres
                ? "SELECT to_regclass('migration_notes') IS NOT NULL"
                : "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migration_notes')",
            cancellationToken: cancellationToken));
        return hasNotes
            ? (await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT note FROM migration_notes WHERE version = @version ORDER BY id", new { version }, cancellationToken: cancellationToken))).AsList()
            : [];
    }

    private static List<Migration> LoadMigrations(string prefix)
    {
        var assembly = typeof(Migrator).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => Load(assembly, prefix, name))
            .OrderBy(m => m.Version)];
    }

    private static Migration Load(Assembly assembly, string prefix, string resource)
    {
        var fileName = resource[prefix.Length..^".sql".Length];
        var separator = fileName.IndexOf('_', StringComparison.Ordinal);
        var version = int.Parse(fileName[..separator], System.Globalization.CultureInfo.InvariantCulture);
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return new Migration(version, fileName[(separator + 1)..], reader.ReadToEnd());
    }
}

internal sealed record Migration(int Version, string Name, string Sql)
{
    /// <summary>The script rebuilds a table (its first line is <c>-- migrate: rebuilds tables</c>): it runs with foreign keys off.</summary>
    public bool RebuildsTables => Sql.StartsWith("-- migrate: rebuilds tables", StringComparison.Ordinal);
}
