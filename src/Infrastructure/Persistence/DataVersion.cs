using CitationMonitor.Infrastructure.Options;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

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
/// </remarks>
public sealed class DataVersion : IDisposable
{
    private readonly Lock _lock = new();
    private readonly string _connectionString;
    private SqliteConnection? _connection;
    private SqliteCommand? _command;
    private long _seen = -1;
    private long _version;

    public DataVersion(IOptions<MonitorOptions> options)
    {
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
                    _connection = new SqliteConnection(_connectionString);
                    _connection.Open();
                    _command = _connection.CreateCommand();
                    _command.CommandText = "PRAGMA data_version";
                    _command.Prepare();
                }

                var seen = (long)_command.ExecuteScalar()!;
                if (seen != _seen)
                {
                    _seen = seen;
                    _version++;
                }

                return _version;
            }
            catch (SqliteException)
            {
                Close();

                // A new connection starts a new sequence: what was read before it may be stale.
                _seen = -1;
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
