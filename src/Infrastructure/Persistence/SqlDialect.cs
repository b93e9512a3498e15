using System.Globalization;

namespace CitationMonitor.Infrastructure.Persistence;

/// <summary>The database engine the stores run on (<c>Monitor:Database:Provider</c>).</summary>
public enum DatabaseProvider
{
    /// <summary>One SQLite file (<c>Monitor:DatabasePath</c>): nothing to install, one machine.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database (<c>Monitor:Database:ConnectionString</c>): many workers on many machines.</summary>
    Postgres,
}

/// <summary>What a lock taken for the length of a transaction keeps to one writer at a time.</summary>
internal enum DbLock
{
    /// <summary>
    /// The snapshots' hash chain: a snapshot is inserted and sealed after the last sealed one, by one writer at a time.
    /// Taken before the unit's first write, so that no unit holding it waits on a row another unit holds while waiting
    /// for it.
    /// </summary>
    SnapshotChain,

    /// <summary>The bundled statement, loaded once into an empty database however many processes start together.</summary>
    Seed,
}

/// <summary>
/// The few spellings in which the stores' SQL differs between engines. Everything else the stores say is the SQL both
/// engines share; a store reaches its engine's spelling through <see cref="UnitOfWork.Dialect"/>.
/// </summary>
public interface ISqlDialect
{
    DatabaseProvider Provider { get; }

    /// <summary>
    /// <paramref name="expression"/> is one of the values of the list parameter <paramref name="parameter"/>, made by
    /// <see cref="Ids"/> or <see cref="Texts"/>: one bound value however long the list (a report of a document citing
    /// thousands of sources needs that), never one parameter per item.
    /// </summary>
    string InList(string expression, string parameter);

    /// <summary>A list of ids as the one parameter <see cref="InList"/> reads.</summary>
    object Ids(IEnumerable<long> ids);

    /// <summary>A list of strings as the one parameter <see cref="InList"/> reads.</summary>
    object Texts(IEnumerable<string> values);

    /// <summary>
    /// A table of rows sent as one JSON array of objects in <paramref name="parameter"/>, for <c>INSERT … SELECT</c>:
    /// a FROM item aliased <c>r</c> whose columns are the objects' members, named and typed as
    /// <paramref name="columns"/> (PostgreSQL type names; SQLite takes the JSON's own types).
    /// </summary>
    string JsonRows(string parameter, params (string Name, string Type)[] columns);

    /// <summary>Appended to a SELECT that is followed by a write of the rows it read: locks them until the transaction ends.</summary>
    string ForUpdate { get; }

    /// <summary>
    /// Appended to a SELECT that claims rows: locks the rows it returns and passes over those another transaction holds,
    /// so that many workers claiming at once each get rows of their own.
    /// </summary>
    string ForUpdateSkipLocked { get; }

    /// <summary>Takes <paramref name="what"/> until the unit's transaction ends; at once where the engine has one writer at a time.</summary>
    internal Task LockAsync(UnitOfWork work, DbLock what, CancellationToken cancellationToken);
}

/// <summary>SQLite: one writer at a time, lists as JSON arrays read by <c>json_each</c>.</summary>
internal sealed class SqliteDialect : ISqlDialect
{
    public static SqliteDialect Instance { get; } = new();

    public DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public string InList(string expression, string parameter) => $"{expression} IN (SELECT value FROM json_each({parameter}))";

    public object Ids(IEnumerable<long> ids) => "[" + string.Join(',', ids) + "]";

    public object Texts(IEnumerable<string> values) => System.Text.Json.JsonSerializer.Serialize(values);

    public string JsonRows(string parameter, params (string Name, string Type)[] columns) =>
        "(SELECT " + string.Join(", ", columns.Select(c => $"json_extract(value, '$.{c.Name}') AS {c.Name}")) +
        $" FROM json_each({parameter})) AS r";

    // A write transaction holds the database's one write lock: what it read stays as it read it.
    public string ForUpdate => "";

    public string ForUpdateSkipLocked => "";

    Task ISqlDialect.LockAsync(UnitOfWork work, DbLock what, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>PostgreSQL: many writers at once, lists as arrays, row locks and advisory locks.</summary>
internal sealed class PostgresDialect : ISqlDialect
{
    public static PostgresDialect Instance { get; } = new();

    public DatabaseProvider Provider => DatabaseProvider.Postgres;

    public string InList(string expression, string parameter) => $"{expression} = ANY({parameter})";

    public object Ids(IEnumerable<long> ids) => ids as long[] ?? [.. ids];

    public object Texts(IEnumerable<string> values) => values as string[] ?? [.. values];

    public string JsonRows(string parameter, params (string Name, string Type)[] columns) =>
        $"json_to_recordset(CAST({parameter} AS json)) AS r(" + string.Join(", ", columns.Select(c => $"{c.Name} {c.Type}")) + ")";

    public string ForUpdate => " FOR UPDATE";

    public string ForUpdateSkipLocked => " FOR UPDATE SKIP LOCKED";

    // An advisory lock of the transaction, keyed by the lock's name within the schema: databases (and the tests' schemas)
    // do not wait on one another.
    Task ISqlDialect.LockAsync(UnitOfWork work, DbLock what, CancellationToken cancellationToken) =>
        work.ScalarAsync<object>(
            "SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || @name, 0))",
            new { name = "/" + what.ToString().ToLower(CultureInfo.InvariantCulture) }, cancellationToken);
}
