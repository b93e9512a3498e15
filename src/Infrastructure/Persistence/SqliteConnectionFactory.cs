using System.Data.Common;
using System.Runtime.CompilerServices;
using CitationMonitor.Infrastructure.Options;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using SQLitePCL;

namespace CitationMonitor.Infrastructure.Persistence;

[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Design", "CA1001", Justification = "The writer turn's semaphore is never disposed: a write ending after the host stopped must still give its turn back.")]
internal sealed class SqliteConnectionFactory : IDbConnectionFactory
{
    private readonly string _connectionString;

    /// <summary>
    /// The settings of each connection, made once per connection SQLite opens (a pooled connection keeps them):
    /// <list type="bullet">
    /// <item>foreign keys enforced;</item>
    /// <item>a wait of up to 10 s on a database another connection is writing;</item>
    /// <item>in WAL mode, <c>synchronous = NORMAL</c>: each commit is written to the log without waiting for the disk,
    /// and the log is synced at each checkpoint. A killed process loses nothing committed; a power cut may lose the last
    /// commits, never the database's consistency (a check not recorded is simply made again). FULL waited for the disk
    /// on every check's commit, which serialised a sweep behind the disk.</item>
    /// <item>statement journals in memory (<c>temp_store = MEMORY</c>): a savepoint of a batch of checks
    /// (<see cref="WriteBatches"/>) keeps the pages it changes there, which spilled to a temporary file past 64 KB.</item>
    /// </list>
    /// Made on every open, they were three statements of each of the nine or so opens of a check.
    /// </summary>
    private const string Pragmas = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY;";

    private static readonly object Prepared = new();

    // The connections SQLite opened that have their settings, by handle: a pooled connection keeps its handle.
    private readonly ConditionalWeakTable<sqlite3, object> _prepared = [];

    // The database's folder is made before the first connection opens, not before every one (a system call each).
    private bool _folderMade;

    // SQLite has one writer at a time. Without a turn of their own, a process's writers would all ask for the lock, and
    // those refused would sleep in SQLite's busy handler (1, 2, 5, 10 ms and longer) while the lock was already free,
    // or held by a writer the OS had put aside. In turn they queue without sleeping; other processes still meet the
    // lock and its busy timeout. Never disposed: a write that ends after the host has stopped still gives its turn back
    // (a SemaphoreSlim holds nothing to free unless its wait handle is asked for).
    private readonly SemaphoreSlim _writer = new(1, 1);

    public SqliteConnectionFactory(IOptions<MonitorOptions> options)
    {
        // Every store reads and writes through these connections: the conventions are in place before the first query.
        DapperConventions.Register();
        DatabaseFile = Path.GetFullPath(options.Value.DatabasePath, Directory.GetCurrentDirectory());
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabaseFile,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // Foreign keys are switched on once per connection with the other settings (Pragmas), not on every open.
            Pooling = true,
            // Seconds a command waits on a locked database before it gives up.
            DefaultTimeout = 30,
        }.ToString();
    }

    public string DatabaseFile { get; }

    public ISqlDialect Dialect => SqliteDialect.Instance;

    /// <inheritdoc/>
    public async ValueTask<IDisposable?> WriterTurnAsync(CancellationToken cancellationToken)
    {
        // As long as a command waits on a locked database: a turn never given back is an error, not a hang.
        if (!await _writer.WaitAsync(TurnTimeout, cancellationToken))
        {
            throw new TimeoutException($"No turn to write to {DatabaseFile} within {TurnTimeout.TotalSeconds:F0} s: another write of this process held it all that time.");
        }

        return new Turn(_writer);
    }

    private static readonly TimeSpan TurnTimeout = TimeSpan.FromSeconds(30);

    private sealed class Turn(SemaphoreSlim writer) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                writer.Release();
            }
        }
    }

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
            if (!_prepared.TryGetValue(connection.Handle!, out _))
            {
                await using var pragma = connection.CreateCommand();
                pragma.CommandText = Pragmas;
                await pragma.ExecuteNonQueryAsync(cancellationToken);
                _prepared.AddOrUpdate(connection.Handle!, Prepared);
            }

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
