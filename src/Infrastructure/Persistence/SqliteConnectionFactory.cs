using System.Data.Common;
using CitationMonitor.Infrastructure.Options;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Persistence;

internal sealed class SqliteConnectionFactory : IDbConnectionFactory
{
    private readonly string _connectionString;

    // The database's folder is made before the first connection opens, not before every one (a system call each).
    private bool _folderMade;

    public SqliteConnectionFactory(IOptions<MonitorOptions> options)
    {
        // Every store reads and writes through these connections: the conventions are in place before the first query.
        DapperConventions.Register();
        DatabaseFile = Path.GetFullPath(options.Value.DatabasePath, Directory.GetCurrentDirectory());
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabaseFile,
            Mode = SqliteOpenMode.ReadWriteCreate,
            ForeignKeys = true,
            Pooling = true,
            // Seconds a command waits on a locked database before it gives up.
            DefaultTimeout = 30,
        }.ToString();
    }

    public string DatabaseFile { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_folderMade)
        {
            var directory = Path.GetDirectoryName(DatabaseFile);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            _folderMade = true;
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragma = connection.CreateCommand();
            // In WAL mode, NORMAL writes each commit to the log without waiting for the disk; the log is synced at each
            // checkpoint. A killed process loses nothing committed; a power cut may lose the last commits, never the
            // database's consistency (a check not recorded is simply made again). FULL waited for the disk on every
            // check's commit, which serialised a sweep behind the disk.
            pragma.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);

            // SQLite's own LOWER() folds ASCII only; this one folds every script, as other engines do, so the same
            // SQL finds "MÉXICO" with "méxico".
            connection.CreateFunction("lower", (string? value) => value?.ToLowerInvariant(), isDeterministic: true);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
