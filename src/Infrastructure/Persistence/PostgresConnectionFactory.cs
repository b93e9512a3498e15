using System.Data.Common;
using System.Net.Sockets;
using CitationMonitor.Infrastructure.Options;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CitationMonitor.Infrastructure.Persistence;

/// <summary>
/// Connections to the PostgreSQL database of <c>Monitor:Database:ConnectionString</c>, from one Npgsql data source (and
/// its pool) per process. Writers need no turn: PostgreSQL has many at once, kept apart by row and advisory locks.
/// </summary>
internal sealed class PostgresConnectionFactory : IDbConnectionFactory, IAsyncDisposable
{
    private readonly Lazy<NpgsqlDataSource> _source;
    private string? _unpooled;

    public PostgresConnectionFactory(IOptions<DatabaseOptions> options)
    {
        DapperConventions.Register();
        _source = new(() =>
        {
            var builder = new NpgsqlDataSourceBuilder(options.Value.ConnectionString);
            if (string.IsNullOrEmpty(builder.ConnectionStringBuilder.ApplicationName))
            {
                // What pg_stat_activity shows the monitor's sessions as.
                builder.ConnectionStringBuilder.ApplicationName = "citation-monitor";
            }

            // The monitor leaves no state in a session (no SET, no temporary table; its session locks are held on
            // connections outside the pool, below), so a connection going back to the pool needs no DISCARD ALL: that
            // round trip was half the statements of a check.
            builder.ConnectionStringBuilder.NoResetOnClose = true;

            _unpooled = new NpgsqlConnectionStringBuilder(builder.ConnectionStringBuilder.ConnectionString) { Pooling = false }.ConnectionString;

            Description = DatabaseOptions.Describe(builder.ConnectionStringBuilder);
            return builder.Build();
        });
    }

    /// <summary>Where the connections go, without the password: for messages.</summary>
    public string Description { get; private set; } = "";

    public ISqlDialect Dialect => PostgresDialect.Instance;

    public NpgsqlDataSource DataSource => _source.Value;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _source.Value.OpenConnectionAsync(cancellationToken);

    /// <inheritdoc/>
    /// <remarks>
    /// A session's advisory lock, on a connection of its own outside the pool, keyed by the name within the schema (so
    /// that databases, and the tests' schemas, do not wait on one another); the server lets it go when the session ends,
    /// which closing that connection does.
    /// </remarks>
    public async ValueTask<IAsyncDisposable?> HoldAsync(string name, CancellationToken cancellationToken)
    {
        _ = _source.Value;
        var connection = new NpgsqlConnection(_unpooled);
        await connection.OpenAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(hashtextextended(current_schema() || $1, 0))", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = "/" + name });
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new Held(connection, name);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private sealed class Held(NpgsqlConnection connection, string name) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtextextended(current_schema() || $1, 0))", connection);
                command.Parameters.Add(new NpgsqlParameter { Value = "/" + name });
                await command.ExecuteNonQueryAsync(CancellationToken.None);
            }
            finally
            {
                // Closing the session lets the lock go in any case.
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Opens one connection, or says in one line why the database cannot be reached: the key that names it, where it
    /// points (never the password) and the cause.
    /// </summary>
    public async Task EnsureReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
        {
            throw new DatabaseUnavailableException(
                $"{DatabaseOptions.Section}:{nameof(DatabaseOptions.ConnectionString)}: cannot use PostgreSQL at {Description}: {Cause(ex)}", ex);
        }
    }

    private static string Cause(Exception ex) => ex switch
    {
        PostgresException postgres => $"{postgres.MessageText} ({postgres.SqlState})",
        NpgsqlException { InnerException: SocketException socket } => socket.Message,
        NpgsqlException { InnerException: TimeoutException } => "no answer in time",
        _ => ex.Message,
    };

    public async ValueTask DisposeAsync()
    {
        if (_source.IsValueCreated)
        {
            await _source.Value.DisposeAsync();
        }
    }
}

/// <summary>The database named in the settings cannot be reached or used: the message is one line, without secrets.</summary>
public sealed class DatabaseUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
