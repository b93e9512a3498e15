using System.Data.Common;
using Dapper;

namespace CitationMonitor.Infrastructure.Persistence;

/// <summary>
/// One connection and, for writes, its transaction: what a store method works in, and what the writers of one check
/// share, so that neither is passed around on its own. Commands run in the transaction when there is one.
/// </summary>
internal sealed class UnitOfWork : IAsyncDisposable
{
    private readonly IDbConnectionFactory _connections;
    private readonly IDisposable? _writerTurn;

    private UnitOfWork(IDbConnectionFactory connections, DbConnection connection, DbTransaction? transaction, IDisposable? writerTurn = null)
    {
        _connections = connections;
        Connection = connection;
        Transaction = transaction;
        _writerTurn = writerTurn;
    }

    public DbConnection Connection { get; }

    /// <summary>How this unit's engine spells what engines spell differently.</summary>
    public ISqlDialect Dialect => _connections.Dialect;

    /// <summary>The transaction; null for a unit whose commands commit one by one.</summary>
    public DbTransaction? Transaction { get; }

    /// <summary>A unit without a transaction: each command commits on its own, for reads and single writes.</summary>
    public static async Task<UnitOfWork> ConnectAsync(IDbConnectionFactory connections, CancellationToken cancellationToken) =>
        new(connections, await connections.OpenAsync(cancellationToken), null);

    /// <summary>
    /// A unit in one transaction: everything in it is committed together by <see cref="CommitAsync"/>, or not at all. It
    /// begins in the process's turn to write (<see cref="IDbConnectionFactory.WriterTurnAsync"/>), held until it ends.
    /// </summary>
    public static async Task<UnitOfWork> BeginAsync(IDbConnectionFactory connections, CancellationToken cancellationToken)
    {
        var turn = await connections.WriterTurnAsync(cancellationToken);
        DbConnection? connection = null;
        try
        {
            connection = await connections.OpenAsync(cancellationToken);
            return new(connections, connection, await connection.BeginTransactionAsync(cancellationToken), turn);
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            turn?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs a statement; outside a transaction it commits at once, so it is written in the process's turn, as a
    /// transaction is (<see cref="IDbConnectionFactory.WriterTurnAsync"/>).
    /// </summary>
    public async Task<int> ExecuteAsync(string sql, object? parameters, CancellationToken cancellationToken)
    {
        if (Transaction is not null)
        {
            return await Connection.ExecuteAsync(Command(sql, parameters, cancellationToken));
        }

        using var turn = await _connections.WriterTurnAsync(cancellationToken);
        return await Connection.ExecuteAsync(Command(sql, parameters, cancellationToken));
    }

    // Reads. A write outside a transaction goes through ExecuteAsync, which takes the process's turn; one that returns
    // rows (INSERT … RETURNING) belongs in a transaction (BeginAsync).
    public Task<T?> ScalarAsync<T>(string sql, object? parameters, CancellationToken cancellationToken) =>
        Connection.ExecuteScalarAsync<T>(Command(sql, parameters, cancellationToken));

    public async Task<List<T>> QueryAsync<T>(string sql, object? parameters, CancellationToken cancellationToken) =>
        (await Connection.QueryAsync<T>(Command(sql, parameters, cancellationToken))).AsList();

    public Task<T?> SingleOrDefaultAsync<T>(string sql, object? parameters, CancellationToken cancellationToken) =>
        Connection.QuerySingleOrDefaultAsync<T>(Command(sql, parameters, cancellationToken));

    public Task<T> SingleAsync<T>(string sql, object? parameters, CancellationToken cancellationToken) =>
        Connection.QuerySingleAsync<T>(Command(sql, parameters, cancellationToken));

    public Task<DbDataReader> ReaderAsync(string sql, object? parameters, CancellationToken cancellationToken) =>
        Connection.ExecuteReaderAsync(Command(sql, parameters, cancellationToken));

    /// <summary>
    /// One page of a list: <c>SELECT <paramref name="columns"/> <paramref name="from"/> ORDER BY <paramref name="orderBy"/></c>
    /// with the page's limit and offset, and the total count of <paramref name="from"/>. <paramref name="from"/> holds the
    /// FROM clause, its joins and its WHERE clause, whose parameters are <paramref name="filter"/>'s. A join that only
    /// brings columns, and matches one row for each (a foreign key), can be left out of the count with
    /// <paramref name="countFrom"/>: counting thousands of rows then reads no other table.
    /// </summary>
    public async Task<Paged<T>> PageAsync<T>(
        string columns, string from, string orderBy, SqlFilter filter, PageRequest page, CancellationToken cancellationToken,
        string? countFrom = null)
    {
        var total = await ScalarAsync<int>($"SELECT COUNT(*) {countFrom ?? from} {filter}", filter.Parameters, cancellationToken);
        var parameters = new DynamicParameters(filter.Parameters);
        parameters.Add("pageLimit", page.PageSize);
        parameters.Add("pageOffset", page.Offset);
        var rows = await QueryAsync<T>(
            $"SELECT {columns} {from} {filter} ORDER BY {orderBy} LIMIT @pageLimit OFFSET @pageOffset", parameters, cancellationToken);
        return new Paged<T>(rows, page.Page, page.PageSize, total);
    }

    public Task CommitAsync(CancellationToken cancellationToken) =>
        Transaction?.CommitAsync(cancellationToken) ?? throw new InvalidOperationException("A unit without a transaction has nothing to commit.");

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Transaction is not null)
            {
                // Not committed: rolled back, so nothing of an interrupted unit is left behind.
                await Transaction.DisposeAsync();
            }
        }
        finally
        {
            try
            {
                await Connection.DisposeAsync();
            }
            finally
            {
                _writerTurn?.Dispose();
            }
        }
    }

    private CommandDefinition Command(string sql, object? parameters, CancellationToken cancellationToken) =>
        new(sql, parameters, Transaction, cancellationToken: cancellationToken);
}

/// <summary>Opening units of work from the connection seam.</summary>
internal static class UnitOfWorkExtensions
{
    /// <inheritdoc cref="UnitOfWork.ConnectAsync"/>
    public static Task<UnitOfWork> ConnectAsync(this IDbConnectionFactory connections, CancellationToken cancellationToken) =>
        UnitOfWork.ConnectAsync(connections, cancellationToken);

    /// <inheritdoc cref="UnitOfWork.BeginAsync"/>
    public static Task<UnitOfWork> BeginAsync(this IDbConnectionFactory connections, CancellationToken cancellationToken) =>
        UnitOfWork.BeginAsync(connections, cancellationToken);
}
