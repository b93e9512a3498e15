using System.Data.Common;
using CitationMonitor.Infrastructure.Options;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Persistence;

internal sealed class SqliteConnectionFactory : IDbConnectionFactory
{
    private readonly string _connectionString;

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
        var directory = Path.GetDirectoryName(DatabaseFile);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA busy_timeout = 10000;";
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
