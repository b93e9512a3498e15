using CitationMonitor.Infrastructure.Options;
using Npgsql;

namespace CitationMonitor.TestSupport.Databases;

/// <summary>
/// The PostgreSQL server the tests use, named by the environment variable <c>MONITOR_TEST_POSTGRES</c> (an Npgsql
/// connection string; <c>.ci/run</c> installs and starts a server on loopback and sets it). Without it, or when the
/// server does not answer, the PostgreSQL runs of the tests report themselves skipped with the reason, unless
/// <c>MONITOR_TEST_POSTGRES_REQUIRED=1</c> says they must run (then they fail with it).
/// </summary>
public static class PostgresServer
{
    public const string Variable = "MONITOR_TEST_POSTGRES";
    public const string RequiredVariable = "MONITOR_TEST_POSTGRES_REQUIRED";

    private static readonly Lazy<string?> Missing = new(Probe);

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>Whether a missing server fails the tests that need one instead of skipping them.</summary>
    public static bool Required => Environment.GetEnvironmentVariable(RequiredVariable) == "1";

    /// <summary>Why the tests cannot use a server; null when they can.</summary>
    public static string? Unavailable => Missing.Value;

    /// <summary>A schema of its own for one test, dropped with everything in it on dispose.</summary>
    public static async Task<PostgresSchema> CreateSchemaAsync()
    {
        var name = NewSchemaName();
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return Schema(name);
    }

    /// <summary>The same, for a constructor.</summary>
    public static PostgresSchema CreateSchema()
    {
        var name = NewSchemaName();
        using (var connection = new NpgsqlConnection(ConnectionString))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE SCHEMA {name}", connection);
            command.ExecuteNonQuery();
        }

        return Schema(name);
    }

    private static string NewSchemaName() =>
        Unavailable is { } reason ? throw new InvalidOperationException(reason) : "t_" + Guid.NewGuid().ToString("N");

    private static PostgresSchema Schema(string name) =>
        new(name, new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = name }.ConnectionString);

    private static string? Probe()
    {
        if (ConnectionString is not { } connectionString)
        {
            return $"no PostgreSQL server: set {Variable} to an Npgsql connection string (.ci/run starts one)";
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            return $"{Variable} cannot be read: {ex.Message}";
        }

        try
        {
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 3, Pooling = false }.ConnectionString);
            connection.Open();
            return null;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            return $"PostgreSQL at {DatabaseOptions.Describe(builder)} did not answer: {ex.Message}";
        }
    }
}

/// <summary>One test's schema on the test server, with the connection string whose search path is it.</summary>
public sealed class PostgresSchema(string name, string connectionString) : IAsyncDisposable
{
    public string Name { get; } = name;

    public string ConnectionString { get; } = connectionString;

    /// <summary>Points a host's <paramref name="settings"/> at this schema.</summary>
    public Dictionary<string, string?> Into(Dictionary<string, string?> settings)
    {
        settings["Monitor:Database:Provider"] = "postgres";
        settings["Monitor:Database:ConnectionString"] = ConnectionString;
        return settings;
    }

    /// <summary>A connection of the test's own, for what it asserts on (unpooled: a test's schema is used once).</summary>
    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(PostgresServer.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {Name} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}
