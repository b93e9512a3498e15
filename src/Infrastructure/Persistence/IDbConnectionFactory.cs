using System.Data.Common;

namespace CitationMonitor.Infrastructure.Persistence;

/// <summary>
/// The persistence seam: every store opens its connections here, one per unit of work.
/// Each engine is an implementation of this, with its own migrations and its <see cref="ISqlDialect"/>.
/// </summary>
public interface IDbConnectionFactory
{
    Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>How the engine behind these connections spells what engines spell differently.</summary>
    ISqlDialect Dialect { get; }

    /// <summary>
    /// This process's turn to write, taken before a write transaction begins and given back (disposed) when it ends; null
    /// when the engine needs none. An engine with one writer at a time makes its writers queue here, in turn, rather
    /// than wait on the database's lock.
    /// </summary>
    ValueTask<IDisposable?> WriterTurnAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IDisposable?>(null);

    /// <summary>
    /// Holds the lock named <paramref name="name"/> across every process on the database until disposed (a process that
    /// dies lets it go); null when the engine needs none, its one writer at a time keeping what runs under it apart.
    /// </summary>
    ValueTask<IAsyncDisposable?> HoldAsync(string name, CancellationToken cancellationToken) => ValueTask.FromResult<IAsyncDisposable?>(null);
}
