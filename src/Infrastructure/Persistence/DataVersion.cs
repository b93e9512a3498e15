using System.Data.Common;
using CitationMonitor.Infrastructure.Options;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CitationMonitor.Infrastructure.Persistence;

/// <summary>
/// A number that changes whenever anything is committed to the database, by this process or any other on the same file
/// (an API and a worker, two APIs), so that what was read at one number may be served again while the number stands.
/// </summary>
/// <remarks>
/// SQLite's <c>PRAGMA data_version</c> changes on a connection when another connection has committed since that
/// connection last looked, and never for the connection's own writes: so it is asked on a connection of its own that
/// never writes, which therefore sees every commit, whoever made it. Its values mean something to this process only; a
/// process-wide counter moves on each change seen. Asking costs a lock and one statement that reads the WAL index in
/// shared memory, no page of the file.
/// On PostgreSQL the number moves with the server's write-ahead log (<c>pg_current_wal_insert_lsn()</c>), which every
/// commit of every session advances; it also moves for writes that change nothing read here, which costs a read made
/// anew, never a stale one.
/// </remarks>
public sealed class DataVersion : IDisposable
{
    private readonly Lock _lock = new();
    private readonly string _connectionString;
    private readonly bool _postgres;
    private DbConnection? _connection;
    private DbCommand? _command;
    private object? _seen;
    private long _version;

    public DataVersion(IOptions<MonitorOptions> options, IOptions<DatabaseOptions> database)
    {
        if (database.Value.Provider == DatabaseProvider.Postgres)
        {
            _postgres = true;
            _connectionString = new NpgsqlConnectionStringBuilder(database.Value.ConnectionString)
            {
                // A session of its own, kept open: asking costs one round trip.
                Pooling = false,
                ApplicationName = "citation-monitor (data version)",
                // A read never waits long on it: without an answer, the read is simply made afresh.
                Timeout = 3,
                CommandTimeout = 3,
            }.ConnectionString;
            return;
        }

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(options.Value.DatabasePath, Directory.GetCurrentDirectory()),
            // Read-write, though it only reads: a read-only connection to a file in WAL mode depends on who else keeps
            // the shared-memory index open. Its own connection, never one of the pool's: those write, and their own
            // writes would not count.
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString();
    }

    /// <summary>
    /// The number now: different from every number given out before the last commit of any process. Null when the
    /// database cannot be asked (then nothing read may be taken as current); the next call opens a new connection.
    /// </summary>
    public long? Current()
    {
        lock (_lock)
        {
            try
            {
                if (_command is null)
                {
                    _connection = _postgres ? new NpgsqlConnection(_connectionString) : new SqliteConnection(_connectionString);
                    _connection.Open();
                    _command = _connection.CreateCommand();
                    // The log position moves with every commit; the snapshot's list of transactions in progress keeps one
                    // that has written its commit but is not yet visible, so a read made in between is not taken as current.
                    _command.CommandText = _postgres ? "SELECT pg_current_wal_insert_lsn()::text || ' ' || pg_current_snapshot()::text" : "PRAGMA data_version";
                    _command.Prepare();
                }

                var seen = _command.ExecuteScalar();
                if (!Equals(seen, _seen))
                {
                    _seen = seen;
                    _version++;
                }

                return _version;
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException or System.Net.Sockets.SocketException)
            {
                Close();

                // A new connection starts a new sequence: what was read before it may be stale.
                _seen = null;
                _version++;
                return null;
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            Close();
        }
    }

    private void Close()
    {
        _command?.Dispose();
        _connection?.Dispose();
        _command = null;
        _connection = null;
    }
}
