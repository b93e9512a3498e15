using System.Globalization;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Persistence;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Backups;

/// <summary>A backup file just written: where, how big, what SQLite's integrity check says of it, and what it holds.</summary>
internal sealed record BackupFile(string FileName, string Path, long SizeBytes, string IntegrityCheck, long Snapshots, DateTimeOffset CreatedAt)
{
    public bool Ok => IntegrityCheck == "ok";
}

/// <summary>
/// A consistent copy of the live database, taken while checks keep writing: SQLite's <c>VACUUM INTO</c> reads one
/// snapshot of the database (a read transaction, so writers are not blocked under WAL) and writes it compacted to a new
/// file, which is then opened on its own and checked with <c>PRAGMA integrity_check</c>. This is the one part of the
/// persistence that is SQLite's own: on a server database the same is the engine's dump tool (e.g. <c>pg_dump</c>).
/// </summary>
internal sealed class DatabaseBackup(IDbConnectionFactory connections, IOptions<BackupOptions> options, TimeProvider time, ILogger<DatabaseBackup> logger)
{
    public string Directory { get; } = System.IO.Path.GetFullPath(options.Value.Directory, System.IO.Directory.GetCurrentDirectory());

    public async Task<BackupFile> CreateAsync(CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var now = time.GetUtcNow();
        var path = FreePath(now);

        await using (var connection = await connections.OpenAsync(cancellationToken))
        {
            await connection.ExecuteAsync(new CommandDefinition("VACUUM INTO @path", new { path }, cancellationToken: cancellationToken));
        }

        var (integrity, snapshots) = await InspectAsync(path, cancellationToken);
        var backup = new BackupFile(System.IO.Path.GetFileName(path), path, new FileInfo(path).Length, integrity, snapshots, now);
        if (backup.Ok)
        {
            logger.LogInformation("Backup written to {Path}: {Size} bytes, {Snapshots} snapshots, integrity ok", path, backup.SizeBytes, snapshots);
        }
        else
        {
            logger.LogError("Backup written to {Path} fails its integrity check: {Integrity}", path, integrity);
        }

        return backup;
    }

    /// <summary>Opens a backup read-only, on a connection of its own that leaves no handle behind.</summary>
    internal static async Task<(string Integrity, long Snapshots)> InspectAsync(string path, CancellationToken cancellationToken)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var messages = (await connection.QueryAsync<string>(new CommandDefinition("PRAGMA integrity_check", cancellationToken: cancellationToken))).AsList();
        var snapshots = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM snapshots", cancellationToken: cancellationToken));
        return (string.Join("; ", messages), snapshots);
    }

    /// <summary><c>monitor-20260301T101500Z.db</c>, with <c>-2</c>, <c>-3</c>… when two backups fall in one second.</summary>
    private string FreePath(DateTimeOffset now)
    {
        var stem = "monitor-" + now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var path = System.IO.Path.Combine(Directory, stem + ".db");
        for (var n = 2; File.Exists(path); n++)
        {
            path = System.IO.Path.Combine(Directory, $"{stem}-{n}.db");
        }

        return path;
    }
}
