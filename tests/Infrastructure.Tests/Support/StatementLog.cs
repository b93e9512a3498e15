using System.Collections.Concurrent;
using System.Data.Common;
using CitationMonitor.Infrastructure.Persistence;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SQLitePCL;

namespace CitationMonitor.Infrastructure.Tests.Support;

/// <summary>
/// The monitor's own connections, with every statement they run written down (SQLite's trace hook), so that a test can
/// ask SQLite how it runs the very SQL a store sent (<see cref="PlansAsync"/>), not a copy of it.
/// </summary>
internal sealed class StatementLog : IDbConnectionFactory
{
    private readonly IDbConnectionFactory _connections;
    private readonly ConcurrentQueue<string> _statements = new();

    // The hook is called from native code: the delegate must outlive every connection it is set on.
    private readonly delegate_trace _trace;

    private StatementLog(IDbConnectionFactory connections)
    {
        _connections = connections;
        _trace = (_, statement) => _statements.Enqueue(statement.utf8_to_string());
    }

    /// <summary>Makes the monitor's connection factory one that writes its statements down.</summary>
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<SqliteConnectionFactory>();
        services.AddSingleton<IDbConnectionFactory>(provider => new StatementLog(provider.GetRequiredService<SqliteConnectionFactory>()));
    }

    public ValueTask<IDisposable?> WriterTurnAsync(CancellationToken cancellationToken) => _connections.WriterTurnAsync(cancellationToken);

    public ISqlDialect Dialect => _connections.Dialect;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = (SqliteConnection)await _connections.OpenAsync(cancellationToken);
        raw.sqlite3_trace(connection.Handle, _trace, null);
        return connection;
    }

    /// <summary>Forgets what was run so far.</summary>
    public void Clear() => _statements.Clear();

    /// <summary>
    /// How SQLite runs each SELECT written down since the last <see cref="Clear"/>: its statement and the detail lines of
    /// <c>EXPLAIN QUERY PLAN</c> (parameters left unbound: a plan does not depend on their values here).
    /// </summary>
    public async Task<IReadOnlyList<(string Statement, IReadOnlyList<string> Plan)>> PlansAsync(string databasePath)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.OpenAsync();
        // The monitor's connections fold case with a LOWER of their own; SQLite's serves to plan.
        var plans = new List<(string, IReadOnlyList<string>)>();
        foreach (var statement in _statements.Where(s => s.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)))
        {
            var detail = (await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + statement))
                .Select(row => row.Detail).ToList();
            plans.Add((statement, detail));
        }

        return plans;
    }
}
